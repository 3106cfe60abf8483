/**
 * Data-subject requests (docs/data-subject-requests.md): a system administrator opens one for a
 * person (identifier or name, the law and right invoked); a second, different system
 * administrator approves or refuses it; once approved, administrators read what Puente holds on
 * the person, export it (JSON, PDF), rectify a subject's field or erase the person from an alert,
 * and complete the request — which, for a suppression, also erases the person from the audit
 * trail's personal parts and from the request itself. Every step is audited.
 */
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import type { OpenSubjectRequestInput, SubjectRectification, SubjectRequestStatus } from '../../shared/schemas/subjectRequests.js';
import type { SubjectExportJson, SubjectFindingsDto, SubjectRequestDto } from '../../shared/dto/subjectRequest.js';
import { eraseFromAlert, rectifyAlertSubject, type AlertErasure } from '../alerts/index.js';
import { userById, usersByIds } from '../identity/index.js';
import type { Actor } from '../platform/actor.js';
import { authorize } from '../platform/authorize.js';
import { erasePersonalDetails, recordAudit } from '../platform/auditTrail/auditTrail.js';
import { canonicalJson } from '../platform/auditTrail/canonical.js';
import { DomainError } from '../platform/errors.js';
import { decodeCursor, encodeCursor, type Page } from '../platform/pagination.js';
import { isDuplicateKeyError, op, withDocLock } from '../platform/store/index.js';
import { z } from 'zod';
import { findPerson } from './findings.js';
import { can, requestAbilities } from './subjectRequest.policy.js';
import { type SubjectRequestAction, type SubjectRequestDoc } from './SubjectRequest.js';
import type { Instance } from '../platform/instance.js';

const TARGET = 'subject_request';

export const formatRequestNumber = (year: number, seq: number) => `SDT-${year}-${String(seq).padStart(4, '0')}`;

async function present(instance: Instance, actor: Actor, r: SubjectRequestDoc): Promise<SubjectRequestDto> {
  const ids = [r.openedBy, r.decidedBy, ...r.actions.map((a) => a.by)].filter((x): x is string => !!x);
  const names = new Map((await usersByIds(instance, ids, ['displayName'])).map((u) => [String(u._id), u.displayName]));
  return {
    id: String(r._id),
    number: r.number,
    law: r.law,
    right: r.right,
    reference: r.reference,
    identifier: r.identifier,
    name: r.name,
    queryErased: r.queryErased,
    status: r.status,
    openedBy: r.openedBy,
    openedByName: names.get(r.openedBy) ?? null,
    openedAt: r.openedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    completedAt: r.completedAt?.toISOString() ?? null,
    actions: r.actions.map((a) => ({
      at: new Date(a.at).toISOString(),
      by: a.by,
      byName: names.get(a.by) ?? null,
      kind: a.kind,
      alertId: a.alertId ?? null,
      reference: a.reference ?? null,
      summary: a.summary,
      auditSeq: a.auditSeq,
    })),
    abilities: requestAbilities(actor, r),
  };
}

/** The request, or 404 (a malformed id too); then the policy for `action`. */
async function load(instance: Instance, actor: Actor, id: string, action: Parameters<typeof can>[1]): Promise<SubjectRequestDoc> {
  const { SubjectRequest } = instance.models.privacy;
  authorize(can(actor, 'view'), `${TARGET}.${action}`, { targetType: TARGET, targetId: id });
  const r = mongoose.isValidObjectId(id) ? await SubjectRequest.findById(id).lean<SubjectRequestDoc>() : null;
  if (!r) throw new DomainError('not_found');
  authorize(can(actor, action, r), `${TARGET}.${action}`, { targetType: TARGET, targetId: id });
  return r;
}

export async function openSubjectRequest(instance: Instance, actor: Actor, input: OpenSubjectRequestInput): Promise<SubjectRequestDto> {
  const { SubjectRequest } = instance.models.privacy;
  authorize(can(actor, 'open'), `${TARGET}.open`, { targetType: TARGET });
  const now = new Date();
  const year = now.getUTCFullYear();
  // One number a year per request, in order: requests are few, so a lock and a count suffice.
  const doc = await withDocLock(instance.store, `subjectrequest:number:${year}`, async () => {
    const seq = (await SubjectRequest.countDocuments({ year })) + 1;
    return SubjectRequest.create({
      number: formatRequestNumber(year, seq),
      year,
      law: input.law,
      right: input.right,
      reference: input.reference || null,
      identifier: input.identifier || null,
      name: input.name || null,
      status: 'pending_approval',
      openedBy: actor.id,
      openedAt: now,
      actions: [],
    });
  }).catch((err: unknown) => {
    if (isDuplicateKeyError(err)) throw new DomainError('conflict', 'request number taken, try again');
    throw err;
  });
  const r = doc.toObject() as SubjectRequestDoc;
  await recordAudit(instance, {
    actor,
    action: `${TARGET}.open`,
    targetType: TARGET,
    targetId: String(r._id),
    details: { number: r.number, law: r.law, right: r.right },
    // The person: erased from the trail when a suppression is completed (format 2).
    personal: { identifier: r.identifier, name: r.name, reference: r.reference },
  });
  return present(instance, actor, r);
}

const cursorSchema = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });

/** Newest first (ids are in creation order), `limit` a page with an opaque cursor. */
export async function listSubjectRequests(
  instance: Instance,
  actor: Actor,
  query: { limit: number; cursor?: string | undefined; status?: SubjectRequestStatus | undefined },
): Promise<Page<SubjectRequestDto>> {
  const { SubjectRequest } = instance.models.privacy;
  authorize(can(actor, 'list'), `${TARGET}.list`, { targetType: TARGET });
  const after = decodeCursor(query.cursor, cursorSchema);
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  if (after) filter._id = op({ $lt: new mongoose.Types.ObjectId(after.id) });
  const docs = await SubjectRequest.find(filter)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<SubjectRequestDoc[]>();
  const page = docs.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: await Promise.all(page.map((r) => present(instance, actor, r))),
    nextCursor: docs.length > query.limit && last ? encodeCursor({ id: String(last._id) }) : null,
  };
}

export async function getSubjectRequest(instance: Instance, actor: Actor, id: string): Promise<SubjectRequestDto> {
  return present(instance, actor, await load(instance, actor, id, 'view'));
}

/** The second administrator's decision. Under the request's lock, so two decisions cannot both land. */
export async function decideSubjectRequest(
  instance: Instance,
  actor: Actor,
  id: string,
  decision: 'approve' | 'refuse',
  note: string | undefined,
): Promise<SubjectRequestDto> {
  const { SubjectRequest } = instance.models.privacy;
  await load(instance, actor, id, 'decide');
  const decided = await withDocLock(instance.store, `subjectrequest:${id}`, async () => {
    const current = await SubjectRequest.findById(id).lean<SubjectRequestDoc>();
    if (!current) throw new DomainError('not_found');
    authorize(can(actor, 'decide', current), `${TARGET}.decide`, { targetType: TARGET, targetId: id });
    return SubjectRequest.findOneAndUpdate(
      { _id: id },
      {
        $set: {
          status: decision === 'approve' ? 'approved' : 'refused',
          decidedBy: actor.id,
          decidedAt: new Date(),
          decisionNote: note || null,
        },
      },
      { returnDocument: 'after' },
    ).lean<SubjectRequestDoc>();
  });
  if (!decided) throw new DomainError('not_found');
  await recordAudit(instance, {
    actor,
    action: `${TARGET}.${decision}`,
    targetType: TARGET,
    targetId: id,
    details: { number: decided.number, openedBy: decided.openedBy },
    ...(note ? { personal: { note } } : {}),
  });
  return present(instance, actor, decided);
}

/** What Puente holds on the person (approved requests only); reading it is audited. */
export async function subjectRequestFindings(instance: Instance, actor: Actor, id: string): Promise<SubjectFindingsDto> {
  const r = await load(instance, actor, id, 'act');
  if (r.queryErased) throw new DomainError('conflict', 'the request no longer names the person');
  const findings = await findPerson(instance, r);
  await recordAudit(instance, {
    actor,
    action: `${TARGET}.findings`,
    targetType: TARGET,
    targetId: id,
    details: { number: r.number, counts: findings.counts },
  });
  return findings;
}

async function addAction(instance: Instance, id: string, action: SubjectRequestAction): Promise<void> {
  const { SubjectRequest } = instance.models.privacy;
  await withDocLock(instance.store, `subjectrequest:${id}`, () => SubjectRequest.updateOne({ _id: id }, { $push: { actions: action } }));
}

/** The export, audited as one event that records its content's SHA-256 (as a case file's). */
export async function exportSubjectRequest(
  instance: Instance,
  actor: Actor,
  id: string,
  format: 'json' | 'pdf',
): Promise<SubjectExportJson> {
  const r = await load(instance, actor, id, 'act');
  if (r.queryErased) throw new DomainError('conflict', 'the request no longer names the person');
  const [findings, me] = await Promise.all([findPerson(instance, r), userById(instance, actor.id, ['displayName'])]);
  const contentSha256 = createHash('sha256').update(canonicalJson(findings), 'utf8').digest('hex');
  const event = await recordAudit(instance, {
    actor,
    action: `${TARGET}.export`,
    targetType: TARGET,
    targetId: id,
    details: { number: r.number, format, contentSha256, counts: findings.counts },
  });
  await addAction(instance, id, {
    at: new Date(event.at),
    by: actor.id,
    kind: 'export',
    summary: { format, ...findings.counts },
    auditSeq: event.seq,
  });
  return {
    format: 'puente-solicitud-titular/1',
    findings,
    provenance: { exportedBy: { userId: actor.id, name: me?.displayName ?? '' }, exportedAt: event.at, auditSeq: event.seq, contentSha256 },
  };
}

function requireRight(r: SubjectRequestDoc, right: SubjectRequestDoc['right'], what: string): void {
  if (r.right !== right)
    throw new DomainError('validation_failed', `${what} needs a request for ${right}`, [
      { path: '(body)', message: `this request is for ${r.right}, not ${right}` },
    ]);
}

export async function rectifyForRequest(
  instance: Instance,
  actor: Actor,
  id: string,
  input: { alertId: string; subjectId: string; changes: SubjectRectification },
): Promise<SubjectRequestDto> {
  const r = await load(instance, actor, id, 'act');
  requireRight(r, 'rectification', 'a rectification');
  const { fields, alert } = await rectifyAlertSubject(instance, actor, input.alertId, input.subjectId, input.changes, {
    id: String(r._id),
    number: r.number,
  });
  const event = await recordAudit(instance, {
    actor,
    action: `${TARGET}.rectify`,
    targetType: TARGET,
    targetId: id,
    details: { number: r.number, alertId: input.alertId, reference: alert.reference, subjectId: input.subjectId, fields },
  });
  await addAction(instance, id, {
    at: new Date(event.at),
    by: actor.id,
    kind: 'rectify',
    alertId: input.alertId,
    reference: alert.reference,
    summary: { subjectId: input.subjectId, fields },
    auditSeq: event.seq,
  });
  return getSubjectRequest(instance, actor, id);
}

export async function eraseForRequest(
  instance: Instance,
  actor: Actor,
  id: string,
  input: AlertErasure & { alertId: string },
): Promise<SubjectRequestDto> {
  const r = await load(instance, actor, id, 'act');
  requireRight(r, 'suppression', 'an erasure');
  const { alertId, ...target } = input;
  const { removed, alert } = await eraseFromAlert(instance, actor, alertId, target, { id: String(r._id), number: r.number });
  const event = await recordAudit(instance, {
    actor,
    action: `${TARGET}.erase`,
    targetType: TARGET,
    targetId: id,
    details: { number: r.number, alertId, reference: alert.reference, ...removed },
  });
  await addAction(instance, id, {
    at: new Date(event.at),
    by: actor.id,
    kind: 'erase',
    alertId,
    reference: alert.reference,
    summary: removed,
    auditSeq: event.seq,
  });
  return getSubjectRequest(instance, actor, id);
}

/**
 * Closes the request. For a suppression: the personal parts of the audit events that hold the
 * person (format 2; older events cannot be erased without breaking the chain, and are counted)
 * are erased, then the person's identifier and name leave the request itself.
 */
export async function completeSubjectRequest(instance: Instance, actor: Actor, id: string): Promise<SubjectRequestDto> {
  const { SubjectRequest } = instance.models.privacy;
  const r = await load(instance, actor, id, 'complete');
  let summary: Record<string, unknown> = {};
  if (r.right === 'suppression') {
    const findings = await findPerson(instance, r);
    const seqs = findings.auditEvents.filter((e) => e.erasable && !e.erased).map((e) => e.seq);
    const { erased, notErasable } = await erasePersonalDetails(instance, actor, seqs, { id, number: r.number });
    summary = {
      auditErased: erased.length,
      auditNotErasable: findings.auditEvents.filter((e) => !e.erasable && !e.erased).length + notErasable.length,
    };
  }
  const completed = await withDocLock(instance.store, `subjectrequest:${id}`, () =>
    SubjectRequest.findOneAndUpdate(
      { _id: id, status: 'approved' },
      {
        $set: {
          status: 'completed',
          completedBy: actor.id,
          completedAt: new Date(),
          ...(r.right === 'suppression' ? { identifier: null, name: null, reference: null, queryErased: true } : {}),
        },
      },
      { returnDocument: 'after' },
    ).lean<SubjectRequestDoc>(),
  );
  if (!completed) throw new DomainError('conflict', 'the request is no longer approved');
  const event = await recordAudit(instance, {
    actor,
    action: `${TARGET}.complete`,
    targetType: TARGET,
    targetId: id,
    details: { number: r.number, ...summary },
  });
  await addAction(instance, id, { at: new Date(event.at), by: actor.id, kind: 'complete', summary, auditSeq: event.seq });
  return getSubjectRequest(instance, actor, id);
}
