/** Filters of the account list (docs/api-extensions.md "Users"): each optional, all combined. */
import { z } from 'zod';
import { isoDateTime, objectId, pagination, role } from './common.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const USER_LIST_STATUSES = ['invited', 'active', 'disabled'] as const;

export const listUsersFilteredQuery = z.strictObject({
  agencyId: objectId.optional(),
  role: role.optional(),
  status: z.enum(USER_LIST_STATUSES).optional(),
  /** Locked now by failed sign-ins. */
  locked: flag.optional(),
  /** MFA enrolled. */
  mfa: flag.optional(),
  /** Last sign-in within [lastLoginFrom, lastLoginTo]; `never` for accounts never signed in. */
  lastLoginFrom: isoDateTime.optional(),
  lastLoginTo: isoDateTime.optional(),
  neverSignedIn: flag.optional(),
  /** Active accounts the inactivity rule disables within this many days. */
  inactiveWithinDays: z.coerce.number().int().min(0).max(365).optional(),
  ...pagination,
});
export type ListUsersFilteredQuery = z.infer<typeof listUsersFilteredQuery>;
