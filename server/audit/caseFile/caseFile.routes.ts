/**
 * An alert's case file, under `/alerts/:id/case-file.pdf`, `/case-file.json` and
 * `/case-file?format=pdf|json` (docs/api-extensions.md "Case file for court"): mounted beside the
 * alerts' own routes, like their matches.
 */
import express, { type Response, type Router } from 'express';
import { caseFileQuery } from '../../../shared/schemas/alerts.js';
import { idParam } from '../../../shared/schemas/users.js';
import type { Actor } from '../../platform/actor.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { exportCaseFile, type CaseFileFormat } from './caseFile.service.js';
import { renderCaseFilePdf } from './caseFilePdf.js';
import type { Instance } from '../../platform/instance.js';

/** Exports (audited), then answers the JSON form, or streams the PDF. */
async function sendCaseFile(instance: Instance, actor: Actor, alertId: string, format: CaseFileFormat, res: Response): Promise<unknown> {
  const file = await exportCaseFile(instance, actor, alertId, format);
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Disposition', `attachment; filename="${file.baseName}.${format}"`);
  if (format === 'json') return file.json;
  res.status(200).type('application/pdf');
  await renderCaseFilePdf(file, res);
  return undefined;
}

export function caseFileRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/:id/case-file.pdf',
    endpoint(instance, { params: idParam }, ({ actor, params, res }) => sendCaseFile(instance, actor, params.id, 'pdf', res)),
  );
  r.get(
    '/:id/case-file.json',
    endpoint(instance, { params: idParam }, ({ actor, params, res }) => sendCaseFile(instance, actor, params.id, 'json', res)),
  );
  r.get(
    '/:id/case-file',
    endpoint(instance, { params: idParam, query: caseFileQuery }, ({ actor, params, query, res }) =>
      sendCaseFile(instance, actor, params.id, query.format, res),
    ),
  );
  return r;
}
