/** The /api/v1 router: /auth is open to the session's own steps; everything else needs a full sign-in. */
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { Config } from './platform/config/env.js';
import {
  agenciesRoutes,
  anonymousCsrf,
  authRoutes,
  confinedToStatistics,
  createPassport,
  createSessionMiddleware,
  csrfProtection,
  ownAccountRoutes,
  sessionLimits,
  usersRoutes,
} from './identity/index.js';
import { DomainError } from './platform/errors.js';
import { requireFullSignIn } from './platform/http/guards.js';
import type { RateLimiters } from './platform/http/rateLimits.js';
import { PolicyDenied } from './platform/authorize.js';
import { recordAudit } from './platform/auditTrail/auditTrail.js';
import { alertsRoutes, firstFeed } from './alerts/index.js';
import { auditRoutes, caseFileRoutes } from './audit/index.js';
import { accessRequestsRoutes, alertMatchesRoutes, searchRoutes, watchesRoutes } from './search/index.js';
import { contactsRoutes } from './directory/index.js';
import { subjectRequestsRoutes } from './privacy/index.js';
import { inboxRoutes, pushRoutes, type PushRouteSettings } from './notifications/index.js';
import { failFastWithoutStore } from './platform/http/storeGate.js';
import { STATISTICS_PATHS, statisticsCsvRoutes, statisticsRoutes } from './statistics/index.js';
import type { Actor } from './platform/actor.js';
import type { Instance } from './platform/instance.js';

export interface ApiParts {
  /** Session, limits and Passport, in order: shared with the Socket.IO handshake. */
  sessionChain: RequestHandler[];
  /** Mounted on /api/v1 before anything else: starts the session's store read as the request arrives. */
  startApi: RequestHandler[];
  beforeApi: RequestHandler[];
  api: Router;
}

/** Refusals by gates (CSRF, MFA enrolment) are authorisation failures too: audit them. */
const auditGateRefusals =
  (instance: Instance): ErrorRequestHandler =>
  (err: unknown, req, _res, next) => {
    if (err instanceof DomainError && !(err instanceof PolicyDenied) && (err.code === 'csrf_failed' || err.code === 'mfa_required')) {
      recordAudit(instance, {
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

/**
 * The statistics role's confinement (issue 29): a holder reaches only the paths the statistics
 * component names (STATISTICS_PATHS); every other mount refuses it, audited as `authz.denied`. It
 * sits in mount() itself, so an endpoint added later is refused to the role without anyone
 * remembering to: deny by default.
 */
function confineStatistics(instance: Instance, path: string): RequestHandler {
  if (STATISTICS_PATHS.includes(path)) return (_req, _res, next) => next();
  return (req, _res, next) => {
    const user = req.user;
    if (!user || !confinedToStatistics(user)) {
      next();
      return;
    }
    recordAudit(instance, {
      actor: null,
      actorIdOverride: user.id,
      actorAgencyIdOverride: user.agencyId,
      action: 'authz.denied',
      outcome: 'failure',
      details: { reason: 'statistics_only', method: req.method, path: req.baseUrl + req.path },
      ip: req.ip ?? null,
      requestId: String(req.id),
    }).then(
      () => next(new DomainError('forbidden')),
      () => next(new DomainError('forbidden')),
    );
  };
}

export function buildApi(instance: Instance, config: Config, limits: RateLimiters, push: PushRouteSettings): ApiParts {
  const passport = createPassport(instance);
  const session = createSessionMiddleware(instance, config);
  const afterSession: RequestHandler[] = [sessionLimits(instance, config), passport.session()];
  const sessionChain: RequestHandler[] = [session.middleware, ...afterSession];
  const settings = { lockout: config.lockout, dataEncryptionKey: config.dataEncryptionKey, mfaRequiredRoles: config.mfaRequiredRoles };

  const anonymous = anonymousCsrf(config);
  const api = express.Router();
  // The statistics seat signs in without the feed: it reads no alert (issue 29).
  const feedFor = (actor: Actor) => (confinedToStatistics(actor) ? Promise.resolve(undefined) : firstFeed(instance, actor));
  api.use('/auth', authRoutes(instance, passport, settings, limits, anonymous, feedFor));
  api.use('/auth', ownAccountRoutes(instance));
  // Everything outside /auth goes through this one function, so no resource can be mounted without the gates.
  const fullSignIn = requireFullSignIn(config.mfaRequiredRoles);
  const mount = (path: string, router: Router) => api.use(path, fullSignIn, confineStatistics(instance, path), router);
  mount('/agencies', agenciesRoutes(instance));
  mount('/users', usersRoutes(instance, { inactiveAccountDays: config.inactiveAccountDays }));
  mount('/audit', auditRoutes(instance));
  mount('/alerts', alertsRoutes(instance, { reviewDays: config.alertReviewDays }, limits));
  mount('/alerts', alertMatchesRoutes(instance));
  mount('/alerts', caseFileRoutes(instance));
  mount('/contacts', contactsRoutes(instance));
  mount('/search', searchRoutes(instance, limits));
  mount('/access-requests', accessRequestsRoutes(instance));
  mount('/watches', watchesRoutes(instance));
  mount('/push', pushRoutes(instance, push));
  mount('/inbox', inboxRoutes(instance));
  mount('/statistics', statisticsRoutes(instance));
  mount('/statistics.csv', statisticsCsvRoutes(instance));
  mount('/subject-requests', subjectRequestsRoutes(instance));
  api.use(auditGateRefusals(instance));
  return {
    sessionChain,
    startApi: [session.early.start],
    // First: while the store is known to be unreachable, answer 503 at once (storeReachability.ts).
    beforeApi: [failFastWithoutStore(instance), session.early.session, ...afterSession, csrfProtection(anonymous)],
    api,
  };
}
