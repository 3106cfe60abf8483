/** /api/v1/audit (API.md "Audit"): reading the trail is itself audited. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { isoDateTime, objectId, pagination } from '../../shared/schemas/common.js';
import { DomainError } from '../platform/errors.js';
import { endpoint } from '../platform/http/endpoint.js';
import { authorize } from '../platform/authorize.js';
import { auditScope, can, canReadAgencyEvents } from './audit.policy.js';
import { getAuditEvent, listAuditEvents, recordAudit, verifyAuditChain } from '../platform/auditTrail/auditTrail.js';
import { withAuditLabels } from './auditLabels.js';
import type { Instance } from '../platform/instance.js';

const listQuery = z.strictObject({
  actorId: z.union([objectId, z.literal('system')]).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'not an action name')
    .optional(),
  agencyId: objectId.optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  targetType: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'not a resource type')
    .optional(),
  targetId: z.string().min(1).max(100).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  ...pagination,
});

const seqParam = z.strictObject({ seq: z.coerce.number().int().positive() });

export function auditRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: listQuery }, async ({ actor, query }) => {
      authorize(can(actor, 'list'), 'audit.list', { targetType: 'audit' });
      if (query.agencyId)
        authorize(canReadAgencyEvents(actor, query.agencyId), 'audit.list', { targetType: 'agency', targetId: query.agencyId });
      const agencyId = auditScope(actor) ?? query.agencyId;
      const page = await listAuditEvents(
        instance,
        {
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.outcome ? { outcome: query.outcome } : {}),
          ...(query.targetType ? { targetType: query.targetType } : {}),
          ...(query.targetId ? { targetId: query.targetId } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(query.to ? { to: new Date(query.to) } : {}),
          ...(agencyId ? { agencyId } : {}),
        },
        { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      await recordAudit(instance, {
        actor,
        action: 'audit.read',
        targetType: 'audit',
        details: { filter: { ...query, cursor: undefined }, returned: page.items.length },
      });
      return { ...page, items: await withAuditLabels(instance, page.items) };
    }),
  );
  r.get(
    '/verify',
    endpoint(instance, {}, async ({ actor }) => {
      authorize(can(actor, 'verify'), 'audit.verify', { targetType: 'audit' });
      const result = await verifyAuditChain(instance);
      await recordAudit(instance, {
        actor,
        action: 'audit.verify',
        targetType: 'audit',
        outcome: result.ok ? 'success' : 'failure',
        details: { ...result },
      });
      return result.ok
        ? { ok: true, checked: result.checked }
        : { ok: false, brokenAt: result.brokenAt, checked: result.checked, reason: result.reason };
    }),
  );
  r.get(
    '/:seq',
    endpoint(instance, { params: seqParam }, async ({ actor, params }) => {
      authorize(can(actor, 'list'), 'audit.read', { targetType: 'audit' });
      const event = await getAuditEvent(instance, params.seq);
      // Outside the actor's scope answers like a missing event.
      if (!event || !canReadAgencyEvents(actor, event.actorAgencyId)) throw new DomainError('not_found');
      await recordAudit(instance, { actor, action: 'audit.read', targetType: 'audit', targetId: String(params.seq) });
      const [labelled] = await withAuditLabels(instance, [event]);
      return labelled;
    }),
  );
  return r;
}
