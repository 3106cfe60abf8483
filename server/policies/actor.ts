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
