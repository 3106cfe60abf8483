/** /api/v1/auth: the sign-in steps, MFA, invitations. */
import type {
  FirstFeedDto,
  InvitationLookupResponse,
  LoginResponse,
  MeResponse,
  MfaResponse,
  MfaSetupResponse,
  UserDto,
} from '../../../shared/dto/user.js';
import { AGENCIES_PATH } from './agencies.js';
import { alertsListPath } from './alerts.js';
import { get, post, primeGet, setCsrfToken } from './http.js';

/**
 * The step that completes a sign-in also brings the feed's first page and the agencies
 * (`?include=feed`), kept for the feed's own first requests: on a weak link the feed shows one
 * round trip sooner (docs/client.md "Weak link").
 */
function keepFirstFeed(feed: FirstFeedDto | undefined): void {
  if (!feed) return;
  primeGet(alertsListPath({}), feed.alerts);
  primeGet(AGENCIES_PATH, feed.agencies);
}

export async function login(email: string, password: string): Promise<LoginResponse> {
  const res = await post<LoginResponse>('/auth/login?include=feed', { email, password });
  setCsrfToken(res.csrfToken);
  if ('user' in res) keepFirstFeed(res.feed);
  return res;
}

export async function submitMfaCode(code: string): Promise<MfaResponse> {
  const res = await post<MfaResponse>('/auth/mfa?include=feed', { code });
  setCsrfToken(res.csrfToken);
  keepFirstFeed(res.feed);
  return res;
}

export const me = () => get<MeResponse>('/auth/me');
export const logout = () => post<void>('/auth/logout');
export const setupMfa = () => post<MfaSetupResponse>('/auth/mfa/setup');
export const enableMfa = (code: string, password: string) => post<void>('/auth/mfa/enable', { code, password });
export const acceptInvitation = (token: string, password: string, displayName?: string) =>
  post<{ user: UserDto }>('/auth/invitations/accept', { token, password, ...(displayName ? { displayName } : {}) });
export const lookUpInvitation = (token: string) => post<InvitationLookupResponse>('/auth/invitations/lookup', { token });
