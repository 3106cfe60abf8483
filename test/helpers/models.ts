/**
 * Every component's models on the store connection the test servers use, for tests and benchmarks
 * that write or read raw documents. A test server's instance registers the same models on the same
 * connection (server/instance.ts), so both see one store.
 */
import mongoose, { type Model } from 'mongoose';
import { storeModels } from '../../server/instance.js';

const models = storeModels(mongoose.connection);

export const { Alert, AlertView, IdempotencyRecord, AlertChange, Photo, PhotoThumb } = models.alerts;
export const { Contact } = models.directory;
export const { Agency, AuthToken, KnownDevice, LoginThrottle, UsedTotpCode, SessionModel, User } = models.identity;
export const { InboxItem, InboxRead, PushSubscription, PushVapidKeys } = models.notifications;
export const { AuditEvent, BackupRecord, Lease, Counter, DeploymentMark } = models.platform;
export const { SubjectRequest } = models.privacy;
export const { AccessRequest, StubReceipt, Watch } = models.search;

/** Every model of every component (what ensureIndexes makes the indexes of). */
export const allModels = (): Model<unknown>[] =>
  Object.values(models).flatMap((component) => Object.values(component as Record<string, Model<unknown>>));
