/** The /api/v1 router: /auth is open to the session's own steps; everything else needs a full sign-in. */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import passport from 'passport';
import type { Config } from '../config/env.js';
import { anonymousCsrf } from '../http/anonymousCsrf.js';
import { ApiError } from '../http/apiError.js';
import { requireFullSignIn } from '../http/guards.js';
import type { RateLimiters } from '../http/rateLimits.js';
import { configurePassport, createSessionMiddleware, csrfProtection, sessionLimits } from '../http/session.js';
import { PolicyDenied } from '../policies/authorize.js';
import { recordAudit } from '../services/audit/audit.service.js';
import { agenciesRoutes } from './agencies.routes.js';
import { alertsRoutes } from './alerts.routes.js';
import { auditRoutes } from './audit.routes.js';
import { searchRoutes } from './search.routes.js';
import { accessRequestsRoutes, watchesRoutes } from './access.routes.js';
import { authRoutes } from './auth.routes.js';
import { contactsRoutes } from './contacts.routes.js';
import { ownAccountRoutes } from './ownAccount.routes.js';
import { pushRoutes, type PushRouteSettings } from './push.routes.js';
import { usersRoutes } from './users.routes.js';
import { inboxRoutes } from './inbox.routes.js';
import { failFastWithoutStore } from '../http/storeGate.js';

export interface ApiParts {
  /** Session, limits and Passport, in order: shared with the Socket.IO handshake. */
  sessionChain: RequestHandler[];
  /** Mounted on /api/v1 before anything else: starts the session's store read as the request arrives. */
  startApi: RequestHandler[];
  beforeApi: RequestHandler[];
  api: Router;
}

/** Refusals by gates (CSRF, MFA enrolment) are authorisation failures too: audit them. */
const auditGateRefusals: ErrorRequestHandler = (err: unknown, req, _res, next) => {
  if (err instanceof ApiError && !(err instanceof PolicyDenied) && (err.code === 'csrf_failed' || err.code === 'mfa_required')) {
    recordAudit({
      actor: null,
      actorIdOverride: req.user?.id ?? null,
      actorAgencyIdOverride: req.user?.agencyId ?? null,
      action: 'authz.denied',
      outcome: 'failure',
      details: { reason: err.code, method: req.method, path: req.baseUrl + req.path },
      ip: req.ip ?? null,
      requestId: String(req.id),
    }).then(
      () => next(err),
      () => next(err),
    );
    return;
  }
  next(err);
};

export function buildApi(config: Config, limits: RateLimiters, push: PushRouteSettings): ApiParts {
  configurePassport();
  const session = createSessionMiddleware(config);
  const afterSession: RequestHandler[] = [sessionLimits(config), passport.session()];
  const sessionChain: RequestHandler[] = [session.middleware, ...afterSession];
  const settings = { lockout: config.lockout, dataEncryptionKey: config.dataEncryptionKey, mfaRequiredRoles: config.mfaRequiredRoles };

  const anonymous = anonymousCsrf(config);
  const api = express.Router();
  api.use('/auth', authRoutes(settings, limits, anonymous));
  api.use('/auth', ownAccountRoutes());
  // Everything outside /auth goes through this one function, so no resource can be mounted without the gate.
  const fullSignIn = requireFullSignIn(config.mfaRequiredRoles);
  const mount = (path: string, router: Router) => api.use(path, fullSignIn, router);
  mount('/agencies', agenciesRoutes());
  mount('/users', usersRoutes({ inactiveAccountDays: config.inactiveAccountDays }));
  mount('/audit', auditRoutes());
  mount('/alerts', alertsRoutes({ reviewDays: config.alertReviewDays }, limits));
  mount('/contacts', contactsRoutes());
  mount('/search', searchRoutes(limits));
  mount('/access-requests', accessRequestsRoutes());
  mount('/watches', watchesRoutes());
  mount('/push', pushRoutes(push));
  mount('/inbox', inboxRoutes());
  api.use(auditGateRefusals);
  return {
    sessionChain,
    startApi: [session.early.start],
    // First: while the store is known to be unreachable, answer 503 at once (storeReachability.ts).
    beforeApi: [failFastWithoutStore, session.early.session, ...afterSession, csrfProtection(anonymous)],
    api,
  };
}
