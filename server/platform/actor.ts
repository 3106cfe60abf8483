/** Who is acting: the signed-in user as policies and services see it (never an HTTP request). */
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import type { Country, Role } from '../../shared/schemas/common.js';

export interface Actor {
  id: string;
  agencyId: string;
  country: Country;
  roles: Role[];
  /** The kind of the actor's agency (null: unknown, e.g. the system itself): restricted access needs it. */
  agencyKind: AgencyKind | null;
  /** Network context recorded in the audit trail. */
  ip?: string | undefined;
  requestId?: string | undefined;
}

/** The system itself (jobs, CLI): recorded as such in the audit trail. */
export const SYSTEM_ACTOR_ID = 'system';

export const hasRole = (actor: Pick<Actor, 'roles'>, role: Role): boolean => actor.roles.includes(role);

/** The request's network context, recorded with what the actor does. */
export interface RequestContext {
  ip?: string | undefined;
  requestId?: string | undefined;
  /** The browser's signature, for new-device notices (knownDevices.ts). */
  userAgent?: string | undefined;
}

/** The actor a stored user acts as. */
export function actorOf(
  user: { _id: unknown; agencyId: unknown; country: string; roles: readonly string[]; agencyKind?: Actor['agencyKind'] },
  ctx: RequestContext = {},
): Actor {
  return {
    id: String(user._id),
    agencyId: String(user.agencyId),
    country: user.country as Actor['country'],
    roles: [...(user.roles as Actor['roles'])],
    agencyKind: user.agencyKind ?? null,
    ip: ctx.ip,
    requestId: ctx.requestId,
  };
}

/** Whether the user has done all the MFA their roles require. */
export function mfaSatisfied(user: { roles: readonly string[]; mfaEnabled: boolean }, requiredRoles: readonly string[]): boolean {
  // A user without any role yet (e.g. a grant waiting for approval) enrols MFA like everyone.
  return user.mfaEnabled || (user.roles.length > 0 && !user.roles.some((r) => requiredRoles.includes(r)));
}
