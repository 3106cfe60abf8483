/** /api/v1/agencies (API.md "Agencies"). */
import express, { type Router } from 'express';
import { createAgencySchema, listAgenciesQuery, updateAgencySchema } from '../../../shared/schemas/agencies.js';
import { idParam } from '../../../shared/schemas/users.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { createAgency, getAgency, listAgencies, updateAgency } from './agencies.service.js';
import type { Instance } from '../../platform/instance.js';

export function agenciesRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: listAgenciesQuery }, ({ actor, query }) => listAgencies(instance, actor, query)),
  );
  r.post(
    '/',
    endpoint(instance, { body: createAgencySchema, status: 201 }, ({ actor, body }) => createAgency(instance, actor, body)),
  );
  r.get(
    '/:id',
    endpoint(instance, { params: idParam }, ({ actor, params }) => getAgency(instance, actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint(instance, { params: idParam, body: updateAgencySchema }, ({ actor, params, body }) =>
      updateAgency(instance, actor, params.id, body),
    ),
  );
  return r;
}
