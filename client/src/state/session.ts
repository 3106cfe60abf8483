/** Who is signed in: undefined while the first check runs, null when nobody is. */
import { computed, signal } from '@preact/signals';
import type { UserDto } from '../../../shared/dto/user.js';
import type { RevocationReason } from '../../../shared/events.js';
import { ALERT_POSTING_ROLES } from '../../../shared/schemas/adminEnums.js';

export interface Session {
  user: UserDto;
  /** Signed in, but the role needs MFA before anything outside /auth (403 mfa_required). */
  mfaEnrolmentRequired: boolean;
}

export const session = signal<Session | null | undefined>(undefined);
/** Why the last session ended, shown on the sign-in screen; null after a plain sign-out. */
export const endReason = signal<RevocationReason | null>(null);

export const currentUser = computed(() => session.value?.user ?? null);
export const isFullySignedIn = computed(() => !!session.value && !session.value.mfaEnrolmentRequired);

export const hasRole = (role: UserDto['roles'][number]): boolean => currentUser.value?.roles.includes(role) ?? false;

/** Whether the user may post alerts (the server's rule, shared/schemas/adminEnums.ts). */
export const canPostAlerts = (): boolean => ALERT_POSTING_ROLES.some(hasRole);

/** The commission's statistics seat (issue 29): the statistics screen and the account only, no live connection. */
export const confinedToStatistics = (user: Pick<UserDto, 'roles'> | null | undefined): boolean => !!user?.roles.includes('statistics');
