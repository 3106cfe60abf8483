/**
 * The append-only, hash-chained audit trail (SECURITY.md "Audit").
 *
 * Appending without transactions, safe with several processes: a head document
 * (`counters/audit_head`: last seq and hash) names the next sequence number; the event is
 * inserted with `_id` = seq, so only one writer can win a number; the loser advances the
 * head to the winner's event and tries again. A process that died between its insert and
 * the head update is repaired the same way by the next writer.
 */
import { z } from 'zod';
import { AuditEvent, type AuditEventDoc } from '../../models/AuditEvent.js';
import type { Actor } from '../../policies/actor.js';
import { SequencedLog } from '../../store/sequencedLog.js';
import { decodeCursor, encodeCursor, type Page } from '../pagination.js';
import { auditHash, sanitizeDetails, ZERO_HASH, type HashedAuditFields } from './canonical.js';
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

export type AuditEventDto = HashedAuditFields & { hash: string };

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
    actorId: input.actor?.id ?? input.actorIdOverride ?? null,
    actorAgencyId: input.actor?.agencyId ?? input.actorAgencyIdOverride ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    outcome: input.outcome ?? 'success',
    ip: input.ip ?? input.actor?.ip ?? null,
    requestId: input.requestId ?? input.actor?.requestId ?? null,
    details: sanitizeDetails(input.details ?? {}) as Record<string, unknown>,
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

/** Walks the chain from seq 1: detects edited, removed, inserted or reordered events and a truncated end. */
export async function verifyAuditChain(opts: { onProgress?: (checked: number) => void } = {}): Promise<VerifyResult> {
  const head = await trail.head();
  let expectedSeq = 1;
  let prevHash = ZERO_HASH;
  const cursor = events().find({}).sort({ _id: 1 }).batchSize(2000);
  for await (const doc of cursor) {
    const dto = toDto(doc);
    if (dto.seq !== expectedSeq)
      return { ok: false, brokenAt: expectedSeq, checked: expectedSeq - 1, reason: `event ${expectedSeq} is missing` };
    if (dto.prevHash !== prevHash)
      return { ok: false, brokenAt: dto.seq, checked: expectedSeq - 1, reason: 'does not link to the previous event' };
    const { hash, ...fields } = dto;
    if (auditHash(fields) !== hash)
      return { ok: false, brokenAt: dto.seq, checked: expectedSeq - 1, reason: 'content does not match its hash' };
    prevHash = hash;
    expectedSeq++;
    if ((expectedSeq - 1) % 10_000 === 0) opts.onProgress?.(expectedSeq - 1);
  }
  const checked = expectedSeq - 1;
  if (head.seq > checked)
    return { ok: false, brokenAt: checked + 1, checked, reason: `the trail ends at ${checked} but ${head.seq} events were written` };
  if (head.seq === checked && head.link !== prevHash && checked > 0) {
    return { ok: false, brokenAt: checked, checked, reason: 'the last event does not match the recorded head' };
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
}

/** Newest first, filtered, with an opaque cursor. */
export async function listAuditEvents(filter: AuditFilter, page: { limit: number; cursor?: string }): Promise<Page<AuditEventDto>> {
  const after = decodeCursor(page.cursor, cursorSchema);
  const query: Record<string, unknown> = {};
  if (filter.actorId) query.actorId = filter.actorId;
  if (filter.action) query.action = filter.action;
  if (filter.agencyId) query.actorAgencyId = filter.agencyId;
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
