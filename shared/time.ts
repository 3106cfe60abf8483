/** Durations in milliseconds, for dates computed by server and client alike. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Each country's civil time zone (Argentina keeps one time across provinces). */
export const COUNTRY_ZONES = { AR: 'America/Argentina/Cordoba', PY: 'America/Asuncion' } as const;

/** The zones both countries use, named as people say them (never an IANA id on a screen or in a file). */
const ZONE_NAMES: Readonly<Record<string, Readonly<Record<'es' | 'en', string>>>> = {
  'America/Argentina/Cordoba': { es: 'Hora de Argentina', en: 'Argentina time' },
  'America/Argentina/Buenos_Aires': { es: 'Hora de Argentina (Buenos Aires)', en: 'Argentina time (Buenos Aires)' },
  'America/Asuncion': { es: 'Hora de Paraguay', en: 'Paraguay time' },
  UTC: { es: 'Hora universal (UTC)', en: 'Universal time (UTC)' },
};

/** A time zone in words ("Hora de Paraguay"): the table above, else Intl's long name and the city. */
export function zoneName(zone: string, lang: 'es' | 'en'): string {
  const known = ZONE_NAMES[zone]?.[lang];
  if (known) return known;
  const locale = lang === 'es' ? 'es-AR' : 'en-GB';
  let long = zone;
  try {
    long =
      new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    // An unknown zone keeps its city below.
  }
  const city = zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
  return `${long.charAt(0).toUpperCase()}${long.slice(1)} (${city})`;
}
