/**
 * One device's Web Push subscription (issue 24 item 4). `_id` is a digest of the endpoint, so a
 * device subscribing again replaces its entry instead of adding one; `sessionId` lets the sign-out
 * of that session remove it.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface PushSubscriptionDoc {
  _id: string;
  userId: string;
  sessionId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** The device as the user named it (or the browser's), for their own account screen. */
  userAgent: string | null;
  createdAt: Date;
}

const pushSubscriptionSchema = new Schema<PushSubscriptionDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    sessionId: { type: String, required: true },
    endpoint: { type: String, required: true, unique: true },
    keys: {
      p256dh: { type: String, required: true },
      auth: { type: String, required: true },
    },
    userAgent: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

// A user's devices (sending, removal at revocation); a session's device (removal at sign-out).
pushSubscriptionSchema.index({ userId: 1 });
pushSubscriptionSchema.index({ sessionId: 1 });
pushSubscriptionSchema.plugin(fencedWrites);
export const pushSubscriptionModel = (connection: Connection) =>
  modelOn(connection, 'PushSubscription', () =>
    connection.model<PushSubscriptionDoc>('PushSubscription', pushSubscriptionSchema, 'pushsubscriptions'),
  );
