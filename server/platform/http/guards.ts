/** Access gates in front of routes: signed in, and MFA enrolled where the role requires it. */
import type { RequestHandler } from 'express';
import { mfaSatisfied } from '../actor.js';
import { DomainError } from '../errors.js';

export const requireSignedIn: RequestHandler = (req, _res, next) => {
  if (!req.user) throw new DomainError('unauthenticated');
  next();
};

/** Signed in and past MFA enrolment (MFA_REQUIRED_ROLES): every endpoint outside /auth. */
export function requireFullSignIn(mfaRequiredRoles: readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw new DomainError('unauthenticated');
    if (!mfaSatisfied(req.user, mfaRequiredRoles)) throw new DomainError('mfa_required');
    next();
  };
}
