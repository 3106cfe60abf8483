/** Watches (API.md "Watches"): a new or changed alert the user may see that matches one of
 * their watches is pushed to them as `watch:hit`. */
import {
  detectQuery,
  foldName,
  normalizeDocument,
  normalizePlate,
  phoneSearchKeys,
  tokenize,
  phoneticKey,
} from '../../../shared/identifiers/index.js';
import { DomainError } from '../../platform/errors.js';
import {
  canSeeAlert,
  canSeeRestricted,
  key,
  keysOfAlert,
  usableSubjects,
  type AlertDoc,
  type FieldClass,
  type Viewer,
} from '../../alerts/index.js';
import { agencyFields, usersByIds } from '../../identity/index.js';
import { type WatchDoc } from './Watch.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { allSucceeded } from '../../platform/domainEvents.js';
import type { Instance } from '../../platform/instance.js';

const MAX_WATCHES_PER_USER = 100;

/** The keys a watch value stands for; a value that means nothing is a 400. */
function watchKeys(kind: WatchDoc['kind'], value: string, country: 'AR' | 'PY'): string[] {
  const invalid = () => new DomainError('validation_failed', 'watch value', [{ path: 'value', message: `not a valid ${kind}` }]);
  switch (kind) {
    case 'document': {
      const d = detectQuery(value, country);
      // A number that is no known shape is still a document of type "other", but only with a digit in it ("abc" is not).
      const values =
        d.kind === 'document'
          ? d.values
          : [normalizeDocument({ type: 'other', country, number: value })].flatMap((r) =>
              r.ok && /\d/.test(r.normalized) ? [r.normalized] : [],
            );
      if (!values.length) throw invalid();
      return values.map(key.document);
    }
    case 'phone': {
      const phones = phoneSearchKeys(value, country);
      if (!phones.length) throw invalid();
      return phones.map(key.phone);
    }
    case 'plate': {
      const p = normalizePlate(value);
      if (!p.ok) throw invalid();
      return [key.plate(p.normalized)];
    }
    case 'name': {
      const tokens = tokenize(value);
      if (!tokens.length) throw invalid();
      // Every token must be present: stored as one composite of phonetic keys, checked per alert.
      return [`names:${tokens.map(phoneticKey).sort().join('_')}`];
    }
    case 'alert_kind':
      return [`kind:${value}`];
    case 'border_crossing':
      return [`bx:${foldName(value)}`];
  }
}

function present(w: WatchDoc) {
  return { id: String(w._id), kind: w.kind, value: w.value, createdAt: w.createdAt.toISOString() };
}

export async function createWatch(instance: Instance, actor: Actor, input: { kind: WatchDoc['kind']; value: string }) {
  const { Watch } = instance.models.search;
  const keys = watchKeys(input.kind, input.value, actor.country);
  if ((await Watch.countDocuments({ userId: actor.id })) >= MAX_WATCHES_PER_USER) {
    throw new DomainError('validation_failed', 'too many watches', [
      { path: '(body)', message: `at most ${MAX_WATCHES_PER_USER} watches` },
    ]);
  }
  const watch = await Watch.create({ userId: actor.id, kind: input.kind, value: input.value, keys });
  await recordAudit(instance, {
    actor,
    action: 'watch.create',
    targetType: 'watch',
    targetId: String(watch._id),
    details: { kind: input.kind },
    personal: { value: input.value },
  });
  return present(watch.toObject());
}

export async function listWatches(instance: Instance, actor: Actor) {
  const { Watch } = instance.models.search;
  const watches = await Watch.find({ userId: actor.id }).lean<WatchDoc[]>();
  return { items: watches.map(present), nextCursor: null };
}

export async function deleteWatch(instance: Instance, actor: Actor, id: string): Promise<void> {
  const { Watch } = instance.models.search;
  const watch = await Watch.findById(id).lean<WatchDoc>();
  if (!watch || watch.userId !== actor.id) throw new DomainError('not_found');
  await Watch.deleteOne({ _id: watch._id });
  await recordAudit(instance, { actor, action: 'watch.delete', targetType: 'watch', targetId: id });
}

/** The keys an alert offers to watches, from the index keys plus kind and crossings. */
function alertWatchKeys(alert: AlertDoc, indexKeys: Map<string, FieldClass>, canSeeVictims: boolean): Set<string> {
  const out = new Set<string>();
  for (const [k, f] of indexKeys) if (f === 'o' || canSeeVictims) out.add(k);
  for (const s of usableSubjects(alert, canSeeVictims)) {
    const tokens = [...tokenize(s.givenNames), ...tokenize(s.familyNames), ...tokenize(s.mothersName)].map(phoneticKey);
    // Every subset is too many; a name watch matches when all its phonetic tokens are among the subject's.
    for (const t of tokens) out.add(`nametoken:${t}`);
  }
  out.add(`kind:${alert.kind}`);
  for (const l of alert.locations) if (l.borderCrossing) out.add(`bx:${foldName(l.borderCrossing)}`);
  return out;
}

function watchMatches(w: WatchDoc, keys: Set<string>): boolean {
  if (w.kind === 'name') {
    const parts = (w.keys[0] ?? '')
      .replace(/^names:/, '')
      .split('_')
      .filter(Boolean);
    return parts.length > 0 && parts.every((p) => keys.has(`nametoken:${p}`));
  }
  return w.keys.some((k) => keys.has(k));
}

/**
 * The actor's own watches this alert matches now, judged as checkWatches judges a watch hit (the
 * keys the actor may use): the watch hits of the alert the actor may know of (a watch is its owner's).
 */
export async function ownWatchesMatching(instance: Instance, actor: Actor, alert: AlertDoc) {
  const { Watch } = instance.models.search;
  if (!canSeeAlert(actor, alert)) return [];
  const watches = await Watch.find({ userId: actor.id }).lean<WatchDoc[]>();
  if (!watches.length) return [];
  const keys = alertWatchKeys(alert, keysOfAlert(alert), canSeeRestricted(actor, alert));
  return watches.filter((w) => watchMatches(w, keys)).map(present);
}

/** The active watches with their owners as viewers: loaded once for a batch of changed alerts. */
export interface WatchContext {
  watches: Array<{ watch: WatchDoc; viewer: Viewer }>;
}

export async function loadWatchContext(instance: Instance): Promise<WatchContext> {
  const { Watch } = instance.models.search;
  const watches = await Watch.find({}).lean<WatchDoc[]>();
  const out: WatchContext['watches'] = [];
  if (!watches.length) return { watches: out };
  const found = await usersByIds(
    instance,
    watches.map((w) => w.userId),
    ['agencyId', 'country', 'roles', 'status'],
  );
  const users = new Map(found.map((u) => [String(u._id), u] as const));
  const kinds = await agencyFields(
    instance,
    [...users.values()].map((u) => u.agencyId),
    'kind',
  );
  for (const w of watches) {
    const u = users.get(w.userId);
    if (!u || u.status !== 'active') continue;
    const agencyId = String(u.agencyId);
    const viewer: Viewer = {
      agencyId,
      country: u.country,
      roles: u.roles,
      agencyKind: kinds.get(agencyId) ?? null,
    };
    out.push({ watch: w, viewer });
  }
  return { watches: out };
}

/** The id of one watch hit: the change's log position, the watch and the alert (the same when repeated). */
export const watchHitEventId = (seq: number, watchId: string, alertId: string) => `w-${seq}-${watchId}-${alertId}`;

/** Finds watches an alert matches and announces the hits to their owners who may see the alert;
 * resolves once all are announced (rejects if any failed). `seq`: the change's log position. */
export async function checkWatches(
  instance: Instance,
  alert: AlertDoc,
  indexKeys: Map<string, FieldClass>,
  { watches }: WatchContext,
  seq: number,
): Promise<void> {
  const announced: Array<Promise<void>> = [];
  for (const { watch: w, viewer } of watches) {
    if (!canSeeAlert(viewer, alert)) continue;
    if (!watchMatches(w, alertWatchKeys(alert, indexKeys, canSeeRestricted(viewer, alert)))) continue;
    const eventId = watchHitEventId(seq, String(w._id), String(alert._id));
    // Stored before it is announced: a repeated announcement (after a crash) is the same item.
    announced.push(
      instance.events
        .noteInboxCause({ kind: 'watch_hit', userId: w.userId, alert, eventId })
        .then(() => instance.events.emitAndWait('watch.hit', { watch: { id: String(w._id), userId: w.userId }, alert, viewer, seq })),
    );
  }
  await allSucceeded(announced);
}
