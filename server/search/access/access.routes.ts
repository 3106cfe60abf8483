/** /api/v1/access-requests and /api/v1/watches (API.md). */
import express, { type Router } from 'express';
import {
  accessBoxQuery,
  accessDecisionSchema,
  accessRevokeSchema,
  createAccessRequestSchema,
  createWatchSchema,
} from '../../../shared/schemas/search.js';
import { idParam } from '../../../shared/schemas/users.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { decideAccess, listAccessRequests, requestAccess } from './accessRequests.service.js';
import { revokeGrant } from './grantLifecycle.js';
import { createWatch, deleteWatch, listWatches } from '../watches/watches.service.js';
import type { Instance } from '../../platform/instance.js';

export function accessRequestsRoutes(instance: Instance): Router {
  const r = express.Router();
  r.post(
    '/',
    endpoint(instance, { body: createAccessRequestSchema, status: 201 }, ({ actor, body }) =>
      requestAccess(instance, actor, body.alertId, body.reason),
    ),
  );
  r.get(
    '/',
    endpoint(instance, { query: accessBoxQuery }, ({ actor, query }) => listAccessRequests(instance, actor, query)),
  );
  r.post(
    '/:id/decision',
    endpoint(instance, { params: idParam, body: accessDecisionSchema }, ({ actor, params, body }) =>
      decideAccess(instance, actor, params.id, body.decision, body.note, body.expiresInDays),
    ),
  );
  r.post(
    '/:id/revoke',
    endpoint(instance, { params: idParam, body: accessRevokeSchema }, ({ actor, params, body }) =>
      revokeGrant(instance, actor, params.id, body.note),
    ),
  );
  return r;
}

export function watchesRoutes(instance: Instance): Router {
  const r = express.Router();
  r.post(
    '/',
    endpoint(instance, { body: createWatchSchema, status: 201 }, ({ actor, body }) => createWatch(instance, actor, body)),
  );
  r.get(
    '/',
    endpoint(instance, {}, ({ actor }) => listWatches(instance, actor)),
  );
  r.delete(
    '/:id',
    endpoint(instance, { params: idParam }, async ({ actor, params }) => {
      await deleteWatch(instance, actor, params.id);
      return undefined;
    }),
  );
  return r;
}
