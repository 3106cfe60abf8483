/**
 * The append-only, hash-chained audit trail (SECURITY.md "Audit"): a gap-free SequencedLog
 * (server/store/sequencedLog.ts, safe with several processes without transactions) whose head
 * (`counters/audit_head`) carries the last event's hash, which the next event links to.
 */
import { z } from 'zod';
import type { AuditEventDto } from '../../../shared/dto/admin.js';
import { AuditEvent, type AuditEventDoc } from '../../models/AuditEvent.js';
import type { Actor } from '../../policies/actor.js';
import { SequencedLog } from '../../store/sequencedLog.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import { auditHash, auditText, sanitizeDetails, ZERO_HASH, type HashedAuditFields } from './canonical.js';
import { op } from '../../store/mongoose.js';

export interface AuditInput {
  actor: Actor | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: 'success' | 'failure';
  details?: Record<string, unknown>;
  ip?: string | null;
  requestId?: string | null;
  /** For anonymous events (failed logins), the user and agency when known. */
  actorIdOverride?: string | null;
  actorAgencyIdOverride?: string | null;
}

/** What the API shows of an event (shared with the client); it carries every hashed field. */
export type { AuditEventDto };

/** The trail: entries keyed by seq, the head carrying the last hash. */
const trail = new SequencedLog<AuditEventDoc>(AuditEvent.collection.collectionName, 'audit_head', (e) => e.hash, ZERO_HASH);
const events = () => trail.entries();

function toDto(doc: AuditEventDoc): AuditEventDto {
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
  };
}

async function append(input: AuditInput): Promise<AuditEventDto> {
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
  const entry = await trail.append((head) => {
    const fields: HashedAuditFields = { ...base, seq: head.seq + 1, prevHash: head.link };
    const { seq, ...stored } = fields;
    return { _id: seq, ...stored, at, hash: auditHash(fields) };
  });
  return toDto(entry);
}

/** Appends one event (appends from this process are serialised by the log). */
export function recordAudit(input: AuditInput): Promise<AuditEventDto> {
  return append(input);
}

export type VerifyResult = { ok: true; checked: number } | { ok: false; brokenAt: number; checked: number; reason: string };

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
 * linkage), and a truncated end (the head document, written after each append, names a later
 * event or another hash). Events after the head are still verified: the head trails the last
 * insert while an append is in flight.
 *
 * The events are read in one unsorted pass (insertion order, which is seq order apart from
 * tampering): on FerretDB/SQLite every read of a numbered event is a collection scan, and a
 * sorted read is sorted in memory by the store. Out-of-order events wait in a buffer of at most
 * `window` events (VERIFY_WINDOW): memory stays bounded whatever the trail's length, gap or not.
 */
export async function verifyAuditChain(
  opts: { onProgress?: (checked: number) => void; progressEvery?: number; window?: number } = {},
): Promise<VerifyResult> {
  const window = opts.window ?? VERIFY_WINDOW;
  const progressEvery = opts.progressEvery ?? VERIFY_PROGRESS_EVERY;
  auditVerifyMemory.peakHeld = 0;
  const head = await trail.head();
  let expected = 1;
  let prevHash = ZERO_HASH;
  let hashAtHead: string | null = null;
  let stray: unknown;
  const early = new Map<number, AuditEventDoc>();

  const broken = (brokenAt: number, reason: string): VerifyResult => ({ ok: false, brokenAt, checked: expected - 1, reason });
  const missing = (last: number): VerifyResult => broken(expected, `event ${expected} is missing (events up to ${last} exist)`);

  /** Checks the event numbered `expected`; null when it is sound. */
  const check = (doc: AuditEventDoc): VerifyResult | null => {
    let dto: AuditEventDto;
    try {
      dto = toDto(doc);
    } catch {
      return broken(expected, 'the stored event is malformed');
    }
    if (dto.prevHash !== prevHash) return broken(expected, 'it does not link to the previous event (prevHash)');
    if (auditHash(dto) !== dto.hash) return broken(expected, 'its content does not match its hash');
    prevHash = dto.hash;
    if (expected === head.seq) hashAtHead = dto.hash;
    expected++;
    if ((expected - 1) % progressEvery === 0) opts.onProgress?.(expected - 1);
    return null;
  };

  const cursor = events().find({}, { batchSize: VERIFY_BATCH });
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
  if (head.seq > checked) {
    return { ok: false, brokenAt: checked + 1, checked, reason: `the trail ends at ${checked} but the head records ${head.seq} events` };
  }
  if (head.seq > 0 && hashAtHead !== head.link) {
    return { ok: false, brokenAt: head.seq, checked, reason: 'the event does not match the hash recorded in the head' };
  }
  if (stray !== undefined) {
    return {
      ok: false,
      brokenAt: checked + 1,
      checked,
      reason: `a document that is not a numbered event is in the trail (_id ${String(stray)})`,
    };
  }
  return { ok: true, checked };
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
export async function getAuditEvent(seq: number): Promise<AuditEventDto | null> {
  const doc = (await AuditEvent.findById(seq).lean()) as AuditEventDoc | null;
  return doc ? toDto(doc) : null;
}

/** Newest first, filtered, with an opaque cursor. */
export async function listAuditEvents(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditEventDto>> {
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
