/**
 * The inbox: items recorded with the change that causes them, listed newest first per user with
 * a keyset cursor, an unread count, and read markers per user (insert-only, see InboxRead.ts).
 */
import { z } from 'zod';
import type { InboxItemDto, InboxPageDto } from '../../shared/dto/inbox.js';
import type { InboxListQuery, InboxReadInput } from '../../shared/schemas/inbox.js';
import { accessRequestsByIds } from '../search/index.js';
import { readAlertToShow, type AlertDoc } from '../alerts/index.js';
import { type InboxItemDoc } from './InboxItem.js';
import { usersByIds } from '../identity/index.js';
import type { Actor } from '../platform/actor.js';
import { addressedToFilter, canSeeSubject, type InboxSubjects } from './inbox.policy.js';
import { distinctObjectIds, isDuplicateKeyError, op } from '../platform/store/index.js';

import { decodeCursor, encodeCursor } from '../platform/pagination.js';
import type { Instance } from '../platform/instance.js';

export type NewInboxItem = Omit<InboxItemDoc, '_id' | 'createdAt' | 'userId' | 'agencyId' | 'roles' | 'actorId'> &
  Partial<Pick<InboxItemDoc, 'userId' | 'agencyId' | 'roles' | 'actorId'>>;

/**
 * Stores an item, then announces it (the realtime publisher pushes it). The same `dedupeKey` twice
 * is one item. Rejects when the store fails: the match worker then announces the change again.
 */
export async function storeInboxItem(instance: Instance, input: NewInboxItem): Promise<void> {
  const { InboxItem } = instance.models.notifications;
  try {
    const doc = await InboxItem.create({ userId: null, agencyId: null, roles: [], actorId: null, ...input, createdAt: new Date() });
    instance.events.emit('inbox.recorded', { item: doc.toObject() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

/**
 * The same, for a request whose change is already stored: a failure is reported (logged) and does
 * not turn the stored change into an error its client would repeat.
 */
export async function recordInboxItem(instance: Instance, input: NewInboxItem): Promise<void> {
  await storeInboxItem(instance, input).catch((err: unknown) =>
    instance.events.emit('maintenance.failed', { task: 'inbox.record', err, details: { kind: input.kind, dedupeKey: input.dedupeKey } }),
  );
}

/** Reads the subjects of some items once (the alert copy serves alerts). */
export async function readSubjects(instance: Instance, items: Pick<InboxItemDoc, 'subjectType' | 'subjectId'>[]): Promise<InboxSubjects> {
  const idsOf = (t: InboxItemDoc['subjectType']) => distinctObjectIds(items.filter((i) => i.subjectType === t).map((i) => i.subjectId));
  const alerts = new Map<string, AlertDoc | null>();
  for (const id of idsOf('alert')) alerts.set(id, await readAlertToShow(instance, id));
  const requests = await accessRequestsByIds(instance, idsOf('accessRequest'));
  const users = await usersByIds(instance, idsOf('user'), ['agencyId']);
  return {
    alerts,
    accessRequests: new Map(requests.map((r) => [String(r._id), r])),
    users: new Map(users.map((u) => [String(u._id), { agencyId: String(u.agencyId) }])),
  };
}

/** An item as this reader sees it now: its subject withheld when they may no longer see it. */
export function presentInboxItem(actor: Actor, item: InboxItemDoc, subjects: InboxSubjects, read: boolean): InboxItemDto {
  const available = canSeeSubject(actor, item, subjects);
  return {
    id: String(item._id),
    kind: item.kind,
    subject: available ? { type: item.subjectType, id: item.subjectId } : null,
    data: available ? item.data : {},
    available,
    read,
    createdAt: item.createdAt.toISOString(),
  };
}

const cursorSchema = z.object({ t: z.number().int(), id: z.string().regex(/^[a-f0-9]{24}$/) });

async function readIdsOf(instance: Instance, userId: string, itemIds: string[]): Promise<Set<string>> {
  const { InboxRead } = instance.models.notifications;
  if (!itemIds.length) return new Set();
  const marks = await InboxRead.find({ userId, itemId: op({ $in: itemIds }) }, { itemId: 1 }).lean<{ itemId: string }[]>();
  return new Set(marks.map((m) => m.itemId));
}

/** Ids of every item addressed to the actor that they have not read. */
async function unreadIds(instance: Instance, actor: Actor): Promise<string[]> {
  const { InboxItem, InboxRead } = instance.models.notifications;
  const all = await InboxItem.find(addressedToFilter(actor), { _id: 1 }).lean<{ _id: unknown }[]>();
  const ids = all.map((d) => String(d._id));
  const marks = await InboxRead.find({ userId: actor.id }, { itemId: 1 }).lean<{ itemId: string }[]>();
  const read = new Set(marks.map((m) => m.itemId));
  return ids.filter((id) => !read.has(id));
}

export async function unreadCount(instance: Instance, actor: Actor): Promise<number> {
  return (await unreadIds(instance, actor)).length;
}

/** Newest first; the cursor is the last item's (createdAt, id), so items added meanwhile never shift a page. */
export async function listInbox(instance: Instance, actor: Actor, query: InboxListQuery): Promise<InboxPageDto> {
  const { InboxItem } = instance.models.notifications;
  const filter: Record<string, unknown> = addressedToFilter(actor);
  const after = decodeCursor(query.cursor, cursorSchema);
  const page = after
    ? {
        $and: [
          filter,
          { $or: [{ createdAt: op({ $lt: new Date(after.t) }) }, { createdAt: new Date(after.t), _id: op({ $lt: after.id }) }] },
        ],
      }
    : filter;
  const docs = await InboxItem.find(page)
    .sort({ createdAt: -1, _id: -1 })
    .limit(query.limit + 1)
    .lean<InboxItemDoc[]>();
  const items = docs.slice(0, query.limit);
  const [subjects, read, unread] = await Promise.all([
    readSubjects(instance, items),
    readIdsOf(
      instance,
      actor.id,
      items.map((d) => String(d._id)),
    ),
    unreadCount(instance, actor),
  ]);
  const last = items[items.length - 1];
  return {
    items: items.map((d) => presentInboxItem(actor, d, subjects, read.has(String(d._id)))),
    nextCursor: docs.length > query.limit && last ? encodeCursor({ t: last.createdAt.getTime(), id: String(last._id) }) : null,
    unread,
  };
}

/**
 * Marks items read for this user only: those named that are addressed to them, or every unread
 * one. Insert-only markers: repeated or concurrent marks (two devices) are harmless.
 */
export async function markInboxRead(instance: Instance, actor: Actor, input: InboxReadInput): Promise<{ unread: number }> {
  const { InboxItem, InboxRead } = instance.models.notifications;
  let ids: string[];
  if ('all' in input) ids = await unreadIds(instance, actor);
  else {
    const named = await InboxItem.find({ $and: [addressedToFilter(actor), { _id: op({ $in: input.ids }) }] }, { _id: 1 }).lean<
      { _id: unknown }[]
    >();
    ids = named.map((d) => String(d._id));
  }
  if (ids.length) {
    await InboxRead.insertMany(
      ids.map((itemId) => ({ _id: `i:${actor.id}:${itemId}`, userId: actor.id, itemId })),
      { ordered: false },
    ).catch((err: unknown) => {
      const writeErrors = (err as { writeErrors?: unknown[] }).writeErrors;
      // Already read (by this or another device): the marker is there, which is all that counts.
      if (!(isDuplicateKeyError(err) || (writeErrors && writeErrors.every(isDuplicateKeyWrite)))) throw err;
    });
  }
  const unread = await unreadCount(instance, actor);
  instance.events.emit('inbox.read', { userId: actor.id, ids, unread });
  return { unread };
}

const isDuplicateKeyWrite = (e: unknown) => isDuplicateKeyError(e) || isDuplicateKeyError((e as { err?: unknown }).err);
