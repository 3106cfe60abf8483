/** Texts of push notifications (server side), Spanish first then English. No personal data goes in them. */
import type { Language } from './messages.js';

export const PUSH_TEXTS: Record<Language, Record<string, string>> = {
  es: {
    urgent_alert: 'Alerta urgente',
    alert_hit: 'Nuevo resultado en una alerta de su organismo',
    watch_hit: 'Coincidencia con una de sus vigilancias',
    access_granted: 'Acceso concedido',
    access_refused: 'Acceso denegado',
    access_revoked: 'Acceso revocado',
    access_lapsed: 'Acceso vencido',
    access_pending: 'Solicitud de acceso',
    open: 'abrir Puente',
  },
  en: {
    urgent_alert: 'Urgent alert',
    alert_hit: 'New hit on an alert of your agency',
    watch_hit: 'A match for one of your watches',
    access_granted: 'Access granted',
    access_refused: 'Access refused',
    access_revoked: 'Access revoked',
    access_lapsed: 'Access lapsed',
    access_pending: 'Access request',
    open: 'open Puente',
  },
};
