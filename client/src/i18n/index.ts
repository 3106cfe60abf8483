/** The viewer's language (Spanish first), remembered on the device, and typed translators. */
import { signal } from '@preact/signals';
import { fillPlaceholders, type Dictionary, type Language } from '../../../shared/i18n/client/define.js';

const STORAGE_KEY = 'puente.language';

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'es' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export const language = signal<Language>(initialLanguage());
document.documentElement.lang = language.value;

/** Switches the language at once on every screen and remembers it (a preference, not personal data). */
export function setLanguage(next: Language): void {
  language.value = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export type Translate<K extends string> = (key: K, values?: Record<string, string | number>) => string;

/** A translator for one dictionary; calling it while rendering re-renders on a language switch. */
export function translator<K extends string>(dict: Dictionary<K>): Translate<K> {
  return (key, values) => fillPlaceholders(dict[language.value][key], values);
}

/** Bases of the dictionary's plural pairs: `subjects` when both `subjects_one` and `subjects_other` exist. */
export type PluralBase<K extends string, All extends string = K> = K extends `${infer B}_other`
  ? `${B}_one` extends All
    ? B
    : never
  : never;

/**
 * A translator for counted phrases ("1 persona", "2 personas"): Intl.PluralRules of the language
 * picks `<base>_one` or `<base>_other` (Spanish "many", for millions, reads as "other"); `{count}` is filled.
 */
export function pluralTranslator<K extends string>(dict: Dictionary<K>) {
  return (base: PluralBase<K>, count: number, values?: Record<string, string | number>): string => {
    const category = new Intl.PluralRules(language.value).select(count);
    const key = `${base}_${category === 'one' ? 'one' : 'other'}` as K;
    return fillPlaceholders(dict[language.value][key], { count, ...values });
  };
}
