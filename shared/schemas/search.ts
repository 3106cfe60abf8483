/** Search and related inputs (API.md "Search", "Watches", access requests). */
import { z } from 'zod';
import { alertKind, alertStatus } from './alerts.js';
import { country, isoDateTime, objectId, pagination, requiredText } from './common.js';
import { ACCESS_GRANT_MAX_DAYS } from './limits.js';

export const searchQuery = z.strictObject({
  q: requiredText(200),
  kind: alertKind.optional(),
  status: alertStatus.optional(),
  country: country.optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** Search by this reading of `q` (one of the response's `readings`) instead of the likeliest. */
  as: z.enum(['document', 'phone', 'plate', 'name']).optional(),
  /** Where the officer is checking (a border crossing, a checkpoint): told to a protected person's agency. */
  place: requiredText(120).optional(),
  ...pagination,
});
export type SearchInput = z.infer<typeof searchQuery>;

export const WATCH_KINDS = ['document', 'phone', 'plate', 'name', 'alert_kind', 'border_crossing'] as const;
export const createWatchSchema = z.strictObject({ kind: z.enum(WATCH_KINDS), value: requiredText(200) });

export const createAccessRequestSchema = z.strictObject({ alertId: objectId, reason: requiredText(1000) });
/** Grants last `expiresInDays` (granter's choice, default ACCESS_GRANT_DEFAULT_DAYS); a refusal takes no duration. */
export { ACCESS_GRANT_DEFAULT_DAYS, ACCESS_GRANT_MAX_DAYS } from './limits.js';
export const accessDecisionSchema = z
  .strictObject({
    decision: z.enum(['grant', 'refuse']),
    note: requiredText(1000).optional(),
    expiresInDays: z.number().int().min(1).max(ACCESS_GRANT_MAX_DAYS).optional(),
  })
  .refine((d) => d.decision === 'grant' || d.expiresInDays === undefined, {
    path: ['expiresInDays'],
    message: 'only a grant takes a duration',
  });
export const accessRevokeSchema = z.strictObject({ note: requiredText(1000).optional() });
export const accessBoxQuery = z.strictObject({ box: z.enum(['incoming', 'outgoing']).default('incoming'), ...pagination });
