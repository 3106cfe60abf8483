/**
 * Access requests (API.md): a user who found, by identifier, an alert not distributed to them asks
 * the issuing agency for access; a grant adds the requester's agency to the alert's audience.
 */
import type { AccessRequestDto } from '../../../shared/dto/access.js';
import type { AlertKind } from '../../../shared/dto/alert.js';
import { DomainError } from '../../platform/errors.js';
import { type AccessRequestDoc } from './AccessRequest.js';
import { canSeeAlert, finishChange, mutateAlert, readAlertToShow, type AlertDoc } from '../../alerts/index.js';
import { isOperational, userById } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { authorize } from '../../platform/authorize.js';
import { isObjectIdHex, op, withDocLock } from '../../platform/store/index.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';

import { decodeCursor, toPage, type Page } from '../../platform/pagination.js';
import { z } from 'zod';
import { grantExpiry } from './grantExpiry.js';
import { holdsStubReceipt } from './stubReceipts.js';
import type { Instance } from '../../platform/instance.js';

export function presentAccessRequest(r: AccessRequestDoc, alert?: Pick<AlertDoc, 'reference' | 'kind'> | null): AccessRequestDto {
  return {
    id: String(r._id),
    alertId: r.alertId,
    reference: alert?.reference ?? null,
    kind: (alert?.kind as AlertKind | undefined) ?? null,
    originAgencyId: r.originAgencyId,
    requesterId: r.requesterId,
    requesterAgencyId: r.requesterAgencyId,
    requesterName: r.requesterName ?? null,
    reason: r.reason,
    status: r.status,
    note: r.note,
    decidedBy: r.decidedBy,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
    endedBy: r.endedBy ?? null,
    endNote: r.endNote ?? null,
    createdAt: r.createdAt.toISOString(),
  };
}
export type { AccessRequestDto };

/**
 * Asks for access to an alert the caller received as a search stub (within its receipt's
 * lifetime). Every other case — no such alert, never received, receipt expired, already
 * visible — answers the same 404, so a request reveals nothing about which alerts exist.
 */
export async function requestAccess(instance: Instance, actor: Actor, alertId: string, reason: string): Promise<AccessRequestDto> {
  const { AccessRequest } = instance.models.search;
  authorize(isOperational(actor), 'access.request', { targetType: 'alert', targetId: alertId });
  const received = await holdsStubReceipt(instance, actor.id, alertId);
  const alert = received ? await readAlertToShow(instance, alertId) : null;
  if (!alert || canSeeAlert(actor, alert)) {
    await recordAudit(instance, {
      actor,
      action: 'access.request',
      outcome: 'failure',
      targetType: 'alert',
      targetId: alertId,
      details: { reason: !received ? 'no_stub_received' : !alert ? 'gone' : 'already_visible' },
    });
    throw new DomainError('not_found');
  }
  const requester = await userById(instance, actor.id, ['displayName']);
  const doc = await AccessRequest.create({
    alertId,
    originAgencyId: alert.originAgencyId,
    requesterId: actor.id,
    requesterAgencyId: actor.agencyId,
    requesterName: requester?.displayName ?? null,
    requesterCountry: actor.country,
    reason,
  });
  const dto = presentAccessRequest(doc.toObject(), alert);
  await recordAudit(instance, {
    actor,
    action: 'access.request',
    targetType: 'alert',
    targetId: alertId,
    details: { requestId: dto.id },
    personal: { reason },
  });
  await instance.events.noteInboxCause({
    kind: 'access_requested',
    request: dto,
    originAgencyId: alert.originAgencyId,
    requesterId: actor.id,
  });
  instance.events.emit('access.requested', { request: dto, originAgencyId: alert.originAgencyId });
  return dto;
}

const cursorSchema = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });

/** Newest first, `limit` per page with a cursor (API.md lists). */
export async function listAccessRequests(
  instance: Instance,
  actor: Actor,
  query: { box: 'incoming' | 'outgoing'; limit: number; cursor?: string | undefined },
): Promise<Page<AccessRequestDto>> {
  const { AccessRequest } = instance.models.search;
  const filter: Record<string, unknown> = query.box === 'incoming' ? { originAgencyId: actor.agencyId } : { requesterId: actor.id };
  const after = decodeCursor(query.cursor, cursorSchema);
  if (after) filter._id = op({ $lt: after.id });
  const docs = await AccessRequest.find(filter)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<AccessRequestDoc[]>();
  const alerts = new Map<string, AlertDoc | null>();
  for (const d of docs.slice(0, query.limit)) if (!alerts.has(d.alertId)) alerts.set(d.alertId, await readAlertToShow(instance, d.alertId));
  return toPage(
    docs,
    query.limit,
    (d) => presentAccessRequest(d, alerts.get(d.alertId)),
    (d) => ({ id: String(d._id) }),
  );
}

/**
 * The issuing agency decides; a grant adds the requester's agency to the alert's audience until
 * it lapses after `expiresInDays` (grantLifecycle.ts) or is revoked.
 */
export async function decideAccess(
  instance: Instance,
  actor: Actor,
  requestId: string,
  decision: 'grant' | 'refuse',
  note: string | undefined,
  expiresInDays?: number,
): Promise<AccessRequestDto> {
  const { AccessRequest } = instance.models.search;
  const request = isObjectIdHex(requestId) ? await AccessRequest.findById(requestId).lean<AccessRequestDoc>() : null;
  authorize(!!request && request.originAgencyId === actor.agencyId, 'access.decide', {
    hide: true,
    targetType: 'access_request',
    targetId: requestId,
  });
  authorize(isOperational(actor), 'access.decide', { targetType: 'access_request', targetId: requestId });
  const decided = await withDocLock(instance.store, `access:${requestId}`, async () => {
    const current = await AccessRequest.findById(requestId).lean<AccessRequestDoc>();
    if (!current || current.status !== 'pending')
      throw new DomainError('conflict', 'already decided', [{ path: 'decision', message: 'this request was already decided' }]);
    const status = decision === 'grant' ? 'granted' : 'refused';
    const expiresAt = decision === 'grant' ? grantExpiry(expiresInDays) : null;
    await AccessRequest.updateOne(
      { _id: requestId },
      { $set: { status, decidedBy: actor.id, decidedAt: new Date(), note: note ?? null, expiresAt } },
    );
    return (await AccessRequest.findById(requestId).lean<AccessRequestDoc>())!;
  });
  if (decision === 'grant') {
    const alert = await mutateAlert(instance, decided.alertId, 'changed', () => ({
      $addToSet: { grantedAgencyIds: decided.requesterAgencyId },
      $push: {
        history: {
          at: new Date(),
          by: actor.id,
          agencyId: actor.agencyId,
          action: 'access_granted',
          reason: `agency ${decided.requesterAgencyId}`,
          fields: ['grantedAgencyIds'],
        },
      },
    }));
    await finishChange(instance, actor, alert, 'alert.access_granted', { requestId, agencyId: decided.requesterAgencyId });
  }
  const alert = await readAlertToShow(instance, decided.alertId);
  const dto = presentAccessRequest(decided, alert);
  await recordAudit(instance, {
    actor,
    action: 'access.decision',
    targetType: 'access_request',
    targetId: requestId,
    details: { decision, alertId: decided.alertId, requesterAgencyId: decided.requesterAgencyId },
  });
  await instance.events.noteInboxCause({ kind: 'access_decided', request: dto, requesterId: decided.requesterId, by: actor.id });
  instance.events.emit('access.decided', { request: dto, requesterId: decided.requesterId });
  return dto;
}
