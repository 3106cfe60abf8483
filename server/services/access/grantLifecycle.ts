/**
 * Access grants are need-to-know, not forever (issue #14): a grant carries an expiry chosen by
 * the granter, lapses by itself (run by the `access.lapse_grants` job, audited as the system),
 * and the origin agency may revoke it early. Ending a grant takes the requester's agency off the
 * alert's `grantedAgencyIds` unless another live grant of the same agency on that alert remains.
 */
import { ApiError } from '../../http/apiError.js';
import { AccessRequest, type AccessRequestDoc } from '../../models/AccessRequest.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import { authorize } from '../../policies/authorize.js';
import { withDocLock } from '../../store/docLock.js';
import { isObjectIdHex, op } from '../../store/mongoose.js';
import { mutateAlert } from '../alerts/alertMutation.js';
import { finishChange, readAlertToShow } from '../alerts/alerts.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { domainEvents } from '../domainEvents.js';
import { recordAccessDecided } from '../inbox/inboxCauses.js';
import { presentAccessRequest, type AccessRequestDto } from './accessRequests.service.js';

type Ending = 'lapsed' | 'revoked';

/**
 * Ends a live grant: marks the request, takes the agency off the alert when no other live grant
 * keeps it there, audits both, and tells both parties (`access:decision`). Returns null when the
 * request is no longer a live grant (already ended by a concurrent run).
 */
async function endGrant(requestId: string, ending: Ending, actor: Actor | null, note: string | null): Promise<AccessRequestDto | null> {
  const now = new Date();
  const ended = await withDocLock(`access:${requestId}`, async () => {
    const current = await AccessRequest.findById(requestId).lean<AccessRequestDoc>();
    if (!current || current.status !== 'granted') return null;
    await AccessRequest.updateOne(
      { _id: requestId },
      { $set: { status: ending, endedAt: now, endedBy: actor?.id ?? 'system', endNote: note } },
    );
    return (await AccessRequest.findById(requestId).lean<AccessRequestDoc>())!;
  });
  if (!ended) return null;
  const stillGranted = await AccessRequest.countDocuments({
    alertId: ended.alertId,
    requesterAgencyId: ended.requesterAgencyId,
    status: 'granted',
  });
  if (stillGranted === 0) {
    const alert = await mutateAlert(ended.alertId, 'changed', () => ({
      $pull: { grantedAgencyIds: ended.requesterAgencyId },
      $push: {
        history: {
          at: now,
          by: actor?.id ?? 'system',
          agencyId: ended.originAgencyId,
          action: ending === 'lapsed' ? 'access_lapsed' : 'access_revoked',
          reason: `agency ${ended.requesterAgencyId}`,
          fields: ['grantedAgencyIds'],
        },
      },
    }));
    await finishChange(actor, alert, ending === 'lapsed' ? 'alert.access_lapsed' : 'alert.access_revoked', {
      requestId,
      agencyId: ended.requesterAgencyId,
    });
  }
  const alert = await readAlertToShow(ended.alertId);
  const dto = presentAccessRequest(ended, alert);
  await recordAudit({
    actor,
    actorIdOverride: actor ? undefined : 'system',
    action: ending === 'lapsed' ? 'access.lapse' : 'access.revoke',
    targetType: 'access_request',
    targetId: requestId,
    details: { alertId: ended.alertId, requesterAgencyId: ended.requesterAgencyId, expiresAt: ended.expiresAt?.toISOString() ?? null },
  });
  await recordAccessDecided(dto, ended.requesterId, actor?.id ?? 'system');
  domainEvents.emit('access.decided', { request: dto, requesterId: ended.requesterId });
  return dto;
}

/** The origin agency ends a live grant before it lapses. Requests of other agencies answer 404. */
export async function revokeGrant(actor: Actor, requestId: string, note: string | undefined): Promise<AccessRequestDto> {
  const request = isObjectIdHex(requestId) ? await AccessRequest.findById(requestId).lean<AccessRequestDoc>() : null;
  authorize(!!request && request.originAgencyId === actor.agencyId, 'access.revoke', {
    hide: true,
    targetType: 'access_request',
    targetId: requestId,
  });
  authorize(hasRole(actor, 'officer') || hasRole(actor, 'prosecutor') || hasRole(actor, 'agency_admin'), 'access.revoke', {
    targetType: 'access_request',
    targetId: requestId,
  });
  const dto = await endGrant(requestId, 'revoked', actor, note ?? null);
  if (!dto) throw new ApiError('conflict', 'not a live grant', [{ path: 'id', message: 'only a live grant can be revoked' }]);
  return dto;
}

/** Lapses every grant past its expiry; returns how many lapsed (the scheduler's job). */
export async function lapseExpiredGrants(now = Date.now()): Promise<number> {
  const due = await AccessRequest.find({ status: 'granted', expiresAt: op({ $lte: new Date(now) }) }, { _id: 1 }).lean<
    Pick<AccessRequestDoc, '_id'>[]
  >();
  let lapsed = 0;
  for (const { _id } of due) if (await endGrant(String(_id), 'lapsed', null, null)) lapsed++;
  return lapsed;
}
