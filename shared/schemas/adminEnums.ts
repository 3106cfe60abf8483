/** The roles and agency kinds of PRODUCT.md, without zod, so the browser client can import them cheaply. */
/**
 * `statistics`: the binational commission's read-only seat (issue 29). It sees the statistics page
 * and endpoint and nothing else (server/api.ts confines it), is held alone, and only a system admin
 * grants it.
 */
export const ROLES = ['officer', 'prosecutor', 'agency_admin', 'system_admin', 'statistics'] as const;
export const AGENCY_KINDS = [
  'police',
  'gendarmerie',
  'prefecture',
  'federal_police',
  'prosecutor',
  'judiciary',
  'migration',
  'victim_services',
  'other',
] as const;

/** The roles that post alerts (the server's alert policy and the screens that offer "Nueva alerta"). */
export const ALERT_POSTING_ROLES = ['officer', 'prosecutor'] as const;
