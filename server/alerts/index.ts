/**
 * The alerts component's public surface: other components and the composition root import only this file.
 * Case alerts: posting, reading, editing, updates and hits, photos, the change log and the in-process copy.
 */
export { canSeeAlert, canSeeRestricted, isPurged, type Viewer } from './alert.policy.js';
export { presentAlert, presentAlertSummary, type AlertDto, type AlertSummaryDto } from './alert.presenter.js';
export { restrictedSubjectsOf, usableSubjects } from './restrictedSubjects.js';
export type { AlertDoc, AlertSubject, AlertUpdateEntry } from './Alert.js';
export { alertsModels, type AlertsModels } from './models.js';
export { alertFactsBetween, factsOf, factsToKeep, type AlertFacts } from './alertFacts.js';
export { registerAlertHandlers } from './alertHandlers.js';
export { alertKeys, type AlertKeys } from './alertKeys.js';
export { mutateAlert } from './alertMutation.js';
export { audienceOf, countriesOfNamedAgencies, wireAlertPublisher, type AgencyCountries } from './alertPublisher.js';
export { alertReferences, loadAlertFor, readAlertToShow } from './alertReads.js';
export { expireOverdueAlerts, remindUpcomingReviews } from './alertReview.service.js';
export { runRetention } from './retention/retention.service.js';
export { configureRetention } from './retention/retentionRule.js';
export { alertsRoutes } from './alerts.routes.js';
export { eraseFromAlert, rectifyAlertSubject, type AlertErasure, type SubjectRequestRef } from './subjectRequestChanges.js';
export { subjectIdOf } from './subjectLinks.js';
export { listAlertViews, recordAlertView } from './alertViews.js';
export { createAlert, finishChange } from './alerts.service.js';
export type { AlertChangeDoc } from './changeLog/AlertChange.js';
export { createAlertChangeLog, includesChange, type AlertChangeLog } from './changeLog/alertChanges.js';
export { AlertCopy } from './copy/alertCopy.js';
export { startAlertCopyRepair } from './copy/alertCopyRepair.js';
export type { AlertHead } from './copy/alertHead.js';
export { syncCopyOrRefuse } from './copy/copyReady.js';
export { LINK_KINDS, documentKeys, isLinkKey, key, keysOfAlert, linkKeysOfAlert, type FieldClass } from './copy/indexKeys.js';
export { linkDigest } from './copy/linkDigests.js';
export { loadProgressFigures, loadProgressLine } from './copy/loadProgress.js';
export { firstFeed } from './firstFeed.js';
export { purgeIdempotencyRecords } from './idempotency.js';
export { normalizeAlertContent } from './normalize.js';
export { photoBytesFor } from './photos/photos.service.js';
export { sweepOrphanedPhotos } from './photos/photoSweep.js';
export { formatReference, raiseReferenceHint, ReferenceClaims, referenceNumber } from './references.js';
