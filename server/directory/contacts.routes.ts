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

function sendFile(res: Response, file: ExportFile): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.body);
}

const exportRoute = (format: Exclude<ExportFormat, 'vcf'>) =>
  endpoint({ query: exportContactsQuery }, async ({ actor, query, res }) => {
    sendFile(res, await exportContacts(actor, query, format));
  });

export function contactsRoutes(): Router {
  const r = express.Router();
  r.get(
    '/export.vcf',
    endpoint({ query: exportVcardQuery }, async ({ actor, query: { version, ...filters }, res }) => {
      sendFile(res, await exportContacts(actor, filters, 'vcf', version));
    }),
  );
  r.get('/export.csv', exportRoute('csv'));
  r.get(
    '/',
    endpoint({ query: listContactsQuery }, ({ actor, query }) => listContacts(actor, query)),
  );
  r.post(
    '/',
    endpoint({ body: createContactSchema, status: 201 }, ({ actor, body }) => createContact(actor, body)),
  );
  r.get(
    '/:id',
    endpoint({ params: idParam }, ({ actor, params }) => getContact(actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint({ params: idParam, body: updateContactSchema }, ({ actor, params, body }) => updateContact(actor, params.id, body)),
  );
  r.delete(
    '/:id',
    endpoint({ params: idParam }, async ({ actor, params }) => {
      await deleteContact(actor, params.id);
      return undefined;
    }),
  );
  r.post(
    '/:id/verify',
    endpoint({ params: idParam }, ({ actor, params }) => verifyContact(actor, params.id)),
  );
  return r;
}
