/**
 * Typed client dictionaries, one file per screen group so each loads with its screens and
 * parallel work touches different files. Spanish is the reference: English must have exactly
 * the same keys (a compile error otherwise, and test/unit/i18nDictionaries.test.ts at run time).
 * Placeholders are written {name} and filled by the client's translator.
 */
export type Language = 'es' | 'en';

export interface Dictionary<K extends string = string> {
  es: Record<K, string>;
  en: Record<K, string>;
}

export function defineMessages<const E extends Record<string, string>>(d: {
  es: E;
  en: { [K in keyof E]: string };
}): Dictionary<keyof E & string> {
  return d;
}

/** Replaces {name} placeholders with values; unknown placeholders are left visible. */
export function fillPlaceholders(template: string, values?: Record<string, string | number>): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
