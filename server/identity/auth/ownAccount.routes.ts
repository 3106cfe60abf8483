/** /api/v1/auth additions for My account: PATCH /me, POST /logout-all (docs/api-extensions.md). */
import express, { type Router } from 'express';
import { ownPreferencesSchema } from '../../../shared/schemas/account.js';
import { endpoint } from '../../platform/http/endpoint.js';
import { requireSignedIn } from '../../platform/http/guards.js';
import { endEverySession, updateOwnPreferences } from './ownAccount.service.js';
import type { Instance } from '../../platform/instance.js';

export function ownAccountRoutes(instance: Instance): Router {
  const r = express.Router();
  r.patch(
    '/me',
    requireSignedIn,
    endpoint(instance, { body: ownPreferencesSchema }, async ({ actor, body }) => ({
      user: await updateOwnPreferences(instance, actor, body),
    })),
  );
  r.post(
    '/logout-all',
    requireSignedIn,
    endpoint(instance, {}, async ({ actor, req }) => {
      await endEverySession(instance, actor);
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
      return undefined;
    }),
  );
  return r;
}
