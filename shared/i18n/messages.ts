/** User-facing texts, Spanish first then English. Kept in code (not JSON) so keys are typed. */
import type { ErrorCode } from '../errors.js';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ERROR_MESSAGES: Record<ErrorCode, Record<Language, string>> = {
  invalid_json: { es: 'El cuerpo de la solicitud no es JSON válido.', en: 'The request body is not valid JSON.' },
  validation_failed: { es: 'Algunos datos no son válidos.', en: 'Some fields are not valid.' },
  invalid_credentials: { es: 'Correo o contraseña incorrectos.', en: 'Wrong email or password.' },
  invalid_code: { es: 'El código no es válido o ya fue usado.', en: 'The code is not valid or was already used.' },
  unauthenticated: { es: 'Inicie sesión para continuar.', en: 'Please sign in to continue.' },
  forbidden: { es: 'No tiene permiso para hacer esto.', en: 'You are not allowed to do this.' },
  csrf_failed: {
    es: 'La sesión de seguridad expiró; recargue la página e intente de nuevo.',
    en: 'The security token is missing or expired; reload the page and try again.',
  },
  mfa_required: {
    es: 'Debe activar el segundo factor de autenticación antes de continuar.',
    en: 'You must enable two-factor authentication before continuing.',
  },
  agency_inactive: {
    es: 'Su organismo está desactivado en Puente; consulte a la administración del sistema.',
    en: 'Your agency is deactivated in Puente; contact the system administrators.',
  },
  not_found: { es: 'No se encontró el recurso.', en: 'Not found.' },
  conflict: { es: 'Ya existe un registro con esos datos.', en: 'A record with those details already exists.' },
  version_conflict: {
    es: 'Otra persona modificó este registro; recárguelo y vuelva a aplicar sus cambios.',
    en: 'Someone else changed this record; reload it and apply your changes again.',
  },
  alert_full: {
    es: 'Esta alerta alcanzó el máximo de novedades que puede guardar; pida a la agencia de origen que la actualice o publique una nueva.',
    en: 'This alert holds as many updates as it can; ask the issuing agency to update it or post a new one.',
  },
  agency_share_full: {
    es: 'Su organismo ya usó su parte de novedades en esta alerta; todavía puede informar resultados (hits).',
    en: 'Your agency has used its share of updates on this alert; you can still report hits.',
  },
  alert_history_full: {
    es: 'El historial de esta alerta está completo: ya no admite cambios ni reactivaciones, solo cerrarla; publique una nueva si hace falta.',
    en: 'This alert’s history is full: it takes no more edits or reactivations, only closing it; post a new one if needed.',
  },
  alert_photos_full: {
    es: 'Esta alerta alcanzó el máximo de fotos que puede guardar.',
    en: 'This alert holds as many photos as it can.',
  },
  alert_purged: {
    es: 'Los datos personales de esta alerta fueron eliminados por plazo de conservación; ya no admite cambios.',
    en: 'This alert’s personal data was purged at the end of its retention period; it takes no more changes.',
  },
  image_too_large: {
    es: 'La imagen tiene demasiados píxeles (máximo 24 megapíxeles); redúzcala e intente de nuevo.',
    en: 'The image has too many pixels (at most 24 megapixels); reduce it and try again.',
  },
  payload_too_large: { es: 'La solicitud es demasiado grande.', en: 'The request is too large.' },
  unsupported_media_type: { es: 'Tipo de contenido no admitido.', en: 'Unsupported content type.' },
  account_locked: {
    es: 'La cuenta está bloqueada temporalmente por intentos fallidos.',
    en: 'The account is temporarily locked after failed attempts.',
  },
  rate_limited: { es: 'Demasiadas solicitudes; espere e intente de nuevo.', en: 'Too many requests; wait and try again.' },
  busy: {
    es: 'Ya hay una solicitud igual en curso; espere su respuesta.',
    en: 'The same request is already in progress; wait for its answer.',
  },
  too_many_connections: {
    es: 'Demasiadas conexiones abiertas; cierre otras pestañas o dispositivos.',
    en: 'Too many open connections; close other tabs or devices.',
  },
  internal: { es: 'Error interno. Intente de nuevo más tarde.', en: 'Internal error. Please try again later.' },
  unavailable: { es: 'El servicio no está disponible en este momento.', en: 'The service is unavailable right now.' },
  store_unavailable: {
    es: 'La base de datos no responde en este momento; no se guardó nada. Intente de nuevo en unos segundos.',
    en: 'The database is not answering right now; nothing was saved. Try again in a few seconds.',
  },
  search_preparing: {
    es: 'La búsqueda se está preparando tras un reinicio del servidor; intente de nuevo en unos segundos.',
    en: 'Search is getting ready after a server restart; try again in a few seconds.',
  },
  alerts_preparing: {
    es: 'La lista de alertas se está preparando tras un reinicio del servidor; intente de nuevo en unos segundos.',
    en: 'The alert list is getting ready after a server restart; try again in a few seconds.',
  },
};

/** Picks the best supported language from an Accept-Language header; Spanish by default. */
export function pickLanguage(acceptLanguage: string | undefined, preferred?: string): Language {
  if (preferred === 'es' || preferred === 'en') return preferred;
  if (!acceptLanguage) return 'es';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  const hit = ranked.find((r) => r.lang === 'es' || r.lang === 'en');
  return (hit?.lang as Language | undefined) ?? 'es';
}
