/** `/api/v1/subject-requests` (docs/api-extensions.md "Data-subject requests"): system administrators only. */
import express, { type Router } from 'express';
import {
  eraseFromAlertSchema,
  openSubjectRequestSchema,
  rectifySubjectSchema,
  subjectRequestDecisionSchema,
  subjectRequestExportQuery,
  subjectRequestListQuery,
} from '../../shared/schemas/subjectRequests.js';
import { idParam } from '../../shared/schemas/users.js';
import { COUNTRY_ZONES } from '../../shared/time.js';
import { endpoint } from '../platform/http/endpoint.js';
import { exportBaseName, renderSubjectExportPdf } from './findingsPdf.js';
import {
  completeSubjectRequest,
  decideSubjectRequest,
  eraseForRequest,
  exportSubjectRequest,
  getSubjectRequest,
  listSubjectRequests,
  openSubjectRequest,
  rectifyForRequest,
  subjectRequestFindings,
} from './subjectRequests.service.js';
import type { Instance } from '../platform/instance.js';

export function subjectRequestsRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: subjectRequestListQuery }, ({ actor, query }) => listSubjectRequests(instance, actor, query)),
  );
  r.post(
    '/',
    endpoint(instance, { body: openSubjectRequestSchema, status: 201 }, ({ actor, body }) => openSubjectRequest(instance, actor, body)),
  );
  r.get(
    '/:id',
    endpoint(instance, { params: idParam }, ({ actor, params }) => getSubjectRequest(instance, actor, params.id)),
  );
  r.post(
    '/:id/decision',
    endpoint(instance, { params: idParam, body: subjectRequestDecisionSchema }, ({ actor, params, body }) =>
      decideSubjectRequest(instance, actor, params.id, body.decision, body.note),
    ),
  );
  r.get(
    '/:id/findings',
    endpoint(instance, { params: idParam }, ({ actor, params }) => subjectRequestFindings(instance, actor, params.id)),
  );
  r.get(
    '/:id/export',
    endpoint(instance, { params: idParam, query: subjectRequestExportQuery }, async ({ actor, params, query, res }) => {
      const file = await exportSubjectRequest(instance, actor, params.id, query.format);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Disposition', `attachment; filename="${exportBaseName(file.findings.request.number)}.${query.format}"`);
      if (query.format === 'json') return file;
      res.status(200).type('application/pdf');
      await renderSubjectExportPdf(file, COUNTRY_ZONES[actor.country], res);
      return undefined;
    }),
  );
  r.post(
    '/:id/rectify',
    endpoint(instance, { params: idParam, body: rectifySubjectSchema }, ({ actor, params, body }) =>
      rectifyForRequest(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/erase',
    endpoint(instance, { params: idParam, body: eraseFromAlertSchema }, ({ actor, params, body }) =>
      eraseForRequest(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/complete',
    endpoint(instance, { params: idParam }, ({ actor, params }) => completeSubjectRequest(instance, actor, params.id)),
  );
  return r;
}
