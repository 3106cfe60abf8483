/** The user's inbox (docs/api-extensions.md "Inbox"): what reaches a user even while signed out. */
import { z } from 'zod';
import { objectId, pagination } from './common.js';

export const INBOX_KINDS = [
  'alert_hit',
  'hit_acknowledged',
  'watch_hit',
  'match_new',
  'protected_person_checked',
  'access_requested',
  'access_decided',
  'access_lapsing',
  'review_due',
  'retention_due',
  'role_grant_pending',
  'new_device_sign_in',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

export const INBOX_SUBJECTS = ['alert', 'accessRequest', 'user'] as const;
export type InboxSubjectType = (typeof INBOX_SUBJECTS)[number];

export const inboxListQuery = z.strictObject({ ...pagination });
export type InboxListQuery = z.infer<typeof inboxListQuery>;

/** Mark read: the items named (at most one page's worth), or everything up to now. */
export const inboxReadSchema = z.union([
  z.strictObject({ ids: z.array(objectId).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type InboxReadInput = z.infer<typeof inboxReadSchema>;
