/**
 * Access grants are need-to-know, not forever (issue #14): a grant carries an expiry chosen by
 * the granter, lapses by itself (run by the `access.lapse_grants` job, audited as the system),
 * and the origin agency may revoke it early. Ending a grant takes the requester's agency off the
 * alert's `grantedAgencyIds` unless another live grant of the same agency on that alert remains.
 */
import { DomainError } from '../../platform/errors.js';
import { type AccessRequestDoc } from './AccessRequest.js';
import { finishChange, mutateAlert, readAlertToShow, type AlertDoc } from '../../alerts/index.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { authorize } from '../../platform/authorize.js';
import { isObjectIdHex, op, withDocLock } from '../../platform/store/index.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';

import { presentAccessRequest, type AccessRequestDto } from './accessRequests.service.js';
import type { Instance } from '../../platform/instance.js';

type Ending = 'lapsed' | 'revoked';

/**
 * The two writes that end a grant, a seam so tests can fail either. The alert is closed first and
 * the request marked last: a failure in between leaves the request a live grant, which the next
 * lapse run (or a new revocation) finds and finishes, instead of a lapsed request whose agency
 * still reads the alert.
 */
export const grantEndingWrites = {
  /** Takes the agency off the alert; null when it was already off (an earlier, unfinished try). */
  closeAlert: async (
    instance: Instance,
    request: AccessRequestDoc,
    ending: Ending,
    actor: Actor | null,
    at: Date,
  ): Promise<AlertDoc | null> => {
    let changed = false;
    const alert = await mutateAlert(
      instance,
      request.alertId,
      'changed',
      (current) => {
        if (!current.grantedAgencyIds.includes(request.requesterAgencyId)) return null;
        changed = true;
        return {
          $pull: { grantedAgencyIds: request.requesterAgencyId },
          $push: {
            history: {
              at,
              by: actor?.id ?? 'system',
              agencyId: request.originAgencyId,
              action: ending === 'lapsed' ? 'access_lapsed' : 'access_revoked',
              reason: `agency ${request.requesterAgencyId}`,
              fields: ['grantedAgencyIds'],
            },
          },
        };
      },
      { onPurged: 'apply' },
    ); // taking an agency's access away applies to a purged alert too
    return changed ? alert : null;
  },
  markEnded: async (
    instance: Instance,
    requestId: string,
    ending: Ending,
    actor: Actor | null,
    note: string | null,
    at: Date,
  ): Promise<void> => {
    const { AccessRequest } = instance.models.search;
    await AccessRequest.updateOne(
      { _id: requestId },
      { $set: { status: ending, endedAt: at, endedBy: actor?.id ?? 'system', endNote: note } },
    );
  },
};

/**
 * Ends a live grant: takes the agency off the alert when no other live grant keeps it there,
 * then marks the request, audits both, and tells both parties (`access:decision`). Returns null
 * when the request is no longer a live grant (already ended by a concurrent run). Rejects when a
 * write fails; the request then stays a live grant, so ending it again finishes the work.
 */
async function endGrant(
  instance: Instance,
  requestId: string,
  ending: Ending,
  actor: Actor | null,
  note: string | null,
): Promise<AccessRequestDto | null> {
  const { AccessRequest } = instance.models.search;
  const now = new Date();
  const ended = await withDocLock(instance.store, `access:${requestId}`, async () => {
    const current = await AccessRequest.findById(requestId).lean<AccessRequestDoc>();
    if (!current || current.status !== 'granted') return null;
    const othersLive = await AccessRequest.countDocuments({
      _id: op({ $ne: current._id }),
      alertId: current.alertId,
      requesterAgencyId: current.requesterAgencyId,
      status: 'granted',
    });
    if (othersLive === 0) {
      const closed = await grantEndingWrites.closeAlert(instance, current, ending, actor, now);
      // Audited and announced once, by the try that changed the alert.
      if (closed)
        await finishChange(instance, actor, closed, ending === 'lapsed' ? 'alert.access_lapsed' : 'alert.access_revoked', {
          requestId,
          agencyId: current.requesterAgencyId,
        });
    }
    await grantEndingWrites.markEnded(instance, requestId, ending, actor, note, now);
    return (await AccessRequest.findById(requestId).lean<AccessRequestDoc>())!;
  });
  if (!ended) return null;
  const alert = await readAlertToShow(instance, ended.alertId);
  const dto = presentAccessRequest(ended, alert);
  await recordAudit(instance, {
    actor,
    actorIdOverride: actor ? undefined : 'system',
    action: ending === 'lapsed' ? 'access.lapse' : 'access.revoke',
    targetType: 'access_request',
    targetId: requestId,
    details: { alertId: ended.alertId, requesterAgencyId: ended.requesterAgencyId, expiresAt: ended.expiresAt?.toISOString() ?? null },
  });
  await instance.events.noteInboxCause({ kind: 'access_decided', request: dto, requesterId: ended.requesterId, by: actor?.id ?? 'system' });
  instance.events.emit('access.decided', { request: dto, requesterId: ended.requesterId });
  return dto;
}

/** The origin agency ends a live grant before it lapses. Requests of other agencies answer 404. */
export async function revokeGrant(
  instance: Instance,
  actor: Actor,
  requestId: string,
  note: string | undefined,
): Promise<AccessRequestDto> {
  const { AccessRequest } = instance.models.search;
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
  const dto = await endGrant(instance, requestId, 'revoked', actor, note ?? null);
  if (!dto) throw new DomainError('conflict', 'not a live grant', [{ path: 'id', message: 'only a live grant can be revoked' }]);
  return dto;
}

/**
 * Lapses every grant past its expiry; returns how many lapsed (the scheduler's job). A grant whose
 * ending fails stays due and is tried again by the next run; the others still lapse in this one.
 */
export async function lapseExpiredGrants(instance: Instance, now = Date.now()): Promise<number> {
  const { AccessRequest } = instance.models.search;
  const due = await AccessRequest.find({ status: 'granted', expiresAt: op({ $lte: new Date(now) }) }, { _id: 1 }).lean<
    Pick<AccessRequestDoc, '_id'>[]
  >();
  let lapsed = 0;
  let firstFailure: unknown = null;
  for (const { _id } of due) {
    try {
      if (await endGrant(instance, String(_id), 'lapsed', null, null)) lapsed++;
    } catch (err) {
      firstFailure ??= err;
    }
  }
  // The job's log shows the failure; the grants that failed are still due for the next run.
  if (firstFailure) throw firstFailure;
  return lapsed;
}
