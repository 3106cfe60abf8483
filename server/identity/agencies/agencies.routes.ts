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
    endpoint({ query: listAgenciesQuery }, ({ actor, query }) => listAgencies(actor, query)),
  );
  r.post(
    '/',
    endpoint({ body: createAgencySchema, status: 201 }, ({ actor, body }) => createAgency(actor, body)),
  );
  r.get(
    '/:id',
    endpoint({ params: idParam }, ({ actor, params }) => getAgency(actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint({ params: idParam, body: updateAgencySchema }, ({ actor, params, body }) => updateAgency(instance, actor, params.id, body)),
  );
  return r;
}
