/** Retention of closed alerts' personal data (docs/security.md "Retention"): the notice on an alert nearing its purge, the extension, and the note a purged alert carries. */
import { defineMessages } from './define.js';

export const retention = defineMessages({
  es: {
    heading: 'Conservación de datos personales',
    nearing: 'Los datos personales de esta alerta se eliminarán el {date} por plazo de conservación.',
    nearingHelp: 'Su organismo puede extender la conservación indicando el motivo; la extensión queda registrada en la auditoría.',
    extend: 'Extender conservación',
    reason: 'Motivo de la extensión',
    years: 'Extender por',
    yearsOption: '{n} año(s)',
    confirm: 'Confirmar extensión',
    cancel: 'Cancelar',
    extended: 'Conservación extendida hasta el {date}.',
    purgedNote: 'Datos personales eliminados por plazo de conservación ({date})',
    dueHeading: 'Datos personales por eliminar',
    dueNone: 'Ninguna alerta cerrada de su organismo está a menos de 120 días de eliminar sus datos personales.',
    dueOn: 'Se eliminan el {date}',
  },
  en: {
    heading: 'Retention of personal data',
    nearing: 'This alert’s personal data will be purged on {date} at the end of its retention period.',
    nearingHelp: 'Your agency can extend retention by giving a reason; the extension is recorded in the audit trail.',
    extend: 'Extend retention',
    reason: 'Reason for the extension',
    years: 'Extend by',
    yearsOption: '{n} year(s)',
    confirm: 'Confirm extension',
    cancel: 'Cancel',
    extended: 'Retention extended until {date}.',
    purgedNote: 'Personal data purged at the end of the retention period ({date})',
    dueHeading: 'Personal data to be purged',
    dueNone: 'No closed alert of your agency has its personal data purged within 120 days.',
    dueOn: 'Purged on {date}',
  },
});
