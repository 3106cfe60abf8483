/**
^ * One item builder per cause of an inbox item. The component that makes the change announces it once
 * stored (`noteInboxCause`) and waits for the item: the item exists before anyone is told, so a
 * recipient signed out finds it later. `wireInboxCauses` listens for those announcements.
 */
import { OPERATIONAL_ROLES } from '../identity/index.js';
import { recordInboxItem, storeInboxItem } from './inbox.service.js';
import type { InboxCause } from '../platform/domainEvents.js';
import { recordCrossBorderMatches } from './matchItems.js';
import type { Instance } from '../platform/instance.js';

/** Each cause's item, by kind. */
const storeItemOf: { [K in InboxCause['kind']]: (instance: Instance, cause: Extract<InboxCause, { kind: K }>) => Promise<void> } = {
  /** A hit (sighting) reported on an alert: its agency's operational roles, not the reporter. */
  hit_reported: (instance, { alert, hit }) =>
    recordInboxItem(instance, {
      agencyId: alert.originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      actorId: hit.authorId,
      kind: 'alert_hit',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference, hitType: hit.hitType ?? null },
      dedupeKey: `hit:${hit.id}`,
    }),

  /** The origin acknowledged a hit: its reporter. */
  hit_acknowledged: (instance, { alert, hit, by }) =>
    recordInboxItem(instance, {
      userId: hit.authorId,
      actorId: by,
      kind: 'hit_acknowledged',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference, hitType: hit.hitType ?? null },
      dedupeKey: `ack:${hit.id}`,
    }),

  /** A user's watch matched an alert; `eventId` names the announcement (repeated: one item). A failure
   * rejects, so the match worker announces the change again. */
  watch_hit: (instance, { userId, alert, eventId }) =>
    storeInboxItem(instance, {
      userId,
      kind: 'watch_hit',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference },
      dedupeKey: eventId,
    }),

  /** A request to see an alert: the alert's agency decides (its operational roles). */
  access_requested: (instance, { request, originAgencyId, requesterId }) =>
    recordInboxItem(instance, {
      agencyId: originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      actorId: requesterId,
      kind: 'access_requested',
      subjectType: 'accessRequest',
      subjectId: request.id,
      data: {},
      dedupeKey: `accreq:${request.id}`,
    }),

  /** A decision on, or the end of, the requester's access (`status` tells which). */
  access_decided: (instance, { request, requesterId, by }) =>
    recordInboxItem(instance, {
      userId: requesterId,
      actorId: by,
      kind: 'access_decided',
      subjectType: 'accessRequest',
      subjectId: request.id,
      data: { status: request.status },
      dedupeKey: `accdec:${request.id}:${request.status}`,
    }),

  /** The requester's access ends within a day (the grant's expiry): once per grant and expiry. */
  access_lapsing: (instance, { requestId, requesterId, expiresAt }) =>
    recordInboxItem(instance, {
      userId: requesterId,
      actorId: null,
      kind: 'access_lapsing',
      subjectType: 'accessRequest',
      subjectId: requestId,
      data: {},
      dedupeKey: `acclapsing:${requestId}:${expiresAt.getTime()}`,
    }),

  /** An active alert's review date is near: its agency's operational roles, once per reminder. */
  review_due: (instance, { alert, day }) =>
    recordInboxItem(instance, {
      agencyId: alert.originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      kind: 'review_due',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference },
      dedupeKey: `review:${String(alert._id)}:${day}`,
    }),

  /** A closed alert's personal data is purged soon (120, 30, 7 days before): its agency's officers
   * and administrators, once per notice. */
  retention_due: (instance, { alert, daysBefore, purgeAt }) =>
    recordInboxItem(instance, {
      agencyId: alert.originAgencyId,
      roles: ['officer', 'agency_admin'],
      kind: 'retention_due',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference, purgeAt: purgeAt.toISOString(), daysBefore },
      dedupeKey: `retention:${String(alert._id)}:${purgeAt.getTime()}:${daysBefore}`,
    }),

  /** Roles given to a user wait for a system admin (any: they see every agency). */
  role_grant_pending: (instance, { userId, roles, by, at }) =>
    recordInboxItem(instance, {
      roles: ['system_admin'],
      actorId: by,
      kind: 'role_grant_pending',
      subjectType: 'user',
      subjectId: userId,
      data: { roles: [...roles] },
      dedupeKey: `grant:${userId}:${at.getTime()}`,
    }),

  /** A sign-in from a device the account had not used before: its owner. */
  new_device_sign_in: (instance, { userId, deviceKey }) =>
    recordInboxItem(instance, {
      userId,
      kind: 'new_device_sign_in',
      subjectType: 'user',
      subjectId: userId,
      data: {},
      dedupeKey: `device:${userId}:${deviceKey}`,
    }),

  /** New cross-border matches (matchItems.ts): each side's agency, in the roles that may see the link. */
  cross_border_matches: (instance, { alert, matches }) => recordCrossBorderMatches(instance, alert, matches),
};

/** Stores the item of `cause` (a failure rejects only for the causes that are retried). */
const storeItemsFor = <K extends InboxCause['kind']>(instance: Instance, cause: Extract<InboxCause, { kind: K }>): Promise<void> =>
  (storeItemOf[cause.kind] as (i: Instance, c: typeof cause) => Promise<void>)(instance, cause);

/** Stores the item of every cause announced in this process, until the returned function is called. */
export function wireInboxCauses(instance: Instance): () => void {
  const store = (cause: InboxCause) => storeItemsFor(instance, cause);
  instance.events.on('inbox.cause', store);
  return () => instance.events.off('inbox.cause', store);
}
