/**
 * Every component's models on the test store's connection (storeInstance), for tests and benchmarks
 * that write or read raw documents: the same database as the test servers', through a connection of
 * the test's own.
 */
import type { Model } from 'mongoose';
import { storeInstance } from './instance.js';

const { models } = storeInstance();

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
