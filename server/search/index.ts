/**
 * The search component's public surface: other components and the composition root import only this file.
 * Search across both countries, matches between alerts, watches, access requests and protected hits.
 */
export { accessRequestsRoutes, watchesRoutes } from './access/access.routes.js';
export { accessGrantLapseJob } from './access/accessGrantLapse.js';
export type { AccessRequestDoc } from './access/AccessRequest.js';
export { searchModels, type SearchModels } from './models.js';
export { accessRequestsByIds, grantedRequestsByCountry } from './access/accessRequestReads.js';
export type { AccessRequestDto } from './access/accessRequests.service.js';
export { noticeGrantsLapsingSoon } from './access/grantsLapsingSoon.js';
export { purgeExpiredStubReceipts } from './access/stubReceipts.js';
export { canSeeMatch, visibleMatchesOf, type AlertMatch } from './matches.service.js';
export { matchWorkerResets, startMatchWorker } from './matchWorker.js';
export { alertMatchesRoutes, searchRoutes } from './search.routes.js';
export { wireSearchPublisher } from './searchPublisher.js';
export { ownWatchesMatching } from './watches/watches.service.js';
