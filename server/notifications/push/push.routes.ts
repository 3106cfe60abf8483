/** /api/v1/push: the VAPID key and this device's subscription (docs/api-extensions.md "Web Push"). */
import express, { type Router } from 'express';
import type { PushKeyDto } from '../../../shared/dto/push.js';
import { pushSubscribeSchema, pushUnsubscribeSchema } from '../../../shared/schemas/push.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { subscribeDevice, unsubscribeDevice } from './pushSubscriptions.service.js';
import type { Instance } from '../../platform/instance.js';

export interface PushRouteSettings {
  publicKey: string;
  allowInsecureEndpoints: boolean;
}

export function pushRoutes(instance: Instance, settings: PushRouteSettings): Router {
  const r = express.Router();
  r.get(
    '/key',
    endpoint(instance, {}, async (): Promise<PushKeyDto> => ({ publicKey: settings.publicKey })),
  );
  r.post(
    '/subscriptions',
    endpoint(instance, { body: pushSubscribeSchema }, async ({ actor, body, req }) => {
      await subscribeDevice(instance, actor, req.sessionID, body, {
        allowInsecure: settings.allowInsecureEndpoints,
        userAgent: req.get('user-agent') ?? null,
      });
      return undefined;
    }),
  );
  r.delete(
    '/subscriptions',
    endpoint(instance, { body: pushUnsubscribeSchema }, async ({ actor, body }) => {
      await unsubscribeDevice(instance, actor, body.endpoint);
      return undefined;
    }),
  );
  return r;
}
