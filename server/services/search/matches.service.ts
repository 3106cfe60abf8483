/**
 * Matches: other alerts sharing a normalised document, phone or plate, or a close full name.
 * Found through the index; a value in too many alerts is not a link; restricted victim values
 * link only for those who may see them on both alerts.
 */
import { Alert, type AlertDoc } from '../../models/Alert.js';
import { AlertIndexKeys } from '../../models/SearchIndex.js';
import type { Actor } from '../../policies/actor.js';
import { canSeeAlert, canSeeRestricted, type Viewer } from '../../policies/alert.policy.js';
import { loadAlertFor } from '../alerts/alerts.service.js';
import { MAX_LINK_POSTINGS, readPostings } from './indexer.js';
import type { FieldClass } from './indexKeys.js';

const LINK_KINDS: Record<string, 'document' | 'phone' | 'plate' | 'name'> = { doc: 'document', phone: 'phone', plate: 'plate', fn: 'name' };

export interface AlertMatch {
  other: AlertDoc;
  on: 'document' | 'phone' | 'plate' | 'name';
  value: string;
  /** Field class of the value in this alert and in the other one. */
  ownClass: FieldClass;
  otherClass: FieldClass;
}

const isLinkKey = (k: string) => (k.split(':')[0] ?? '') in LINK_KINDS;

/** Matches of an alert through the given keys (all its link keys by default). */
export async function findMatches(alertId: string, onlyKeys?: string[]): Promise<AlertMatch[]> {
  const own = new Map(((await AlertIndexKeys.findById(alertId).lean())?.keys ?? []).map((e) => [e.k, e.f] as const));
  const keys = (onlyKeys ?? [...own.keys()]).filter(isLinkKey).filter((k) => own.has(k));
  const docs = await readPostings(keys);
  const byOther = new Map<string, { k: string; ownClass: FieldClass; otherClass: FieldClass }>();
  for (const [k, d] of docs) {
    if (d.common || d.postings.length > MAX_LINK_POSTINGS) continue;
    for (const p of d.postings) {
      if (p.a === alertId || byOther.has(p.a)) continue;
      byOther.set(p.a, { k, ownClass: own.get(k)!, otherClass: p.f });
    }
  }
  const others = await Promise.all([...byOther.keys()].map((id) => Alert.findById(id).lean<AlertDoc>()));
  return others
    .filter((o): o is AlertDoc => !!o)
    .map((other) => {
      const link = byOther.get(String(other._id))!;
      const [prefix = '', ...rest] = link.k.split(':');
      return { other, on: LINK_KINDS[prefix]!, value: rest.join(':'), ownClass: link.ownClass, otherClass: link.otherClass };
    });
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

/** GET /alerts/:id/matches — only alerts the caller may see. */
export async function listMatches(actor: Actor, alertId: string) {
  const alert = await loadAlertFor(actor, alertId, 'view');
  const matches = await findMatches(alertId);
  return { items: matches.filter((m) => canSeeMatch(actor, alert, m)).map(presentMatch) };
}
