/** /api/v1/auth: the sign-in steps, MFA, invitations. */
import type { InvitationLookupResponse, LoginResponse, MeResponse, MfaSetupResponse, UserDto } from '../../../shared/dto/user.js';
import { get, post, setCsrfToken } from './http.js';

export async function login(email: string, password: string): Promise<LoginResponse> {
  const res = await post<LoginResponse>('/auth/login', { email, password });
  setCsrfToken(res.csrfToken);
  return res;
}

export async function submitMfaCode(code: string): Promise<{ user: UserDto; csrfToken: string }> {
  const res = await post<{ user: UserDto; csrfToken: string }>('/auth/mfa', { code });
  setCsrfToken(res.csrfToken);
  return res;
}

export const me = () => get<MeResponse>('/auth/me');
export const logout = () => post<void>('/auth/logout');
export const setupMfa = () => post<MfaSetupResponse>('/auth/mfa/setup');
export const enableMfa = (code: string, password: string) => post<void>('/auth/mfa/enable', { code, password });
export const acceptInvitation = (token: string, password: string, displayName?: string) =>
  post<{ user: UserDto }>('/auth/invitations/accept', { token, password, ...(displayName ? { displayName } : {}) });
export const lookUpInvitation = (token: string) => post<InvitationLookupResponse>('/auth/invitations/lookup', { token });
