/**
^ * One item builder per cause of an inbox item. The component that makes the change announces it once
 * stored (`noteInboxCause`) and waits for the item: the item exists before anyone is told, so a
 * recipient signed out finds it later. `wireInboxCauses` listens for those announcements.
 */
import { OPERATIONAL_ROLES } from '../identity/index.js';
import { recordInboxItem, storeInboxItem } from './inbox.service.js';
import { domainEvents, type InboxCause } from '../platform/domainEvents.js';
import { recordCrossBorderMatches } from './matchItems.js';

/** Each cause's item, by kind. */
const storeItemOf: { [K in InboxCause['kind']]: (cause: Extract<InboxCause, { kind: K }>) => Promise<void> } = {
  /** A hit (sighting) reported on an alert: its agency's operational roles, not the reporter. */
  hit_reported: ({ alert, hit }) =>
    recordInboxItem({
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
  hit_acknowledged: ({ alert, hit, by }) =>
    recordInboxItem({
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
  watch_hit: ({ userId, alert, eventId }) =>
    storeInboxItem({
      userId,
      kind: 'watch_hit',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference },
      dedupeKey: eventId,
    }),

  /** A request to see an alert: the alert's agency decides (its operational roles). */
  access_requested: ({ request, originAgencyId, requesterId }) =>
    recordInboxItem({
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
  access_decided: ({ request, requesterId, by }) =>
    recordInboxItem({
      userId: requesterId,
      actorId: by,
      kind: 'access_decided',
      subjectType: 'accessRequest',
      subjectId: request.id,
      data: { status: request.status },
      dedupeKey: `accdec:${request.id}:${request.status}`,
    }),

  /** The requester's access ends within a day (the grant's expiry): once per grant and expiry. */
  access_lapsing: ({ requestId, requesterId, expiresAt }) =>
    recordInboxItem({
      userId: requesterId,
      actorId: null,
      kind: 'access_lapsing',
      subjectType: 'accessRequest',
      subjectId: requestId,
      data: {},
      dedupeKey: `acclapsing:${requestId}:${expiresAt.getTime()}`,
    }),

  /** An active alert's review date is near: its agency's operational roles, once per reminder. */
  review_due: ({ alert, day }) =>
    recordInboxItem({
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
  retention_due: ({ alert, daysBefore, purgeAt }) =>
    recordInboxItem({
      agencyId: alert.originAgencyId,
      roles: ['officer', 'agency_admin'],
      kind: 'retention_due',
      subjectType: 'alert',
      subjectId: String(alert._id),
      data: { reference: alert.reference, purgeAt: purgeAt.toISOString(), daysBefore },
      dedupeKey: `retention:${String(alert._id)}:${purgeAt.getTime()}:${daysBefore}`,
    }),

  /** Roles given to a user wait for a system admin (any: they see every agency). */
  role_grant_pending: ({ userId, roles, by, at }) =>
    recordInboxItem({
      roles: ['system_admin'],
      actorId: by,
      kind: 'role_grant_pending',
      subjectType: 'user',
      subjectId: userId,
      data: { roles: [...roles] },
      dedupeKey: `grant:${userId}:${at.getTime()}`,
    }),

  /** A sign-in from a device the account had not used before: its owner. */
  new_device_sign_in: ({ userId, deviceKey }) =>
    recordInboxItem({
      userId,
      kind: 'new_device_sign_in',
      subjectType: 'user',
      subjectId: userId,
      data: {},
      dedupeKey: `device:${userId}:${deviceKey}`,
    }),

  /** New cross-border matches (matchItems.ts): each side's agency, in the roles that may see the link. */
  cross_border_matches: ({ alert, matches }) => recordCrossBorderMatches(alert, matches),
};

/** Stores the item of `cause` (a failure rejects only for the causes that are retried). */
const storeItemsFor = <K extends InboxCause['kind']>(cause: Extract<InboxCause, { kind: K }>): Promise<void> =>
  (storeItemOf[cause.kind] as (c: typeof cause) => Promise<void>)(cause);

/** Stores the item of every cause announced in this process, until the returned function is called. */
export function wireInboxCauses(): () => void {
  domainEvents.on('inbox.cause', storeItemsFor);
  return () => domainEvents.off('inbox.cause', storeItemsFor);
}
