/** Durations in milliseconds, for dates computed by server and client alike. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** Each country's civil time zone (Argentina keeps one time across provinces). */
export const COUNTRY_ZONES = { AR: 'America/Argentina/Cordoba', PY: 'America/Asuncion' } as const;
