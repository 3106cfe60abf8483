/** Objects of the administration screens (docs/api-extensions.md "Administration screens"). */
import type { AlertUpdateDto } from './alert.js';
import type { Role } from '../schemas/common.js';
import type { UserDto } from './user.js';

/** A listed account (GET /users): the user object plus what administrators act on. */
export interface UserListItemDto extends UserDto {
  locked: boolean;
  lockedUntil: string | null;
  inactiveDisableAt: string | null;
}

/** POST /users and POST /users/:id/reset answer a one-time link token (72 h). */
export interface InvitationDto {
  user?: UserDto;
  invitationToken: string;
}

/** One audit event (API.md "Audit"). */
export interface AuditEventDto {
  seq: number;
  at: string;
  actorId: string | null;
  actorAgencyId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** GET /audit/verify. */
export type AuditVerifyDto = { ok: true; checked: number } | { ok: false; brokenAt: number; checked: number; reason: string };

/** GET /alerts/overdue-hits: a hit not acknowledged by its reply deadline. */
export interface OverdueHitDto {
  alertId: string;
  reference: string;
  title: string;
  update: AlertUpdateDto;
}

/** GET /users/role-grants: a restricted role grant waiting for a system admin (docs/api-extensions.md "Role grants"). */
export interface RoleGrantDto {
  userId: string;
  email: string;
  displayName: string;
  agencyId: string;
  country: 'AR' | 'PY';
  currentRoles: Role[];
  roles: Role[];
  requestedBy: string | null;
  requestedAt: string;
}
