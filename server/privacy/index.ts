/**
 * The privacy component's public surface: other components and the composition root import only this file.
 * Data-subject requests (docs/data-subject-requests.md): finding, exporting, rectifying and erasing
 * what Puente holds on a person, with a second system administrator's approval.
 */
export { privacyModels, type PrivacyModels } from './models.js';
export { subjectRequestsRoutes } from './subjectRequests.routes.js';
