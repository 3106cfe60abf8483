/**
 * Sign-in steps, MFA enrolment, password change and invitation acceptance. Takes plain
 * inputs and a RequestContext; knows nothing of HTTP sessions (routes handle those).
 */
import type { Config } from '../../platform/config/env.js';
import { DomainError } from '../../platform/errors.js';
import { type UserDoc } from '../users/User.js';
import { actorOf, type Actor, type RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../platform/crypto/passwordHash.js';
import { open, seal } from '../../platform/crypto/secretBox.js';
import { withDocLock } from '../../platform/store/index.js';
import { tokenDigest } from '../../platform/crypto/tokens.js';

import { invalidTokenError } from './invitationLookup.js';
import { noteSignInDevice } from './knownDevices.js';
import { clearFailures, lockState, recordFailure, type LockoutPolicy } from './loginThrottle.service.js';
import { checkPassword, PASSWORD_PROBLEM_TEXT } from './passwordPolicy.js';
import { consumeTotp, newTotpSecret, totpUri } from './totp.service.js';
import QRCode from 'qrcode';
import type { MfaSetupResponse } from '../../../shared/dto/user.js';
import type { Instance } from '../../platform/instance.js';

/** Serialises writes to one user document (the embedded store does not isolate them). */
export const lockUser = <T>(instance: Instance, id: unknown, fn: () => Promise<T>): Promise<T> =>
  withDocLock(instance.store, `user:${String(id)}`, fn);

export type AuthSettings = Pick<Config, 'lockout' | 'dataEncryptionKey' | 'mfaRequiredRoles'>;

export type PasswordStep = { next: 'done'; user: UserDoc } | { next: 'mfa'; user: UserDoc };

function lockedError(retryAfterSec: number): DomainError {
  return new DomainError('account_locked', 'account locked', undefined, retryAfterSec);
}

function anonymousAudit(instance: Instance, ctx: RequestContext, action: string, details: Record<string, unknown>, user?: UserDoc | null) {
  return recordAudit(instance, {
    actor: null,
    actorIdOverride: user ? String(user._id) : null,
    actorAgencyIdOverride: user ? String(user.agencyId) : null,
    action,
    outcome: 'failure',
    targetType: user ? 'user' : null,
    targetId: user ? String(user._id) : null,
    ip: ctx.ip ?? null,
    requestId: ctx.requestId ?? null,
    details,
  });
}

/** Counts a failed attempt for `email` and returns the error to answer with. */
async function failAttempt(
  instance: Instance,
  email: string,
  lockout: LockoutPolicy,
  ctx: RequestContext,
  user: UserDoc | null,
  code: 'invalid_credentials' | 'invalid_code',
) {
  const state = await recordFailure(instance, email, lockout);
  if (state.justLocked) await anonymousAudit(instance, ctx, 'auth.account_locked', { email }, user);
  return state.locked ? lockedError(state.retryAfterSec) : new DomainError(code);
}

/**
 * Password re-authentication inside a session (password change, MFA enrolment) under the
 * sign-in lockout: a locked account is refused before the password is looked at, so the
 * answer is the same whether it was right; a wrong one counts as a sign-in failure.
 */
async function reauthenticate(
  instance: Instance,
  user: UserDoc,
  password: string,
  ctx: RequestContext,
  settings: AuthSettings,
  audit: (reason: 'password' | 'locked') => Promise<unknown>,
): Promise<void> {
  if (!user.passwordHash) throw new DomainError('unauthenticated');
  const lock = await lockState(instance, user.email);
  if (lock.locked) {
    await audit('locked');
    throw lockedError(lock.retryAfterSec);
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    await audit('password');
    throw await failAttempt(instance, user.email, settings.lockout, ctx, user, 'invalid_credentials');
  }
}

/** The actor a signed-in user acts as; without its agency's kind it opens no restricted data. */
/** First step: email and password. Unknown email and wrong password cost the same and answer the same. */
export async function passwordStep(
  instance: Instance,
  email: string,
  password: string,
  ctx: RequestContext,
  settings: AuthSettings,
): Promise<PasswordStep> {
  const { User } = instance.models.identity;
  const lock = await lockState(instance, email);
  if (lock.locked) {
    await anonymousAudit(instance, ctx, 'auth.login_failed', { email, reason: 'locked' });
    throw lockedError(lock.retryAfterSec);
  }
  const user = await User.findOne({ email }).lean<UserDoc>();
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok || user.status !== 'active' || !user.passwordHash) {
    const reason = !user ? 'unknown_email' : user.status !== 'active' ? `status_${user.status}` : 'wrong_password';
    await anonymousAudit(instance, ctx, 'auth.login_failed', { email, reason }, user);
    throw await failAttempt(instance, email, settings.lockout, ctx, user, 'invalid_credentials');
  }
  await assertAgencyActive(instance, user, ctx);
  if (user.mfa?.enabled) return { next: 'mfa', user };
  await completeLogin(instance, user, ctx, false);
  return { next: 'done', user };
}

/**
 * Users of a deactivated agency cannot sign in. Told only after the right password, so the
 * answer reveals nothing to someone who does not hold the account; not a lockout failure.
 */
async function assertAgencyActive(instance: Instance, user: UserDoc, ctx: RequestContext): Promise<void> {
  const { Agency } = instance.models.identity;
  const agency = await Agency.findById(user.agencyId, { active: 1 }).lean();
  if (agency?.active !== false) return;
  await anonymousAudit(instance, ctx, 'auth.login_failed', { email: user.email, reason: 'agency_inactive' }, user);
  throw new DomainError('agency_inactive');
}

async function completeLogin(instance: Instance, user: UserDoc, ctx: RequestContext, withMfa: boolean): Promise<void> {
  const { User } = instance.models.identity;
  await clearFailures(instance, user.email);
  await lockUser(instance, user._id, () => User.updateOne({ _id: user._id }, { $set: { lastLoginAt: new Date() } }));
  await recordAudit(instance, {
    actor: actorOf(user, ctx),
    action: 'auth.login',
    targetType: 'user',
    targetId: String(user._id),
    details: { mfa: withMfa },
  });
  await noteSignInDevice(instance, String(user._id), ctx.userAgent, !!user.lastLoginAt);
}

/** Second step: a TOTP code for the user who passed the password step. Each code works once. */
export async function mfaStep(
  instance: Instance,
  userId: string,
  code: string,
  ctx: RequestContext,
  settings: AuthSettings,
): Promise<UserDoc> {
  const { User } = instance.models.identity;
  const user = await User.findById(userId).lean<UserDoc>();
  if (!user || user.status !== 'active' || !user.mfa?.enabled || !user.mfa.secret) throw new DomainError('unauthenticated');
  const lock = await lockState(instance, user.email);
  if (lock.locked) throw lockedError(lock.retryAfterSec);
  const step = await consumeTotp(
    instance,
    String(user._id),
    open(user.mfa.secret, settings.dataEncryptionKey),
    code,
    user.mfa.lastUsedStep ?? 0,
  );
  if (step === null) {
    await anonymousAudit(instance, ctx, 'auth.mfa_failed', {}, user);
    throw await failAttempt(instance, user.email, settings.lockout, ctx, user, 'invalid_code');
  }
  await lockUser(instance, user._id, () => User.updateOne({ _id: user._id }, { $max: { 'mfa.lastUsedStep': step } }));
  await assertAgencyActive(instance, user, ctx);
  await completeLogin(instance, user, ctx, true);
  return user;
}

/** Whether the user may use Puente beyond /auth: enrolled in MFA, or in no role that requires it. */
/** Offers a new TOTP secret; it takes effect only once confirmed with enableMfa(). */
export async function setupMfa(instance: Instance, actor: Actor, settings: AuthSettings): Promise<MfaSetupResponse> {
  const { User } = instance.models.identity;
  const user = await User.findById(actor.id).lean<UserDoc>();
  if (!user) throw new DomainError('unauthenticated');
  const secret = newTotpSecret();
  await lockUser(instance, user._id, () =>
    User.updateOne({ _id: user._id }, { $set: { 'mfa.pendingSecret': seal(secret, settings.dataEncryptionKey) } }),
  );
  await recordAudit(instance, { actor, action: 'auth.mfa_setup', targetType: 'user', targetId: actor.id });
  const otpauthUrl = totpUri(secret, user.email);
  // The QR image is made here so the client needs no QR library (and CSP allows data: images).
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
  return { secret, otpauthUrl, qrDataUrl };
}

/** Field message of a refused code, in both languages (the client shows its half). */
const CODE_REFUSED = 'El código no es válido o ya fue usado. / The code is not valid or was already used.';

/**
 * Confirms MFA with a code from the new secret, after re-authenticating with the password.
 * Replacing a second factor already enabled also takes a code of the current one
 * (`currentCode`): a session and a password alone do not move the second factor elsewhere;
 * whoever lost the device asks an administrator for a reset. Like a password change, it ends
 * the other sessions (pen-test issue 23, F8); returns the new session epoch.
 */
export async function enableMfa(
  instance: Instance,
  actor: Actor,
  code: string,
  password: string,
  ctx: RequestContext,
  settings: AuthSettings,
  currentCode?: string,
  keepSessionId?: string,
): Promise<number> {
  const { User } = instance.models.identity;
  const refused = (reason: 'password' | 'locked' | 'code' | 'current_code') =>
    recordAudit(instance, {
      actor,
      action: 'auth.mfa_enable',
      outcome: 'failure',
      targetType: 'user',
      targetId: actor.id,
      details: { reason },
    });
  const user = await User.findById(actor.id).lean<UserDoc>();
  if (!user?.passwordHash) throw new DomainError('unauthenticated');
  const replacing = Boolean(user.mfa?.enabled && user.mfa.secret);
  if (replacing && !currentCode)
    throw new DomainError('validation_failed', 'the current second factor is required', [{ path: 'currentCode', message: 'required' }]);
  await reauthenticate(instance, user, password, ctx, settings, refused);
  if (!user.mfa?.pendingSecret)
    throw new DomainError('validation_failed', 'no pending MFA setup', [{ path: 'code', message: 'call /auth/mfa/setup first' }]);
  if (replacing && currentCode) {
    // A code of the current factor, used once like a sign-in code (after the last one used).
    const used = await consumeTotp(
      instance,
      actor.id,
      open(user.mfa.secret!, settings.dataEncryptionKey),
      currentCode,
      user.mfa.lastUsedStep ?? 0,
    );
    if (used === null) {
      await refused('current_code');
      throw new DomainError('invalid_code', undefined, [{ path: 'currentCode', message: CODE_REFUSED }]);
    }
  }
  const secret = open(user.mfa.pendingSecret, settings.dataEncryptionKey);
  // The new secret's codes are tracked apart from the current one's, so both may come from the same 30 s.
  const step = await consumeTotp(instance, replacing ? `${actor.id}:enrol` : actor.id, secret, code, 0);
  if (step === null) {
    await refused('code');
    throw new DomainError('invalid_code', undefined, replacing ? [{ path: 'code', message: CODE_REFUSED }] : undefined);
  }
  const epoch = await changeCredentials(
    instance,
    actor.id,
    { 'mfa.enabled': true, 'mfa.secret': user.mfa.pendingSecret, 'mfa.pendingSecret': null, 'mfa.lastUsedStep': step },
    keepSessionId,
  );
  await recordAudit(instance, {
    actor,
    action: replacing ? 'auth.mfa_replaced' : 'auth.mfa_enabled',
    targetType: 'user',
    targetId: actor.id,
  });
  return epoch;
}

/**
 * Writes new credentials (password or second factor) and moves the session epoch on: every other
 * session of the user ends, its sockets with it; the session `keepSessionId` keeps its sockets
 * and stays signed in once the caller binds it to the returned epoch.
 */
async function changeCredentials(
  instance: Instance,
  userId: string,
  credentials: Record<string, unknown>,
  keepSessionId?: string,
): Promise<number> {
  const { User } = instance.models.identity;
  const updated = await lockUser(instance, userId, () =>
    User.findByIdAndUpdate(userId, { $set: credentials, $inc: { sessionEpoch: 1 } }, { returnDocument: 'after' }).lean<UserDoc>(),
  );
  instance.events.emit('user.sessions_revoked', { userId, reason: 'logout', ...(keepSessionId ? { keepSessionId } : {}) });
  return updated?.sessionEpoch ?? 0;
}

async function assertAcceptablePassword(password: string, email: string, path: string): Promise<void> {
  const problem = await checkPassword(password, email);
  if (problem) throw new DomainError('validation_failed', problem, [{ path, message: PASSWORD_PROBLEM_TEXT[problem] }]);
}

/**
 * Changes the password after checking the current one; other sessions end (their sockets with
 * them), the session `keepSessionId` that asked stays signed in, its sockets too. Returns the new session epoch.
 */
export async function changePassword(
  instance: Instance,
  actor: Actor,
  current: string,
  next: string,
  ctx: RequestContext,
  settings: AuthSettings,
  keepSessionId?: string,
): Promise<number> {
  const { User } = instance.models.identity;
  const user = await User.findById(actor.id).lean<UserDoc>();
  if (!user?.passwordHash) throw new DomainError('unauthenticated');
  await reauthenticate(instance, user, current, ctx, settings, (reason) =>
    recordAudit(instance, {
      actor,
      action: 'auth.password_change',
      outcome: 'failure',
      targetType: 'user',
      targetId: actor.id,
      details: { reason },
    }),
  );
  await assertAcceptablePassword(next, user.email, 'newPassword');
  const epoch = await changeCredentials(instance, actor.id, { passwordHash: await hashPassword(next) }, keepSessionId);
  await recordAudit(instance, { actor, action: 'auth.password_changed', targetType: 'user', targetId: actor.id });
  return epoch;
}

/**
 * Activates an invited account or completes an admin reset. The token works once and for 72 h.
 * The password is judged before the token (pen-test issue 23, F7): a weak one fails on
 * `password` alike for a real, a look-alike (`hidden_invite`) or an unknown token, and burns
 * none; a look-alike knows its address, so the password may not contain it either.
 */
export async function acceptInvitation(
  instance: Instance,
  token: string,
  password: string,
  displayName: string | undefined,
  ctx: RequestContext,
): Promise<UserDoc> {
  const { AuthToken, User } = instance.models.identity;
  const id = tokenDigest(token);
  const invalid = invalidTokenError;
  const found = await AuthToken.findById(id).lean();
  const live = found && found.expiresAt.getTime() > Date.now() ? found : null;
  const user = live?.userId ? await User.findById(live.userId).lean<UserDoc>() : null;
  await assertAcceptablePassword(password, user?.email ?? live?.email ?? '', 'password');
  if (!live) {
    await anonymousAudit(instance, ctx, 'user.invitation_accept', { reason: found ? 'expired' : 'unknown' });
    // A look-alike stays: it answers a repeated invitation (users/invitationDuplicates.ts).
    if (found && found.purpose !== 'hidden_invite') await AuthToken.deleteOne({ _id: id });
    throw invalid();
  }
  if (live.purpose === 'hidden_invite') {
    await anonymousAudit(instance, ctx, 'user.invitation_accept', { reason: 'hidden_duplicate' });
    throw invalid();
  }
  if (!user || user.status === 'disabled') throw invalid();
  // The password was checked before consuming the token, so a rejected password does not burn it.
  const consumed = await AuthToken.findOneAndDelete({ _id: id }).lean();
  if (!consumed) throw invalid();
  const passwordHash = await hashPassword(password);
  const activated = await lockUser(instance, user._id, () =>
    User.findByIdAndUpdate(
      user._id,
      { $set: { passwordHash, status: 'active', ...(displayName ? { displayName } : {}) }, $inc: { sessionEpoch: 1 } },
      { returnDocument: 'after' },
    ).lean<UserDoc>(),
  );
  if (!activated) throw invalid();
  await clearFailures(instance, user.email);
  await recordAudit(instance, {
    actor: actorOf(activated, ctx),
    action: 'user.invitation_accepted',
    targetType: 'user',
    targetId: String(user._id),
    details: { purpose: live.purpose },
  });
  return activated;
}
