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
  /** What the event records; on events of format 2 this includes its personal part (docs/data-subject-requests.md). */
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** Present when the event's personal details were erased for a data-subject request (its number). */
  personalErased?: { at: string; requestNumber: string };
}

/** Names added to each event by GET /audit and GET /audit/:seq (docs/api-extensions.md). */
export interface AuditEventLabels {
  /** "Name (e-mail)" of the actor's account, when it is a known account. */
  actorName: string | null;
  /** "Short name — name" of the actor's agency. */
  agencyName: string | null;
  /** The record in words: an account's name and e-mail, an alert's reference, an agency's or contact's name. */
  targetLabel: string | null;
}

/** An event as the audit screens read it. */
export type LabelledAuditEventDto = AuditEventDto & AuditEventLabels;

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
