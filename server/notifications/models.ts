/** The notifications component's models (inbox items, reads and Web Push records) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { inboxItemModel } from './InboxItem.js';
import { inboxReadModel } from './InboxRead.js';
import { pushSubscriptionModel } from './push/PushSubscription.js';
import { pushVapidKeysModel } from './push/PushVapidKeys.js';

export function notificationsModels(connection: Connection) {
  return {
    InboxItem: inboxItemModel(connection),
    InboxRead: inboxReadModel(connection),
    PushSubscription: pushSubscriptionModel(connection),
    PushVapidKeys: pushVapidKeysModel(connection),
  };
}
export type NotificationsModels = ReturnType<typeof notificationsModels>;
