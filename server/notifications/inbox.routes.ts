/** /api/v1/inbox: the user's own items; nobody reads or marks another's. */
import express, { type Router } from 'express';
import { inboxListQuery, inboxReadSchema } from '../../shared/schemas/inbox.js';
import { endpoint } from '../platform/http/endpoint.js';
import { listInbox, markInboxRead } from './inbox.service.js';
import type { Instance } from '../platform/instance.js';

export function inboxRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: inboxListQuery }, ({ actor, query }) => listInbox(instance, actor, query)),
  );
  r.post(
    '/read',
    endpoint(instance, { body: inboxReadSchema }, ({ actor, body }) => markInboxRead(instance, actor, body)),
  );
  return r;
}
