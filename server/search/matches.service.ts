/**
 * Matches: other alerts sharing a normalised document, phone or plate, or a close full name.
 * Found through the in-process alert copy's postings (the one index behind search, matches and
 * watches); a value in too many alerts is not a link; restricted victim values link only for those
 * who may see them on both alerts.
 */
import {
  canSeeAlert,
  canSeeRestricted,
  isLinkKey,
  keysOfAlert,
  LINK_KINDS,
  loadAlertFor,
  syncCopyOrRefuse,
  type AlertDoc,
  type FieldClass,
  type Viewer,
} from '../alerts/index.js';
import type { AlertKind } from '../../shared/dto/alert.js';
import type { Actor } from '../platform/actor.js';
import { recordStubReceipts } from './access/stubReceipts.js';
import type { Instance } from '../platform/instance.js';

/** Values in more alerts than this are not treated as links between alerts. */
export const MAX_LINK_POSTINGS = 50;

export interface AlertMatch {
  other: AlertDoc;
  on: 'document' | 'phone' | 'plate' | 'name';
  value: string;
  /** Field class of the value in this alert and in the other one. */
  ownClass: FieldClass;
  otherClass: FieldClass;
}

/**
 * Matches of an alert through the given link keys (all of them by default), read from the copy
 * (the caller has synced it). `ownKeys`: the alert's keys when already computed.
 */
export function findMatches(instance: Instance, alert: AlertDoc, onlyKeys?: string[], ownKeys = keysOfAlert(alert)): AlertMatch[] {
  const alertId = String(alert._id);
  const keys = (onlyKeys ?? [...ownKeys.keys()]).filter(isLinkKey).filter((k) => ownKeys.has(k));
  const found = new Map<string, AlertMatch>();
  for (const k of keys) {
    const holders = instance.alertCopy.holders(k);
    if (holders.size > MAX_LINK_POSTINGS) continue;
    for (const [otherId, otherClass] of holders) {
      if (otherId === alertId || found.has(otherId)) continue;
      const other = instance.alertCopy.get(otherId);
      if (!other) continue;
      const colon = k.indexOf(':');
      found.set(otherId, { other, on: LINK_KINDS[k.slice(0, colon)]!, value: k.slice(colon + 1), ownClass: ownKeys.get(k)!, otherClass });
    }
  }
  return [...found.values()];
}

/** Whether a viewer may learn of this match (sees both alerts, and any victim value on both sides). */
export function canSeeMatch(v: Viewer, alert: AlertDoc, m: AlertMatch): boolean {
  if (!canSeeAlert(v, alert) || !canSeeAlert(v, m.other)) return false;
  if (m.ownClass === 'v' && !canSeeRestricted(v, alert)) return false;
  if (m.otherClass === 'v' && !canSeeRestricted(v, m.other)) return false;
  return true;
}

export function presentMatch(m: AlertMatch) {
  return { alertId: String(m.other._id), reference: m.other.reference, on: m.on, value: m.on === 'name' ? null : m.value };
}

/**
 * Whether a viewer who may not see the other alert may learn that it exists, as a hit/no-hit stub
 * (as an identifier search would tell them): the link is a document, phone or plate they can see on
 * their own alert, and on the other side it is not a restricted victim's identity.
 */
export function canSeeMatchStub(v: Viewer, alert: AlertDoc, m: AlertMatch): boolean {
  if (m.on === 'name' || canSeeAlert(v, m.other) || !canSeeAlert(v, alert)) return false;
  if (m.ownClass === 'v' && !canSeeRestricted(v, alert)) return false;
  return m.otherClass === 'o';
}

export function presentMatchStub(m: AlertMatch) {
  return {
    ...presentMatch(m),
    restricted: true as const,
    kind: m.other.kind,
    originAgencyId: m.other.originAgencyId,
    status: m.other.status,
  };
}

/**
 * GET /alerts/:id/matches — matches with alerts the caller may see, and stubs of those it may not
 * (canSeeMatchStub), which an access request may then name (stub receipts, as from search).
 */
export async function listMatches(instance: Instance, actor: Actor, alertId: string) {
  const alert = await loadAlertFor(instance, actor, alertId, 'view');
  await syncCopyOrRefuse(instance);
  const matches = findMatches(instance, alert);
  const stubs = matches.filter((m) => canSeeMatchStub(actor, alert, m));
  await recordStubReceipts(
    instance,
    actor.id,
    stubs.map((m) => String(m.other._id)),
  );
  return { items: [...matches.filter((m) => canSeeMatch(actor, alert, m)).map(presentMatch), ...stubs.map(presentMatchStub)] };
}

/**
 * The matches of an alert the viewer may see (canSeeMatch), with what the viewer may read of the
 * other alert anyway (kind, status, issuing agency): the case file's list. No stubs: a court file
 * lists what the prosecutor can open, and a stub is only a pointer to ask for access.
 */
export async function visibleMatchesOf(instance: Instance, v: Viewer, alert: AlertDoc) {
  await syncCopyOrRefuse(instance);
  return findMatches(instance, alert)
    .filter((m) => canSeeMatch(v, alert, m))
    .map((m) => ({
      ...presentMatch(m),
      kind: m.other.kind as AlertKind,
      status: m.other.status,
      originAgencyId: m.other.originAgencyId,
    }))
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
}
