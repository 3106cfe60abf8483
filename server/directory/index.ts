/**
 * The directory component's public surface: other components and the composition root import only this file.
 * The contact directory of the agencies.
 */
export { directoryModels, type DirectoryModels } from './models.js';
export { contactNames, contactsForReview, type ContactForReview } from './contactReads.js';
export { contactsRoutes } from './contacts.routes.js';
export { createContact } from './contacts.service.js';
export { neutralizeCell } from './csv.js';
export { agencyDutyLine } from './dutyLine.js';
export { remindStaleContacts } from './staleReminders.js';
