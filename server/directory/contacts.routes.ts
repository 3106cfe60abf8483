/** /api/v1/contacts (API.md "Directory"). The exports are declared before `/:id`. */
import express, { type Response, type Router } from 'express';
import {
  createContactSchema,
  exportContactsQuery,
  exportVcardQuery,
  listContactsQuery,
  updateContactSchema,
} from '../../shared/schemas/contacts.js';
import { idParam } from '../../shared/schemas/users.js';
import { endpoint } from '../platform/http/endpoint.js';
import { exportContacts, type ExportFile, type ExportFormat } from './contactExport.service.js';
import { createContact, deleteContact, getContact, listContacts, updateContact, verifyContact } from './contacts.service.js';
import type { Instance } from '../platform/instance.js';

function sendFile(res: Response, file: ExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.body);
}

const exportRoute = (instance: Instance, format: Exclude<ExportFormat, 'vcf'>) =>
  endpoint(instance, { query: exportContactsQuery }, async ({ actor, query, res }) => {
    sendFile(res, await exportContacts(instance, actor, query, format));
  });

export function contactsRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/export.vcf',
    endpoint(instance, { query: exportVcardQuery }, async ({ actor, query: { version, ...filters }, res }) => {
      sendFile(res, await exportContacts(instance, actor, filters, 'vcf', version));
    }),
  );
  r.get('/export.csv', exportRoute(instance, 'csv'));
  r.get(
    '/',
    endpoint(instance, { query: listContactsQuery }, ({ actor, query }) => listContacts(instance, actor, query)),
  );
  r.post(
    '/',
    endpoint(instance, { body: createContactSchema, status: 201 }, ({ actor, body }) => createContact(instance, actor, body)),
  );
  r.get(
    '/:id',
    endpoint(instance, { params: idParam }, ({ actor, params }) => getContact(instance, actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint(instance, { params: idParam, body: updateContactSchema }, ({ actor, params, body }) =>
      updateContact(instance, actor, params.id, body),
    ),
  );
  r.delete(
    '/:id',
    endpoint(instance, { params: idParam }, async ({ actor, params }) => {
      await deleteContact(instance, actor, params.id);
      return undefined;
    }),
  );
  r.post(
    '/:id/verify',
    endpoint(instance, { params: idParam }, ({ actor, params }) => verifyContact(instance, actor, params.id)),
  );
  return r;
}
