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

/** "06/12/2026 14:05": a moment in `zone`, day first, on the 24-hour clock (files: CSV, the case file's PDF). */
export function localDateTime(iso: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('es-AR', {
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}
