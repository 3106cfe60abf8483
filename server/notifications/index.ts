/**
 * The notifications component's public surface: other components and the composition root import only this file.
 * The inbox, its live delivery, and Web Push.
 */
export { inboxRoutes } from './inbox.routes.js';
export type { InboxItemDoc } from './InboxItem.js';
export { notificationsModels, type NotificationsModels } from './models.js';
export { wireInboxListeners } from './inboxListeners.js';
export { crossBorderMatchPairs } from './matchCounts.js';
export { wireInboxPublisher } from './inboxPublisher.js';
export { pushRoutes, type PushRouteSettings } from './push/push.routes.js';
export { wirePushPublisher, type PushPublisher } from './push/pushPublisher.js';
export { createPushSender } from './push/pushSender.js';
export { resolveVapidKeys } from './push/vapidKeys.js';
