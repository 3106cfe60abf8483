/**
 * One function per cause of an inbox item, called by the service that makes the change once it is
 * stored: the item exists before anyone is told, so a recipient signed out finds it later.
 */
import type { AccessRequestDto } from '../../../shared/dto/access.js';
import type { Role } from '../../../shared/schemas/common.js';
import type { AlertDoc, AlertUpdateEntry } from '../../models/Alert.js';
import { recordInboxItem, storeInboxItem } from './inbox.service.js';

/** The roles that act on an agency's alerts (alert.policy.ts `operational`). */
export const OPERATIONAL_ROLES: readonly Role[] = ['officer', 'prosecutor', 'agency_admin'];

/** A hit (sighting) reported on an alert: its agency's operational roles, not the reporter. */
export const recordHitReported = (alert: AlertDoc, hit: AlertUpdateEntry) =>
  recordInboxItem({
    agencyId: alert.originAgencyId,
    roles: [...OPERATIONAL_ROLES],
    actorId: hit.authorId,
    kind: 'alert_hit',
    subjectType: 'alert',
    subjectId: String(alert._id),
    data: { reference: alert.reference, hitType: hit.hitType ?? null },
    dedupeKey: `hit:${hit.id}`,
  });

/** The origin acknowledged a hit: its reporter. */
export const recordHitAcknowledged = (alert: AlertDoc, hit: AlertUpdateEntry, by: string) =>
  recordInboxItem({
    userId: hit.authorId,
    actorId: by,
    kind: 'hit_acknowledged',
    subjectType: 'alert',
    subjectId: String(alert._id),
    data: { reference: alert.reference, hitType: hit.hitType ?? null },
    dedupeKey: `ack:${hit.id}`,
  });

/** A user's watch matched an alert; `eventId` names the announcement (repeated: one item). A failure
 * rejects, so the match worker announces the change again. */
export const recordWatchHit = (userId: string, alert: AlertDoc, eventId: string) =>
  storeInboxItem({
    userId,
    kind: 'watch_hit',
    subjectType: 'alert',
    subjectId: String(alert._id),
    data: { reference: alert.reference },
    dedupeKey: eventId,
  });

/** A request to see an alert: the alert's agency decides (its operational roles). */
export const recordAccessRequested = (request: AccessRequestDto, originAgencyId: string, requesterId: string) =>
  recordInboxItem({
    agencyId: originAgencyId,
    roles: [...OPERATIONAL_ROLES],
    actorId: requesterId,
    kind: 'access_requested',
    subjectType: 'accessRequest',
    subjectId: request.id,
    data: {},
    dedupeKey: `accreq:${request.id}`,
  });

/** A decision on, or the end of, the requester's access (`status` tells which). */
export const recordAccessDecided = (request: AccessRequestDto, requesterId: string, by: string) =>
  recordInboxItem({
    userId: requesterId,
    actorId: by,
    kind: 'access_decided',
    subjectType: 'accessRequest',
    subjectId: request.id,
    data: { status: request.status },
    dedupeKey: `accdec:${request.id}:${request.status}`,
  });

/** The requester's access ends within a day (the grant's expiry): once per grant and expiry. */
export const recordAccessLapsing = (requestId: string, requesterId: string, expiresAt: Date) =>
  recordInboxItem({
    userId: requesterId,
    actorId: null,
    kind: 'access_lapsing',
    subjectType: 'accessRequest',
    subjectId: requestId,
    data: {},
    dedupeKey: `acclapsing:${requestId}:${expiresAt.getTime()}`,
  });

/** An active alert's review date is near: its agency's operational roles, once per reminder. */
export const recordReviewDue = (alert: AlertDoc, day: string) =>
  recordInboxItem({
    agencyId: alert.originAgencyId,
    roles: [...OPERATIONAL_ROLES],
    kind: 'review_due',
    subjectType: 'alert',
    subjectId: String(alert._id),
    data: { reference: alert.reference },
    dedupeKey: `review:${String(alert._id)}:${day}`,
  });

/** Roles given to a user wait for a system admin (any: they see every agency). */
export const recordRoleGrantPending = (userId: string, roles: readonly Role[], by: string, at: Date) =>
  recordInboxItem({
    roles: ['system_admin'],
    actorId: by,
    kind: 'role_grant_pending',
    subjectType: 'user',
    subjectId: userId,
    data: { roles: [...roles] },
    dedupeKey: `grant:${userId}:${at.getTime()}`,
  });

/** A sign-in from a device the account had not used before: its owner. */
export const recordNewDeviceSignIn = (userId: string, deviceKey: string) =>
  recordInboxItem({
    userId,
    kind: 'new_device_sign_in',
    subjectType: 'user',
    subjectId: userId,
    data: {},
    dedupeKey: `device:${userId}:${deviceKey}`,
  });
