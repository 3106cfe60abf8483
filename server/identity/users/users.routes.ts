/** /api/v1/users (API.md "Users"). */
import express, { type Router } from 'express';
import { idParam, inviteUserSchema, listUsersQuery, updateUserSchema } from '../../../shared/schemas/users.js';
import { listUsersFilteredQuery } from '../../../shared/schemas/userFilters.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { decideRoleGrant, listRoleGrants } from './roleGrants.service.js';
import { listUsersFiltered } from './userList.js';
import { getUser, inviteUser, resetUser, unlockUser, updateUser } from './users.service.js';
import type { Instance } from '../../platform/instance.js';

export function usersRoutes(instance: Instance, settings: { inactiveAccountDays: number }): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: listUsersFilteredQuery }, ({ actor, query }) => listUsersFiltered(instance, actor, query, settings)),
  );
  r.post(
    '/',
    endpoint(instance, { body: inviteUserSchema, status: 201 }, ({ actor, body }) => inviteUser(instance, actor, body)),
  );
  // Extensions (docs/api-extensions.md): restricted role grants waiting for a system admin.
  r.get(
    '/role-grants',
    endpoint(instance, { query: listUsersQuery }, ({ actor, query }) => listRoleGrants(instance, actor, query)),
  );
  for (const decision of ['approve', 'refuse'] as const) {
    r.post(
      `/:id/role-grant/${decision}`,
      endpoint(instance, { params: idParam }, ({ actor, params }) => decideRoleGrant(instance, actor, params.id, decision)),
    );
  }
  r.get(
    '/:id',
    endpoint(instance, { params: idParam }, ({ actor, params }) => getUser(instance, actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint(instance, { params: idParam, body: updateUserSchema }, ({ actor, params, body }) =>
      updateUser(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/reset',
    endpoint(instance, { params: idParam }, ({ actor, params }) => resetUser(instance, actor, params.id)),
  );
  r.post(
    '/:id/unlock',
    endpoint(instance, { params: idParam }, async ({ actor, params }) => {
      await unlockUser(instance, actor, params.id);
      return undefined;
    }),
  );
  return r;
}
