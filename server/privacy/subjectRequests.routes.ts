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
    endpoint({ query: subjectRequestListQuery }, ({ actor, query }) => listSubjectRequests(actor, query)),
  );
  r.post(
    '/',
    endpoint({ body: openSubjectRequestSchema, status: 201 }, ({ actor, body }) => openSubjectRequest(actor, body)),
  );
  r.get(
    '/:id',
    endpoint({ params: idParam }, ({ actor, params }) => getSubjectRequest(actor, params.id)),
  );
  r.post(
    '/:id/decision',
    endpoint({ params: idParam, body: subjectRequestDecisionSchema }, ({ actor, params, body }) =>
      decideSubjectRequest(actor, params.id, body.decision, body.note),
    ),
  );
  r.get(
    '/:id/findings',
    endpoint({ params: idParam }, ({ actor, params }) => subjectRequestFindings(instance, actor, params.id)),
  );
  r.get(
    '/:id/export',
    endpoint({ params: idParam, query: subjectRequestExportQuery }, async ({ actor, params, query, res }) => {
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
    endpoint({ params: idParam, body: rectifySubjectSchema }, ({ actor, params, body }) =>
      rectifyForRequest(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/erase',
    endpoint({ params: idParam, body: eraseFromAlertSchema }, ({ actor, params, body }) =>
      eraseForRequest(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/complete',
    endpoint({ params: idParam }, ({ actor, params }) => completeSubjectRequest(instance, actor, params.id)),
  );
  return r;
}
