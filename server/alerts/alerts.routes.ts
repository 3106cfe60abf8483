/** /api/v1/alerts (API.md "Alerts"). */
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import {
  alertUpdateSchema,
  createAlertSchema,
  extendRetentionSchema,
  idempotencyKey,
  listAlertsQuery,
  photoUploadQuery,
  statusChangeSchema,
  updateAlertSchema,
} from '../../shared/schemas/alerts.js';
import { objectId } from '../../shared/schemas/common.js';
import { idParam } from '../../shared/schemas/users.js';
import { endpoint } from '../platform/http/endpoint.js';
import type { RateLimiters } from '../platform/http/rateLimits.js';
import { acknowledgeHit, addAlertUpdate, hideAlertUpdate, listAlertUpdates, overdueHits } from './alertUpdates.service.js';
import { exportAlertViewsCsv, listAlertViews } from './alertViews.js';
import { PHOTO_MAX_BYTES } from './photos/photoProcessing.js';
import { addPhoto, getPhoto } from './photos/photos.service.js';
import { reviewAlert, reviewDueAlerts } from './reviewReminders.service.js';
import { extendRetention, retentionDueAlerts } from './retention/retention.service.js';
import { changeAlertStatus, createAlert, getAlert, listAlerts, updateAlert, type AlertSettings } from './alerts.service.js';
import type { Instance } from '../platform/instance.js';

const ackParams = z.strictObject({ id: objectId, updateId: z.uuid() });
const photoParams = z.strictObject({ id: objectId, photoId: z.uuid() });
const photoQuery = z.strictObject({ size: z.enum(['full', 'thumb']).default('full') });

/** The optional Idempotency-Key header, validated (400 when malformed). */
function idempotencyKeyOf(req: Request): string | undefined {
  const header = req.get('idempotency-key');
  return header === undefined ? undefined : idempotencyKey.parse(header);
}

export function alertsRoutes(
  instance: Instance,
  settings: AlertSettings,
  limits: Pick<RateLimiters, 'alertUpdates' | 'alertStatusChanges' | 'photoUploads'>,
): Router {
  const r = express.Router();
  r.post(
    '/',
    endpoint(instance, { body: createAlertSchema, status: 201 }, async ({ actor, body, req, res }) => {
      const result = await createAlert(instance, actor, body, settings, idempotencyKeyOf(req));
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      return result.alert;
    }),
  );
  r.get(
    '/',
    endpoint(instance, { query: listAlertsQuery }, ({ actor, query }) => listAlerts(instance, actor, query)),
  );
  r.get(
    '/review-due',
    endpoint(instance, {}, ({ actor }) => reviewDueAlerts(instance, actor)),
  );
  r.post(
    '/:id/review',
    endpoint(instance, { params: idParam }, ({ actor, params }) => reviewAlert(instance, actor, params.id, settings)),
  );
  r.get(
    '/retention-due',
    endpoint(instance, {}, ({ actor }) => retentionDueAlerts(instance, actor)),
  );
  r.post(
    '/:id/retention',
    endpoint(instance, { params: idParam, body: extendRetentionSchema }, ({ actor, params, body }) =>
      extendRetention(instance, actor, params.id, body),
    ),
  );
  r.get(
    '/overdue-hits',
    endpoint(instance, {}, ({ actor }) => overdueHits(instance, actor)),
  );
  r.get(
    '/:id',
    endpoint(instance, { params: idParam }, ({ actor, params }) => getAlert(instance, actor, params.id)),
  );
  r.patch(
    '/:id',
    endpoint(instance, { params: idParam, body: updateAlertSchema }, ({ actor, params, body }) =>
      updateAlert(instance, actor, params.id, body),
    ),
  );
  r.post(
    '/:id/status',
    limits.alertStatusChanges,
    endpoint(instance, { params: idParam, body: statusChangeSchema }, ({ actor, params, body }) =>
      changeAlertStatus(instance, actor, params.id, body.status, body.reason, settings),
    ),
  );
  r.post(
    '/:id/updates',
    limits.alertUpdates,
    endpoint(instance, { params: idParam, body: alertUpdateSchema, status: 201 }, ({ actor, params, body }) =>
      addAlertUpdate(instance, actor, params.id, body),
    ),
  );
  r.get(
    '/:id/updates',
    endpoint(instance, { params: idParam }, ({ actor, params }) => listAlertUpdates(instance, actor, params.id)),
  );
  r.post(
    '/:id/updates/:updateId/ack',
    endpoint(instance, { params: ackParams }, ({ actor, params }) => acknowledgeHit(instance, actor, params.id, params.updateId)),
  );
  r.post(
    '/:id/updates/:updateId/hide',
    endpoint(instance, { params: ackParams }, ({ actor, params }) => hideAlertUpdate(instance, actor, params.id, params.updateId)),
  );
  r.post(
    '/:id/photos',
    // Before the body is read: a limited upload costs neither the transfer nor the decoding.
    limits.photoUploads,
    express.raw({ type: 'image/*', limit: PHOTO_MAX_BYTES }),
    endpoint(instance, { params: idParam, query: photoUploadQuery, status: 201 }, async ({ actor, params, query, req, res }) => {
      const result = await addPhoto(instance, actor, params.id, req.body, query, idempotencyKeyOf(req));
      if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
      return result.photo;
    }),
  );
  r.get(
    '/:id/photos/:photoId',
    endpoint(instance, { params: photoParams, query: photoQuery }, async ({ actor, params, query, res }) => {
      const photo = await getPhoto(instance, actor, params.id, params.photoId, query.size);
      res.setHeader('Content-Type', photo.mime);
      res.setHeader('Cache-Control', 'private, no-store');
      res.setHeader('Content-Disposition', 'inline');
      res.send(photo.data);
    }),
  );
  r.get(
    '/:id/views',
    endpoint(instance, { params: idParam }, ({ actor, params }) => listAlertViews(instance, actor, params.id)),
  );
  r.get(
    '/:id/views/export.csv',
    endpoint(instance, { params: idParam }, async ({ actor, params, res }) => {
      const file = await exportAlertViewsCsv(instance, actor, params.id);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
      res.setHeader('Cache-Control', 'private, no-store');
      res.send(file.body);
    }),
  );
  return r;
}
