/**
 * The inbox: everything addressed to the user or their agency's role, newest first, kept on the
 * server (it outlives the session). Each item links to what it is about; an item whose subject the
 * user may no longer see says so and links nowhere.
 */
import { useEffect } from 'preact/hooks';
import type { InboxItemDto } from '../../../../shared/dto/inbox.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { inbox } from '../../../../shared/i18n/client/inbox.js';
import { errorText } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { inboxCursor, inboxItems, inboxUnread, loadMoreInbox, markRead, refreshInbox } from '../../state/inbox.js';
import { inboxLink, inboxSentence } from '../../ui/inboxText.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { useAction } from '../../ui/useAction.js';

const t = translator(inbox);
const tc = translator(common);

function Item({ item }: { item: InboxItemDto }) {
  const href = inboxLink(item);
  const open = () => {
    if (!item.read) void markRead({ ids: [item.id] }).catch(() => undefined);
  };
  return (
    <li class={`inbox-item${item.read ? '' : ' unread'}`} data-testid="inbox-item" data-kind={item.kind}>
      <p class="inbox-text">
        {!item.read ? <span class="visually-hidden">{t('unread')}: </span> : null}
        {href ? (
          <a href={href} onClick={open}>
            {inboxSentence(item)}
          </a>
        ) : (
          inboxSentence(item)
        )}
      </p>
      <p class="muted inbox-meta">
        <Time iso={item.createdAt} />
        {!item.read ? (
          <button type="button" class="link-button" onClick={open}>
            {t('markRead')}
          </button>
        ) : null}
      </p>
    </li>
  );
}

export function InboxScreen() {
  const more = useAction();
  const all = useAction();
  useEffect(() => {
    void refreshInbox();
  }, []);
  const items = inboxItems.value;
  const unread = inboxUnread.value;
  return (
    <section class="inbox-screen">
      <ScreenHeading title={t('title')} />
      <p class="muted">{t('intro')}</p>
      {unread > 0 ? (
        <button type="button" disabled={all.busy} onClick={() => void all.run(() => markRead({ all: true }))}>
          {t('markAllRead')}
        </button>
      ) : null}
      {all.error ? <Notice kind="error">{errorText(all.error)}</Notice> : null}
      {items.length ? (
        <ul class="plain inbox-list" data-testid="inbox-list">
          {items.map((i) => (
            <Item key={i.id} item={i} />
          ))}
        </ul>
      ) : (
        <p>{t('empty')}</p>
      )}
      {more.error ? <Notice kind="error">{errorText(more.error)}</Notice> : null}
      {inboxCursor.value ? (
        <button type="button" disabled={more.busy} onClick={() => void more.run(loadMoreInbox)}>
          {tc('loadMore')}
        </button>
      ) : null}
    </section>
  );
}
