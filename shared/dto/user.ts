/** The user object of API.md ("A user object"): never a password hash, MFA secret or token. */
import type { Country, Role } from '../schemas/common.js';
import type { AgencyDto } from './agency.js';
import type { AlertSummaryDto, Page } from './alert.js';

export type UserStatus = 'invited' | 'active' | 'disabled';

export interface UserDto {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  country: Country;
  roles: Role[];
  /** Roles that wait for a system admin's approval (the whole set the user will then have); [] if none. */
  pendingRoles: Role[];
  language: 'es' | 'en';
  /** IANA time zone chosen in My account, null for the browser's own. */
  timeZone: string | null;
  mfaEnabled: boolean;
  status: UserStatus;
  lastLoginAt: string | null;
}

/** POST /auth/login: a signed-in user, or a request for the TOTP step. */
/**
 * The first screen of a signed-in user — the feed's first page (as `GET /alerts?limit=20`) and the
 * agencies (as `GET /agencies`) — sent with the sign-in step that completes a sign-in when asked
 * with `?include=feed` (docs/api-extensions.md): one round trip fewer on a weak link.
 */
export interface FirstFeedDto {
  alerts: Page<AlertSummaryDto>;
  agencies: Page<AgencyDto>;
}

export type LoginResponse =
  { user: UserDto; csrfToken: string; mfaEnrolmentRequired: boolean; feed?: FirstFeedDto } | { mfaRequired: true; csrfToken: string };

/** POST /auth/mfa. */
export interface MfaResponse {
  user: UserDto;
  csrfToken: string;
  feed?: FirstFeedDto;
}

/** GET /auth/me. */
export interface MeResponse {
  user: UserDto;
  mfaEnrolmentRequired: boolean;
}

/** POST /auth/mfa/setup: the secret to type, its otpauth URL and the same URL as a QR code image. */
export interface MfaSetupResponse {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** POST /auth/invitations/lookup: whom a live invitation or reset link is for (docs/api-extensions.md). */
export interface InvitationLookupResponse {
  invitation: {
    purpose: 'invite' | 'reset';
    email: string;
    agency: { name: string; shortName: string; country: Country };
    expiresAt: string;
  };
}
