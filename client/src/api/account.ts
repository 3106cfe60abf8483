/** The signed-in user's own account: password, MFA re-enrolment, language and time zone, sign out everywhere. */
import type { UserDto } from '../../../shared/dto/user.js';
import { patch, post } from './http.js';

export const changePassword = (currentPassword: string, newPassword: string) =>
  post<void>('/auth/password', { currentPassword, newPassword });
export const updatePreferences = (change: { language?: 'es' | 'en'; timeZone?: string | null }) =>
  patch<{ user: UserDto }>('/auth/me', change);
export const logoutEverywhere = () => post<void>('/auth/logout-all');
/** Replaces an enabled second factor: a code of the new one, the password, and a code of the current one. */
export const replaceMfa = (code: string, password: string, currentCode: string) =>
  post<void>('/auth/mfa/enable', { code, password, ...(currentCode ? { currentCode } : {}) });
