/**
 * The filtered account list for the administration screens (docs/api-extensions.md "Users").
 * Agency and status narrow the store query; the other filters need per-user facts (lock state,
 * inactivity deadline) and are applied to batches in the server, newest account first.
 * Also the plain page of accounts other lists (pending role grants) are built on: one scope rule
 * and one cursor for both.
 */
import { z } from 'zod';
import type { ListUsersFilteredQuery } from '../../../shared/schemas/userFilters.js';
import { DAY_MS } from '../../../shared/time.js';
import { type UserDoc } from './User.js';
import type { Actor } from '../../platform/actor.js';
import { authorize } from '../../platform/authorize.js';
import { listableAgency } from './user.policy.js';
import { presentUser, type UserDto } from './user.presenter.js';
import { op } from '../../platform/store/index.js';
import { lockStates, type LockState } from '../auth/loginThrottle.service.js';
import { decodeCursor, encodeCursor, toPage, type Page } from '../../platform/pagination.js';
import type { Instance } from '../../platform/instance.js';

const BATCH = 200;
const cursorSchema = z.object({ id: z.string().regex(/^[a-f0-9]{24}$/) });

/** The store filter of the accounts the actor may list (one agency, or all for a system admin); else 403. */
function listScope(actor: Actor, agencyId: string | undefined, action: string): Record<string, unknown> {
  const scope = listableAgency(actor, agencyId);
  authorize(scope.allowed, action, { targetType: 'agency', targetId: agencyId ?? null });
  return scope.agencyId ? { agencyId: scope.agencyId } : {};
}

export interface ListUsersQuery {
  agencyId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A page of the users the actor administers (newest first), narrowed by `filter`, presented by `present`. */
export async function pageOfUsers<T>(
  instance: Instance,
  actor: Actor,
  query: ListUsersQuery,
  action: string,
  filter: Record<string, unknown>,
  present: (u: UserDoc) => T,
): Promise<Page<T>> {
  const { User } = instance.models.identity;
  const where = { ...filter, ...listScope(actor, query.agencyId, action) };
  const after = decodeCursor(query.cursor, cursorSchema);
  if (after) where._id = op({ $lt: after.id });
  const docs = await User.find(where)
    .sort({ _id: -1 })
    .limit(query.limit + 1)
    .lean<UserDoc[]>();
  return toPage(docs, query.limit, present, (u) => ({ id: String(u._id) }));
}

/** A listed account: the user object plus what administrators act on. */
export interface UserListItem extends UserDto {
  locked: boolean;
  /** When a lock by failed sign-ins ends (null when not locked). */
  lockedUntil: string | null;
  /** When the inactivity rule will disable this active account (null for other statuses). */
  inactiveDisableAt: string | null;
}

function inactiveDisableAt(u: UserDoc, inactiveAccountDays: number): Date | null {
  if (u.status !== 'active') return null;
  const since = u.lastLoginAt ?? u.createdAt;
  return new Date(new Date(since).getTime() + inactiveAccountDays * DAY_MS);
}

function matches(q: ListUsersFilteredQuery, u: UserDoc, lock: LockState, disableAt: Date | null, now: number): boolean {
  if (q.role && !u.roles.includes(q.role)) return false;
  if (q.mfa !== undefined && Boolean(u.mfa?.enabled) !== q.mfa) return false;
  if (q.locked !== undefined && lock.locked !== q.locked) return false;
  if (q.neverSignedIn !== undefined && (u.lastLoginAt === null || u.lastLoginAt === undefined) !== q.neverSignedIn) return false;
  const last = u.lastLoginAt ? new Date(u.lastLoginAt).getTime() : null;
  if (q.lastLoginFrom && (last === null || last < Date.parse(q.lastLoginFrom))) return false;
  if (q.lastLoginTo && (last === null || last > Date.parse(q.lastLoginTo))) return false;
  if (q.inactiveWithinDays !== undefined && (!disableAt || disableAt.getTime() > now + q.inactiveWithinDays * DAY_MS)) return false;
  return true;
}

export async function listUsersFiltered(
  instance: Instance,
  actor: Actor,
  q: ListUsersFilteredQuery,
  settings: { inactiveAccountDays: number },
  now = Date.now(),
): Promise<Page<UserListItem>> {
  const { User } = instance.models.identity;
  const base = listScope(actor, q.agencyId, 'user.list');
  if (q.status) base.status = q.status;
  let before = decodeCursor(q.cursor, cursorSchema)?.id;
  const found: UserListItem[] = [];
  for (;;) {
    const batch = await User.find(before ? { ...base, _id: op({ $lt: before }) } : base)
      .sort({ _id: -1 })
      .limit(BATCH)
      .lean<UserDoc[]>();
    const locks = await lockStates(
      instance,
      batch.map((u) => u.email),
      now,
    );
    for (const u of batch) {
      const lock = locks.get(u.email) ?? { locked: false, retryAfterSec: 0 };
      const disableAt = inactiveDisableAt(u, settings.inactiveAccountDays);
      if (!matches(q, u, lock, disableAt, now)) continue;
      found.push({
        ...presentUser(u),
        locked: lock.locked,
        lockedUntil: lock.locked ? new Date(now + lock.retryAfterSec * 1000).toISOString() : null,
        inactiveDisableAt: disableAt ? disableAt.toISOString() : null,
      });
      if (found.length > q.limit) break;
    }
    const last = batch[batch.length - 1];
    if (found.length > q.limit || batch.length < BATCH || !last) break;
    before = String(last._id);
  }
  const items = found.slice(0, q.limit);
  const tail = items[items.length - 1];
  return { items, nextCursor: found.length > q.limit && tail ? encodeCursor({ id: tail.id }) : null };
}
