/**
 * Pushes `inbox:new` to each connected socket an item is addressed to, judged per socket by the
 * same rules as `GET /inbox` (inbox.policy.ts), and `inbox:read` to every socket of the user.
 */
import { rooms } from '../../shared/events.js';
import type { Logger } from '../platform/config/logger.js';
import type { InboxItemDoc } from './InboxItem.js';
import { isAddressedTo } from './inbox.policy.js';
import type { DomainEventMap } from '../platform/domainEvents.js';
import { presentInboxItem, readSubjects } from './inbox.service.js';
import type { PuenteIo } from '../platform/realtime/io.js';
import type { Instance } from '../platform/instance.js';

async function push(instance: Instance, io: PuenteIo, item: InboxItemDoc): Promise<void> {
  // The smallest room holding every recipient; system-wide role items reach every socket to judge.
  const candidates = item.userId
    ? await io.in(rooms.user(item.userId)).fetchSockets()
    : item.agencyId
      ? await io.in(rooms.agency(item.agencyId)).fetchSockets()
      : await io.fetchSockets();
  const addressed = candidates.filter((s) => s.data.user && isAddressedTo(s.data.user, item));
  if (!addressed.length) return;
  const subjects = await readSubjects(instance, [item]);
  for (const s of addressed) {
    const u = s.data.user;
    const dto = presentInboxItem(
      { id: u.id, agencyId: u.agencyId, country: u.country, roles: u.roles, agencyKind: u.agencyKind },
      item,
      subjects,
      false,
    );
    // An item whose subject this reader may not see is not pushed: the list shows it as unavailable.
    if (dto.available) s.emit('inbox:new', { item: dto });
  }
}

export function wireInboxPublisher(instance: Instance, io: PuenteIo, logger: Logger): () => void {
  const onRecorded = ({ item }: DomainEventMap['inbox.recorded'][0]) => {
    push(instance, io, item).catch((err: unknown) => logger.error({ err, event: 'inbox:new' }, 'announcement failed'));
  };
  const onRead = ({ userId, ids, unread }: DomainEventMap['inbox.read'][0]) => {
    io.to(rooms.user(userId)).emit('inbox:read', { ids, unread });
  };
  instance.events.on('inbox.recorded', onRecorded);
  instance.events.on('inbox.read', onRead);
  return () => {
    instance.events.off('inbox.recorded', onRecorded);
    instance.events.off('inbox.read', onRead);
  };
}
