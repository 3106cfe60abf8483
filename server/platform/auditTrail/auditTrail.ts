/**
 * The append-only, hash-chained audit trail (SECURITY.md "Audit"): a gap-free SequencedLog
 * (server/platform/store/sequencedLog.ts, safe with several processes without transactions) whose head
 * (`counters/audit_head`) carries the last event's hash, which the next event links to.
 *
 * Each event's hash is an HMAC-SHA-256 under the audit key (auditKeys.ts), which is kept outside
 * the store, and names the key by id (`keyId`); events written before the trail was keyed carry
 * no `keyId` and a plain SHA-256, and the first keyed event links to the last of them. When the
 * key in use changes, an `audit.key_rotated` event keyed with the new key is appended before any
 * other event of it (docs/operations.md "Audit trail: key and anchors").
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AuditEventDto } from '../../../shared/dto/admin.js';
import { AUDIT_EVENTS_COLLECTION, type AuditEventDoc } from './AuditEvent.js';
import type { Actor } from '../actor.js';
import { assertLockHeld, op, readCounterDoc, SequencedLog, withDocLock, type Store } from '../store/index.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import {
  auditMac,
  auditText,
  PERSONAL_FORMAT,
  personalCommitment,
  sanitizeDetails,
  ZERO_HASH,
  type HashedAuditFields,
} from './canonical.js';
import { auditKeyring, type AuditKey, type AuditKeyring } from './auditKeys.js';
import { KEY_ROTATED_ACTION, keyedChainCheck, type ChainedEvent } from './keyedChain.js';
import { anchorCheck, type AuditAnchor } from './anchors.js';
import type { Instance } from '../instance.js';

export interface AuditInput {
  actor: Actor | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: 'success' | 'failure';
  details?: Record<string, unknown>;
  /**
   * What the event records about a person (a searched name or number, free text, a contact's
   * name): stored apart and chained through a salted commitment, so that a data-subject request
   * can erase it and the chain still verifies (format 2, docs/data-subject-requests.md).
   */
  personal?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
  /** For anonymous events (failed logins), the user and agency when known. */
  actorIdOverride?: string | null;
  actorAgencyIdOverride?: string | null;
}

/** What the API shows of an event (shared with the client); it carries every hashed field but the key id
 * (API.md's shape: the id of each key is in the rotation event that starts its part of the trail). */
export type { AuditEventDto };

export type AuditTrailLog = SequencedLog<AuditEventDoc>;

/** A Puente's handle on the trail (`instance.auditTrail`): entries keyed by seq, the head carrying the last hash. The backup (platform/backup/) uses one of its own. */
export function createAuditTrailLog(store: Store): AuditTrailLog {
  return new SequencedLog<AuditEventDoc>(store, AUDIT_EVENTS_COLLECTION, 'audit_head', (e) => e.hash, ZERO_HASH);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the event is of format 2 (it has, or had, a personal part). */
const hasPersonalPart = (doc: AuditEventDoc): boolean => doc.fmt === PERSONAL_FORMAT;

function toDto(doc: AuditEventDoc): AuditEventDto {
  // The personal part is shown with the details (one object, as before format 2); only on format 2,
  // where the chain covers it, so nothing added to another event is ever shown as recorded.
  const personal = hasPersonalPart(doc) && isRecord(doc.personal) ? doc.personal : {};
  const erased = hasPersonalPart(doc) && isRecord(doc.personalErased) ? doc.personalErased : null;
  const { personalCommit: _commit, ...chained } = chainedOf(doc);
  return {
    ...chained,
    details: { ...chained.details, ...personal },
    ...(erased ? { personalErased: { at: new Date(erased.at as Date).toISOString(), requestNumber: String(erased.requestNumber) } } : {}),
  };
}

/** The fields the chain hashes, as stored: the details without the personal part, and its commitment. */
function chainedOf(doc: AuditEventDoc): ChainedEvent {
  return {
    seq: doc._id,
    at: doc.at.toISOString(),
    actorId: doc.actorId,
    actorAgencyId: doc.actorAgencyId,
    action: doc.action,
    targetType: doc.targetType,
    targetId: doc.targetId,
    outcome: doc.outcome,
    ip: doc.ip,
    requestId: doc.requestId,
    details: doc.details ?? {},
    prevHash: doc.prevHash,
    hash: doc.hash,
    ...(doc.fmt !== undefined && doc.fmt !== null ? { personalCommit: doc.personalCommit } : {}),
  };
}

/** A Puente's audit keys (`instance.auditKeys`): set at its start (server.ts, the CLI), read at every append. */
export class AuditKeys {
  /** The keys it appends with (the current one) and verifies with (all of them). */
  ring: AuditKeyring | null = null;
  /** Whether it has made sure its trail announces the current key (once per keyring). */
  announced: Promise<AuditKeyChange | null> | null = null;
}

/** Sets the keys `instance` appends with (the current one) and verifies with (all of them). */
export function useAuditKeys(instance: Instance, ring: AuditKeyring): void {
  instance.auditKeys.ring = ring;
  instance.auditKeys.announced = null;
}

function signingKey(instance: Instance): AuditKey {
  const current = instance.auditKeys.ring?.current;
  if (!current) throw new Error('the audit key is not set: call useAuditKeys() at start (server.ts, cli/withStore.ts)');
  return current;
}

async function appendWith(instance: Instance, key: AuditKey, input: AuditInput): Promise<AuditEventDto> {
  const at = new Date();
  const base = {
    at: at.toISOString(),
    actorId: auditText(input.actor?.id ?? input.actorIdOverride),
    actorAgencyId: auditText(input.actor?.agencyId ?? input.actorAgencyIdOverride),
    action: auditText(input.action) ?? '',
    targetType: auditText(input.targetType),
    targetId: auditText(input.targetId),
    outcome: input.outcome === 'failure' ? ('failure' as const) : ('success' as const),
    ip: auditText(input.ip ?? input.actor?.ip),
    requestId: auditText(input.requestId ?? input.actor?.requestId),
    details: sanitizeDetails(input.details ?? {}),
  };
  const personal = input.personal && Object.keys(input.personal).length ? sanitizeDetails(input.personal) : null;
  // Format 2: a fresh salt per event, so equal personal details never give equal commitments.
  const salt = personal ? randomBytes(16).toString('hex') : null;
  const part = personal && salt ? { personal, personalSalt: salt, personalCommit: personalCommitment(salt, personal) } : null;
  const entry = await instance.auditTrail.append((head) => {
    const fields: HashedAuditFields = { ...base, seq: head.seq + 1, prevHash: head.link };
    const { seq, ...stored } = fields;
    const hash = auditMac(fields, key.key, key.id, part?.personalCommit);
    return { _id: seq, ...stored, at, hash, keyId: key.id, ...(part ? { fmt: PERSONAL_FORMAT, ...part } : {}) };
  });
  return toDto(entry);
}

/** `counters/audit_key`: the key the trail was last announced with. Only saves a look-up of the last event: the chain is the record. */
const KEY_MARK = 'audit_key';
interface KeyMarkDoc {
  _id: string;
  keyId: string;
}
const counters = (store: Store) => store.collection<KeyMarkDoc>('counters');

export interface AuditKeyChange {
  seq: number;
  previousKeyId: string | null;
  keyId: string;
}

/**
 * Appends the rotation event when the trail's last event is not keyed with `key` (a new key, or
 * the first key of a trail written before keys), under a lock so processes starting together
 * append one. The mark makes this one point read at every later start; the last event is read
 * (a scan on the embedded store) only when the mark names another key.
 */
async function announceKey(instance: Instance, key: AuditKey): Promise<AuditKeyChange | null> {
  const { AuditEvent } = instance.models.platform;
  if ((await readCounterDoc<KeyMarkDoc>(instance.store, KEY_MARK))?.keyId === key.id) return null;
  return withDocLock(instance.store, 'audit:key', async () => {
    if ((await counters(instance.store).findOne({ _id: KEY_MARK }))?.keyId === key.id) return null;
    const head = await instance.auditTrail.head();
    let change: AuditKeyChange | null = null;
    if (head.seq > 0) {
      const last = await AuditEvent.collection.findOne({ _id: head.seq } as never, { projection: { keyId: 1 } });
      const previousKeyId = typeof last?.keyId === 'string' ? last.keyId : null;
      if (previousKeyId !== key.id) {
        const event = await appendWith(instance, key, {
          actor: null,
          action: KEY_ROTATED_ACTION,
          targetType: 'audit',
          details: { previousKeyId, keyId: key.id },
        });
        change = { seq: event.seq, previousKeyId, keyId: key.id };
      }
    }
    await assertLockHeld();
    await counters(instance.store).replaceOne({ _id: KEY_MARK }, { keyId: key.id }, { upsert: true });
    return change;
  });
}

/**
 * Makes sure the trail announces this process's key before its first event (the server calls it
 * at start to log a rotation; every append waits for it, so a command or job appends nothing
 * keyed with a key the trail has not announced). Resolves to the rotation appended, if any.
 */
export function announceAuditKey(instance: Instance): Promise<AuditKeyChange | null> {
  const key = signingKey(instance);
  const keys = instance.auditKeys;
  if (keys.announced) return keys.announced;
  const announcing: Promise<AuditKeyChange | null> = announceKey(instance, key).catch((err: unknown) => {
    if (keys.announced === announcing) keys.announced = null; // the next append tries again
    throw err;
  });
  keys.announced = announcing;
  return announcing;
}

/** Appends one event (appends from this process are serialised by the log). */
export async function recordAudit(instance: Instance, input: AuditInput): Promise<AuditEventDto> {
  const key = signingKey(instance);
  await announceAuditKey(instance);
  return appendWith(instance, key, input);
}

/**
 * Resolves once the head has advanced past this process's appends: an advance still in flight
 * would otherwise land after a store is emptied (tests), leaving a head with no events under it.
 */
export async function auditAppendsSettled(instance: Instance): Promise<void> {
  await instance.auditTrail.head();
}

/** The trail's head as an anchor (anchors.ts): the last event's sequence number and hash, now. */
export async function takeAuditAnchor(instance: Instance): Promise<AuditAnchor> {
  const head = await instance.auditTrail.head();
  return { seq: head.seq, mac: head.link, at: new Date().toISOString() };
}

/**
 * `unkeyed`: events verified by plain SHA-256 (written before the trail was keyed), when any;
 * `anchors`: anchors that agreed, when anchors were given; `unknownKeyId`: on a failure because an
 * event names a key the verifier does not hold.
 */
export type VerifyResult =
  | { ok: true; checked: number; unkeyed?: number; anchors?: number }
  | { ok: false; brokenAt: number; checked: number; reason: string; unknownKeyId?: string };

export interface VerifyOptions {
  onProgress?: (checked: number) => void;
  progressEvery?: number;
  window?: number;
  /** Anchors to check the trail against (anchors.ts). */
  anchors?: readonly AuditAnchor[];
  /** The keys to verify with; default: the instance's (useAuditKeys). */
  keyring?: AuditKeyring;
}

const VERIFY_BATCH = 5000;
export const VERIFY_PROGRESS_EVERY = 10_000;
/** Events read ahead of the next one in the chain that verification holds at most: inserts from
 * several processes land slightly out of order, a gap leaves every later event ahead of it. */
export const VERIFY_WINDOW = 1000;

/** The most events one verification held out of order (a counter tests read to bound its memory). */
export const auditVerifyMemory = { peakHeld: 0 };

/** The part of the driver's FindCursor used here (mongoose bundles its own driver copy). */
interface BatchCursor<T> {
  hasNext(): Promise<boolean>;
  readBufferedDocuments(): T[];
  close(): Promise<void>;
}

/**
 * Reads a cursor batch by batch, asking for the next batch before handing out the current one,
 * so the store works on it while the caller hashes.
 */
async function* prefetchedBatches<T>(cursor: BatchCursor<T>): AsyncGenerator<T[]> {
  try {
    let more = cursor.hasNext();
    while (await more) {
      const docs = cursor.readBufferedDocuments();
      more = cursor.hasNext();
      more.catch(() => undefined); // observed by the next `await more`
      await new Promise((resolve) => setImmediate(resolve)); // let the getMore go out first
      yield docs;
    }
  } finally {
    await cursor.close().catch(() => undefined);
  }
}

/**
 * Walks the chain from seq 1 and reports the first broken link: an edited event (its hash no
 * longer matches its content), a removed one (a gap), reordered or inserted ones (prevHash
 * linkage), a truncated end (the head document, written after each append, names a later
 * event or another hash), an event keyed against the rules of keyedChain.ts (a rewrite without
 * the key), and, given anchors, an event that is not the one anchored or an anchored event
 * beyond the end. Events after the head are still verified: the head trails the last
 * insert while an append is in flight.
 *
 * The events are read in one unsorted pass (insertion order, which is seq order apart from
 * tampering): on FerretDB/SQLite every read of a numbered event is a collection scan, and a
 * sorted read is sorted in memory by the store. Out-of-order events wait in a buffer of at most
 * `window` events (VERIFY_WINDOW): memory stays bounded whatever the trail's length, gap or not.
 */
export async function verifyAuditChain(instance: Instance, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const window = opts.window ?? VERIFY_WINDOW;
  const progressEvery = opts.progressEvery ?? VERIFY_PROGRESS_EVERY;
  auditVerifyMemory.peakHeld = 0;
  const head = await instance.auditTrail.head();
  let expected = 1;
  let prevHash = ZERO_HASH;
  let hashAtHead: string | null = null;
  let stray: unknown;
  const early = new Map<number, AuditEventDoc>();
  const keys = keyedChainCheck(opts.keyring ?? instance.auditKeys.ring ?? auditKeyring(null));
  const anchors = anchorCheck(opts.anchors ?? []);
  /** Events whose personal part is erased, and those an erasure event of the trail names. */
  const erasedSeqs: number[] = [];
  const announcedErasures = new Set<number>();

  /** Why the personal part of a format-2 event breaks the chain's rules, or null. */
  const personalCheck = (doc: AuditEventDoc): string | null => {
    if (doc.fmt === undefined || doc.fmt === null) {
      const extra = doc.personal ?? doc.personalSalt ?? doc.personalCommit ?? doc.personalErased;
      return extra === undefined || extra === null ? null : 'it carries personal details its format does not hash';
    }
    if (doc.fmt !== PERSONAL_FORMAT || typeof doc.personalCommit !== 'string') return 'the stored event is malformed';
    const hasPart = (doc.personal ?? null) !== null || (doc.personalSalt ?? null) !== null;
    if (hasPart) {
      if (!isRecord(doc.personal) || typeof doc.personalSalt !== 'string') return 'its personal details are malformed';
      if (personalCommitment(doc.personalSalt, doc.personal) !== doc.personalCommit)
        return 'its personal details do not match their commitment';
      return null;
    }
    if (!isRecord(doc.personalErased)) return 'its personal details were removed without an erasure recorded on it';
    erasedSeqs.push(doc._id);
    return null;
  };

  const broken = (brokenAt: number, reason: string, checked = expected - 1): VerifyResult => ({
    ok: false,
    brokenAt,
    checked,
    reason,
    ...(keys.unknownKeyId ? { unknownKeyId: keys.unknownKeyId } : {}),
  });
  const missing = (last: number): VerifyResult => broken(expected, `event ${expected} is missing (events up to ${last} exist)`);

  /** Checks the event numbered `expected`; null when it is sound. */
  const check = (doc: AuditEventDoc): VerifyResult | null => {
    let dto: ChainedEvent;
    try {
      dto = chainedOf(doc);
    } catch {
      return broken(expected, 'the stored event is malformed');
    }
    if (dto.prevHash !== prevHash) return broken(expected, 'it does not link to the previous event (prevHash)');
    const personal = personalCheck(doc);
    if (personal) return broken(expected, personal);
    const reason = keys.event(dto, doc.keyId) ?? anchors.event(expected, dto.hash);
    if (reason) return broken(expected, reason);
    if (doc.action === PERSONAL_ERASED_ACTION && Array.isArray(doc.details?.seqs))
      for (const n of doc.details.seqs) if (typeof n === 'number' && n < expected) announcedErasures.add(n);
    prevHash = dto.hash;
    if (expected === head.seq) hashAtHead = dto.hash;
    expected++;
    if ((expected - 1) % progressEvery === 0) opts.onProgress?.(expected - 1);
    return null;
  };

  const cursor = instance.auditTrail.entries().find({}, { batchSize: VERIFY_BATCH });
  for await (const batch of prefetchedBatches(cursor)) {
    for (const doc of batch) {
      const id: unknown = doc._id;
      if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
        stray ??= id;
        continue;
      }
      if (id < expected || early.has(id)) return broken(id, 'the sequence number occurs twice');
      if (id > expected) {
        // More events ahead than the window holds: the one expected is missing (or moved further
        // than any append reorders), and holding the rest would hold the whole trail after it.
        if (early.size >= window) return missing(Math.max(id, ...early.keys()));
        early.set(id, doc);
        auditVerifyMemory.peakHeld = Math.max(auditVerifyMemory.peakHeld, early.size);
        continue;
      }
      let next: AuditEventDoc | undefined = doc;
      while (next) {
        const bad = check(next);
        if (bad) return bad;
        next = early.get(expected);
        early.delete(expected);
      }
    }
  }

  const checked = expected - 1;
  if (early.size > 0) return missing(Math.max(...early.keys()));
  if (head.seq > checked) return broken(checked + 1, `the trail ends at ${checked} but the head records ${head.seq} events`);
  if (head.seq > 0 && hashAtHead !== head.link) return broken(head.seq, 'the event does not match the hash recorded in the head');
  const unannounced = erasedSeqs.find((n) => !announcedErasures.has(n));
  if (unannounced !== undefined)
    return broken(unannounced, 'its personal details were erased, but no erasure event of the trail names it', checked);
  const deleted = anchors.end(checked);
  if (deleted) return broken(checked + 1, deleted);
  const unkeyedTrail = keys.end(checked);
  if (unkeyedTrail) return broken(1, unkeyedTrail, checked);
  if (stray !== undefined) return broken(checked + 1, `a document that is not a numbered event is in the trail (_id ${String(stray)})`);
  return {
    ok: true,
    checked,
    ...(keys.unkeyed > 0 ? { unkeyed: keys.unkeyed } : {}),
    ...(opts.anchors ? { anchors: anchors.matched } : {}),
  };
}

const cursorSchema = z.object({ seq: z.number().int().positive() });

export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  /** Only events whose actor belongs to this agency. */
  agencyId?: string;
  outcome?: 'success' | 'failure';
  /** The resource acted on: its type (`user`, `alert`, …) and optionally its id. */
  targetType?: string;
  targetId?: string;
}

/** One event by sequence number, or null. */
export async function getAuditEvent(instance: Instance, seq: number): Promise<AuditEventDto | null> {
  const { AuditEvent } = instance.models.platform;
  const doc = (await AuditEvent.findById(seq).lean()) as AuditEventDoc | null;
  return doc ? toDto(doc) : null;
}

/** Newest first, filtered, with an opaque cursor. */
export async function listAuditEvents(
  instance: Instance,
  filter: AuditFilter,
  page: { limit: number; cursor?: string },
): Promise<Page<AuditEventDto>> {
  const { AuditEvent } = instance.models.platform;
  const after = decodeCursor(page.cursor, cursorSchema);
  const query: Record<string, unknown> = {};
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.action) query.action = filter.action;
  if (filter.agencyId) query.actorAgencyId = filter.agencyId;
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.targetType) query.targetType = filter.targetType;
  if (filter.targetId) query.targetId = filter.targetId;
  if (filter.from || filter.to) query.at = op({ ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) });
  if (after) query._id = op({ $lt: after.seq });
  const docs = (await AuditEvent.find(query)
    .sort({ _id: -1 })
    .limit(page.limit + 1)
    .lean()) as AuditEventDoc[];
  const items = docs.slice(0, page.limit).map(toDto);
  const last = items[items.length - 1];
  return { items, nextCursor: docs.length > page.limit && last ? encodeCursor({ seq: last.seq }) : null };
}

/** The action of the event that names the events whose personal details a data-subject request erased. */
export const PERSONAL_ERASED_ACTION = 'audit.personal_erased';
/** Events named per erasure event (details keep at most 50 items per array: canonical.ts). */
const ERASED_PER_EVENT = 50;

/** One event as a data-subject request reads it: what it shows, and whether its personal part can be erased. */
export interface ScannedAuditEvent {
  event: AuditEventDto;
  /** The details hashed directly (kept by an erasure), apart from the personal part. */
  details: Record<string, unknown>;
  /** The personal part, when the event has one that is not erased (format 2). */
  personal: Record<string, unknown> | null;
}

/**
 * Walks every event of the trail (one unsorted pass, as verification reads it), handing each to
 * `visit`; a data-subject request's search (docs/data-subject-requests.md).
 */
export async function scanAuditEvents(instance: Instance, visit: (e: ScannedAuditEvent) => void): Promise<number> {
  let seen = 0;
  const cursor = instance.auditTrail.entries().find({}, { batchSize: VERIFY_BATCH });
  for await (const batch of prefetchedBatches(cursor)) {
    for (const doc of batch) {
      if (typeof doc._id !== 'number') continue;
      seen++;
      const personal = hasPersonalPart(doc) && isRecord(doc.personal) ? doc.personal : null;
      visit({ event: toDto(doc), details: doc.details ?? {}, personal });
    }
  }
  return seen;
}

/**
 * Erases the personal part of events `seqs` (format 2 only; others are skipped and returned) for
 * data-subject request `requestNumber`: first the erasure events naming them are appended (by
 * `actor`), then each event loses `personal` and its salt and records the erasure. The chain
 * still verifies: its MACs cover the commitment, which stays (verifyAuditChain). An event erased
 * but named by no erasure event fails verification, so the store's writer cannot erase unseen.
 */
export async function erasePersonalDetails(
  instance: Instance,
  actor: Actor,
  seqs: readonly number[],
  request: { id: string; number: string },
): Promise<{ erased: number[]; notErasable: number[] }> {
  const { AuditEvent } = instance.models.platform;
  const wanted = [...new Set(seqs)].sort((a, b) => a - b);
  const docs = await Promise.all(wanted.map((seq) => AuditEvent.findById(seq).lean<AuditEventDoc>()));
  const erased: number[] = [];
  const notErasable: number[] = [];
  docs.forEach((doc, i) => {
    if (doc && hasPersonalPart(doc) && isRecord(doc.personal)) erased.push(wanted[i]!);
    else if (!doc || !hasPersonalPart(doc)) notErasable.push(wanted[i]!);
  });
  for (let i = 0; i < erased.length; i += ERASED_PER_EVENT) {
    await recordAudit(instance, {
      actor,
      action: PERSONAL_ERASED_ACTION,
      targetType: 'subject_request',
      targetId: request.id,
      details: { requestNumber: request.number, seqs: erased.slice(i, i + ERASED_PER_EVENT) },
    });
  }
  const at = new Date();
  for (const seq of erased)
    await AuditEvent.updateOne(
      { _id: seq },
      { $unset: { personal: '', personalSalt: '' }, $set: { personalErased: { at, requestNumber: request.number } } },
    );
  return { erased, notErasable };
}
