/** Live notices the shell shows on every screen (watch hits, access requests and decisions); kept small: it loads with the entry. */
import { defineMessages } from './define.js';

export const notices = defineMessages({
  es: {
    soundBlocked: 'Active el sonido para las alertas urgentes',
    soundEnable: 'Activar sonido',
    region: 'Avisos',
    watchHit: 'Vigilancia: {reference} — {title}',
    accessRequest: 'Nueva solicitud de acceso a {reference} de {agency}',
    accessGranted: 'Le concedieron acceso a {reference}',
    accessRefused: 'Rechazaron su solicitud de acceso a {reference}',
    accessEnded: 'Terminó su acceso a {reference}',
    openAlert: 'Abrir la alerta',
    openRequests: 'Ver solicitudes',
    dismiss: 'Descartar',
    searchBadge: '{count} solicitudes de acceso pendientes',
    protectedChecked: 'Su persona protegida ({reference}) fue consultada por {agency} en {place} a las {time}',
    protectedCheckedNoPlace: 'Su persona protegida ({reference}) fue consultada por {agency} a las {time}',
  },
  en: {
    soundBlocked: 'Turn on sound for urgent alerts',
    soundEnable: 'Turn sound on',
    region: 'Notices',
    watchHit: 'Watch: {reference} — {title}',
    accessRequest: 'New access request for {reference} from {agency}',
    accessGranted: 'You were granted access to {reference}',
    accessRefused: 'Your access request for {reference} was refused',
    accessEnded: 'Your access to {reference} ended',
    openAlert: 'Open the alert',
    openRequests: 'See requests',
    dismiss: 'Dismiss',
    searchBadge: '{count} pending access requests',
    protectedChecked: 'Your protected person ({reference}) was checked by {agency} at {place} at {time}',
    protectedCheckedNoPlace: 'Your protected person ({reference}) was checked by {agency} at {time}',
  },
});
