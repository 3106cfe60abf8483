/** User and authentication input schemas (API.md "Authentication", "Users"). */
import { z } from 'zod';
import { email, language, objectId, pagination, requiredText, role } from './common.js';
import { LIMITS } from './limits.js';

/** Length is checked by the password policy so the message can be specific; this only bounds size. */
const password = z
  .string()
  .min(1, 'required')
  .max(LIMITS.password.max * 4);
const totpCode = z.string().regex(/^\d{6}$/, 'must be 6 digits');

export const loginSchema = z.strictObject({ email, password });
export const mfaCodeSchema = z.strictObject({ code: totpCode });
/** `?include=feed` on the sign-in steps: the step that completes a sign-in also answers the feed's first screen. */
export const signInStepQuery = z.strictObject({ include: z.literal('feed').optional() });
/** `currentCode`: a code of the second factor in use, required to replace one already enabled. */
export const mfaEnableSchema = z.strictObject({ code: totpCode, password, currentCode: totpCode.optional() });
export const changePasswordSchema = z.strictObject({ currentPassword: password, newPassword: password });
const invitationToken = z.string().min(20).max(200);
export const acceptInvitationSchema = z.strictObject({
  token: invitationToken,
  password,
  displayName: requiredText(LIMITS.displayName).optional(),
});
export const invitationLookupSchema = z.strictObject({ token: invitationToken });

const roles = z
  .array(role)
  .min(1)
  .max(LIMITS.rolesMax)
  .refine((r) => new Set(r).size === r.length, 'roles repeat');

export const inviteUserSchema = z.strictObject({
  email,
  displayName: requiredText(LIMITS.displayName),
  agencyId: objectId,
  roles,
  language: language.optional(),
});
export type InviteUserInput = z.infer<typeof inviteUserSchema>;

export const updateUserSchema = z
  .strictObject({
    roles: roles.optional(),
    status: z.enum(['active', 'disabled']).optional(),
    displayName: requiredText(LIMITS.displayName).optional(),
    language: language.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** GET /users/role-grants (and any plain page of users by agency). */
export const listUsersQuery = z.strictObject({ agencyId: objectId.optional(), ...pagination });

export const idParam = z.strictObject({ id: objectId });
