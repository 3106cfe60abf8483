/** /api/v1/push: the VAPID key and this device's subscription (docs/api-extensions.md "Web Push"). */
import express, { type Router } from 'express';
import type { PushKeyDto } from '../../../shared/dto/push.js';
import { pushSubscribeSchema, pushUnsubscribeSchema } from '../../../shared/schemas/push.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { subscribeDevice, unsubscribeDevice } from './pushSubscriptions.service.js';

export interface PushRouteSettings {
  publicKey: string;
  allowInsecureEndpoints: boolean;
}

export function pushRoutes(settings: PushRouteSettings): Router {
  const r = express.Router();
  r.get(
    '/key',
    endpoint({}, async (): Promise<PushKeyDto> => ({ publicKey: settings.publicKey })),
  );
  r.post(
    '/subscriptions',
    endpoint({ body: pushSubscribeSchema }, async ({ actor, body, req }) => {
      await subscribeDevice(actor, req.sessionID, body, {
        allowInsecure: settings.allowInsecureEndpoints,
        userAgent: req.get('user-agent') ?? null,
      });
      return undefined;
    }),
  );
  r.delete(
    '/subscriptions',
    endpoint({ body: pushUnsubscribeSchema }, async ({ actor, body }) => {
      await unsubscribeDevice(actor, body.endpoint);
      return undefined;
    }),
  );
  return r;
}
