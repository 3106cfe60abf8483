/** /api/v1/audit (API.md "Audit"): reading the trail is itself audited. */
import express, { type Router } from 'express';
import { z } from 'zod';
import { isoDateTime, objectId, pagination } from '../../shared/schemas/common.js';
import { endpoint } from '../http/endpoint.js';
import { authorize } from '../policies/authorize.js';
import { auditScope, can } from '../policies/audit.policy.js';
import { listAuditEvents, recordAudit, verifyAuditChain } from '../services/audit/audit.service.js';

const listQuery = z.strictObject({
  actorId: z.union([objectId, z.literal('system')]).optional(),
  action: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/, 'not an action name')
    .optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  ...pagination,
});

export function auditRoutes(): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint({ query: listQuery }, async ({ actor, query }) => {
      authorize(can(actor, 'list'), 'audit.list', { targetType: 'audit' });
      const scope = auditScope(actor);
      const page = await listAuditEvents(
        {
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.action ? { action: query.action } : {}),
          ...(query.from ? { from: new Date(query.from) } : {}),
          ...(query.to ? { to: new Date(query.to) } : {}),
          ...(scope ? { agencyId: scope } : {}),
        },
        { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) },
      );
      await recordAudit({
        actor,
        action: 'audit.read',
        targetType: 'audit',
        details: { filter: { ...query, cursor: undefined }, returned: page.items.length },
      });
      return page;
    }),
  );
  r.get(
    '/verify',
    endpoint({}, async ({ actor }) => {
      authorize(can(actor, 'verify'), 'audit.verify', { targetType: 'audit' });
      const result = await verifyAuditChain();
      await recordAudit({
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
  return r;
}
