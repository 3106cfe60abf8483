/** /api/v1/auth — sign-in steps, MFA, password, invitations (API.md "Authentication"). */
import express, { type Request, type Router } from 'express';
import { Strategy as LocalStrategy } from 'passport-local';
import {
  acceptInvitationSchema,
  changePasswordSchema,
  invitationLookupSchema,
  loginSchema,
  mfaCodeSchema,
  mfaEnableSchema,
  signInStepQuery,
} from '../../../shared/schemas/users.js';
import type { AnonymousCsrf } from '../sessions/anonymousCsrf.js';
import { DomainError } from '../../platform/errors.js';
import { endpoint, requestContext } from '../../platform/http/endpoint.js';
import { requireSignedIn } from '../../platform/http/guards.js';
import type { RateLimiters } from '../../platform/http/rateLimits.js';
import { initSession, logIn, regenerateSession, type PuentePassport } from '../sessions/session.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { mfaSatisfied, type Actor } from '../../platform/actor.js';
import type { FirstFeedDto } from '../../../shared/dto/user.js';
import {
  acceptInvitation,
  changePassword,
  enableMfa,
  mfaStep,
  passwordStep,
  setupMfa,
  type AuthSettings,
  type PasswordStep,
} from './auth.service.js';
import { lookUpInvitation } from './invitationLookup.js';

import { presentUser } from '../users/user.presenter.js';
import { type UserDoc } from '../users/User.js';
import type { Instance } from '../../platform/instance.js';

/** Time allowed between the password step and the TOTP step. */
const MFA_STEP_MS = 5 * 60_000;

function registerLocalStrategy(instance: Instance, passport: PuentePassport, settings: AuthSettings): void {
  passport.use(
    'puente-local',
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false },
      (req, email, password, done) => {
        passwordStep(instance, email, password, requestContext(req), settings).then(
          // Passport types the result as Express.User; here it carries the step outcome to authenticateLocal.
          (step) => done(null, step as unknown as Express.User),
          (err: unknown) => done(err),
        );
      },
    ),
  );
}

/** Runs the local strategy on an already validated body. */
function authenticateLocal(passport: PuentePassport, req: Request): Promise<PasswordStep> {
  return new Promise((resolve, reject) => {
    passport.authenticate('puente-local', { session: false }, (err: unknown, step: PasswordStep | false) => {
      if (err) reject(err);
      else if (!step) reject(new DomainError('invalid_credentials'));
      else resolve(step);
    })(req, undefined, reject);
  });
}

/** The alerts a session opens with (`?include=feed`): handed in, since alerts build on identity. */
export type FirstFeed = (actor: Actor) => Promise<FirstFeedDto | undefined>;

export function authRoutes(
  instance: Instance,
  passport: PuentePassport,
  settings: AuthSettings,
  limits: RateLimiters,
  anonymous: AnonymousCsrf,
  firstFeed: FirstFeed,
): Router {
  const { User } = instance.models.identity;
  registerLocalStrategy(instance, passport, settings);
  const r = express.Router();

  // A stored session's own token; before sign-in a signed anonymous token, so nothing is stored per call.
  r.get(
    '/csrf',
    limits.csrf,
    endpoint(instance, {}, async ({ req, res }) => ({ csrfToken: req.session.csrfToken ?? anonymous.issue(req, res) })),
  );

  r.post(
    '/login',
    limits.login,
    endpoint(instance, { body: loginSchema, query: signInStepQuery }, async (ctx) => {
      const { body, req, query } = ctx;
      req.body = body; // normalised email for the strategy
      const step = await authenticateLocal(passport, req);
      if (step.next === 'mfa') {
        await regenerateSession(req);
        const csrfToken = initSession(req);
        req.session.pendingMfa = { userId: String(step.user._id), at: Date.now() };
        return { mfaRequired: true, csrfToken };
      }
      const csrfToken = await logIn(instance, req, step.user);
      const mfaEnrolmentRequired = !mfaSatisfied({ roles: step.user.roles, mfaEnabled: false }, settings.mfaRequiredRoles);
      // Signed in now (ctx.actor is the new session's user); one who must enrol sees no feed yet.
      const feed = query.include === 'feed' && !mfaEnrolmentRequired ? await firstFeed(ctx.actor) : undefined;
      return { user: presentUser(step.user), csrfToken, mfaEnrolmentRequired, ...(feed ? { feed } : {}) };
    }),
  );

  r.post(
    '/mfa',
    limits.login,
    endpoint(instance, { body: mfaCodeSchema, query: signInStepQuery }, async (ctx) => {
      const { body, req, context, query } = ctx;
      const pending = req.session.pendingMfa;
      if (!pending || Date.now() - pending.at > MFA_STEP_MS) throw new DomainError('unauthenticated');
      const user = await mfaStep(instance, pending.userId, body.code, context, settings);
      const csrfToken = await logIn(instance, req, user);
      const feed = query.include === 'feed' ? await firstFeed(ctx.actor) : undefined;
      return { user: presentUser({ ...user, mfa: { enabled: true } }), csrfToken, ...(feed ? { feed } : {}) };
    }),
  );

  r.post(
    '/logout',
    endpoint(instance, {}, async ({ req, context }) => {
      const user = req.user;
      const sessionId = req.sessionID;
      await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
      if (user) {
        instance.events.emit('session.ended', { sessionId, reason: 'logout' });
        await recordAudit(instance, {
          actor: null,
          actorIdOverride: user.id,
          actorAgencyIdOverride: user.agencyId,
          action: 'auth.logout',
          targetType: 'user',
          targetId: user.id,
          ip: context.ip ?? null,
          requestId: context.requestId ?? null,
        });
      }
      return undefined;
    }),
  );

  r.get(
    '/me',
    requireSignedIn,
    endpoint(instance, {}, async ({ actor }) => {
      const user = await User.findById(actor.id).lean<UserDoc>();
      if (!user) throw new DomainError('unauthenticated');
      return {
        user: presentUser(user),
        mfaEnrolmentRequired: !mfaSatisfied({ roles: user.roles, mfaEnabled: Boolean(user.mfa?.enabled) }, settings.mfaRequiredRoles),
      };
    }),
  );

  r.post(
    '/mfa/setup',
    requireSignedIn,
    endpoint(instance, {}, async ({ actor }) => setupMfa(instance, actor, settings)),
  );

  r.post(
    '/mfa/enable',
    requireSignedIn,
    limits.reauth,
    endpoint(instance, { body: mfaEnableSchema }, async ({ actor, body, context, req }) => {
      req.session.epoch = await enableMfa(instance, actor, body.code, body.password, context, settings, body.currentCode, req.sessionID);
      return undefined;
    }),
  );

  r.post(
    '/password',
    requireSignedIn,
    limits.reauth,
    endpoint(instance, { body: changePasswordSchema }, async ({ actor, body, context, req }) => {
      req.session.epoch = await changePassword(instance, actor, body.currentPassword, body.newPassword, context, settings, req.sessionID);
      return undefined;
    }),
  );

  r.post(
    '/invitations/accept',
    limits.login,
    endpoint(instance, { body: acceptInvitationSchema }, async ({ body, context }) => {
      const user = await acceptInvitation(instance, body.token, body.password, body.displayName, context);
      return { user: presentUser(user) };
    }),
  );

  // POST, so the token stays out of addresses, access logs and Referer headers.
  r.post(
    '/invitations/lookup',
    limits.login,
    endpoint(instance, { body: invitationLookupSchema }, async ({ body }) => lookUpInvitation(instance, body.token)),
  );

  return r;
}
