/** The roles and agency kinds of PRODUCT.md, without zod, so the browser client can import them cheaply. */
export const ROLES = ['officer', 'prosecutor', 'agency_admin', 'system_admin'] as const;
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
