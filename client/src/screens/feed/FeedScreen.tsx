/**
 * The live alert feed: newest first, infinite scroll over the API's cursor pages, filters, and
 * alerts arriving live (merged by id, badged, announced). Urgent alerts stand out.
 */
import { computed, signal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import type { AlertSummaryDto } from '../../../../shared/dto/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { feed } from '../../../../shared/i18n/client/feed.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { ALERT_KINDS, ALERT_STATUSES } from '../../../../shared/schemas/alertEnums.js';
import { listAlerts, type AlertFilters } from '../../api/alerts.js';
import { errorText } from '../../api/errors.js';
import { ApiRequestError } from '../../api/http.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { offline as offlineDict } from '../../../../shared/i18n/client/offline.js';
import { connection } from '../../state/connection.js';
import { feedItems, feedListed, feedStale, feedSyncedAt, markSeen, mergeAlerts, unseenIds } from '../../state/feed.js';
import { agencyLabel } from '../../state/agencies.js';
import { offlineSession } from '../../state/offline.js';
import { canPostAlerts, currentUser } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { OfflineDataNotice, OutboxStatus } from '../../ui/OfflineNotices.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { isPhone } from '../../ui/viewport.js';

/** How long the newest live arrival stays badged while the feed is on screen. */
const SEEN_AFTER_MS = 4000;

const t = translator(feed);
const tp = pluralTranslator(feed);
const td = translator(domain);
const tc = translator(common);
const to = translator(offlineDict);

type Origin = 'all' | 'mine' | 'agency';
interface FeedFilters extends AlertFilters {
  origin: Origin;
}

const filters = signal<FeedFilters>({ origin: 'all' });
const nextCursor = signal<string | null | undefined>(undefined);
const loading = signal(false);
const loadError = signal<unknown>(null);

function matches(a: AlertSummaryDto, f: FeedFilters): boolean {
  const user = currentUser.value;
  if (f.kind && a.kind !== f.kind) return false;
  if (f.status && a.status !== f.status) return false;
  if (f.country && a.originCountry !== f.country) return false;
  if (f.origin === 'mine' && a.createdBy !== user?.id) return false;
  if (f.origin === 'agency' && a.originAgencyId !== user?.agencyId) return false;
  return true;
}

const visible = computed(() => feedItems.value.filter((a) => matches(a, filters.value)));

async function loadPage(reset: boolean): Promise<void> {
  if (loading.value) return;
  if (!reset && nextCursor.value === null) return;
  loading.value = true;
  loadError.value = null;
  try {
    const { origin, ...api } = filters.value;
    const page = await listAlerts({ ...api, ...(origin === 'all' ? {} : { origin }) }, reset ? null : nextCursor.value);
    mergeAlerts(page.items);
    if (reset) feedListed.value = true;
    nextCursor.value = page.nextCursor;
  } catch (err) {
    loadError.value = err;
  } finally {
    loading.value = false;
  }
}

function setFilter(patch: Partial<FeedFilters>): void {
  filters.value = { ...filters.value, ...patch };
  nextCursor.value = undefined;
  void loadPage(true);
}

function FilterSelect(props: {
  id: string;
  label: string;
  value: string | undefined;
  options: [string, string][];
  onChange: (v: string) => void;
}) {
  return (
    <div class="field inline">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ''} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{t('filterAny')}</option>
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** How many filters narrow the feed (said on the folded "Filtros" toggle). */
function activeFilterCount(f: FeedFilters): number {
  return [f.kind, f.status, f.country, f.origin === 'all' ? undefined : f.origin].filter(Boolean).length;
}

/** Open on wide screens; folded on a phone, where the feed itself must show first. */
function Filters() {
  const f = filters.value;
  const active = activeFilterCount(f);
  return (
    <details class="filters" open={!isPhone.value} data-testid="feed-filters">
      <summary>
        {t('filters')}
        {active ? <span class="filter-count"> · {tp('filtersActive', active)}</span> : null}
      </summary>
      <div class="filter-row">
        <FilterSelect
          id="filter-kind"
          label={t('filterKind')}
          value={f.kind}
          options={ALERT_KINDS.map((k) => [k, td(`kind_${k}`)])}
          onChange={(v) => setFilter({ kind: v || undefined })}
        />
        <FilterSelect
          id="filter-status"
          label={t('filterStatus')}
          value={f.status}
          options={ALERT_STATUSES.map((s) => [s, td(`status_${s}`)])}
          onChange={(v) => setFilter({ status: v || undefined })}
        />
        <FilterSelect
          id="filter-country"
          label={t('filterCountry')}
          value={f.country}
          options={[
            ['AR', td('country_AR')],
            ['PY', td('country_PY')],
          ]}
          onChange={(v) => setFilter({ country: v || undefined })}
        />
        <div class="field inline">
          <label for="filter-origin">{t('filterOrigin')}</label>
          <select id="filter-origin" value={f.origin} onChange={(e) => setFilter({ origin: e.currentTarget.value as Origin })}>
            <option value="all">{t('originAll')}</option>
            <option value="mine">{t('originMine')}</option>
            <option value="agency">{t('originAgency')}</option>
          </select>
        </div>
      </div>
    </details>
  );
}

function AlertCard({ alert, isNew }: { alert: AlertSummaryDto; isNew: boolean }) {
  return (
    <li class={`alert-card priority-${alert.priority}${isNew ? ' is-new' : ''}`} data-alert-id={alert.id} data-reference={alert.reference}>
      <a href={`/alerts/${alert.id}`} class="alert-card-link">
        <span class="alert-card-top">
          <span class={`priority-tag priority-tag-${alert.priority}`}>{td(`priority_${alert.priority}`)}</span>
          <span class="kind">{td(`kind_${alert.kind}`)}</span>
          <span class={`status status-${alert.status}`}>{td(`status_${alert.status}`)}</span>
          {isNew ? <span class="new-tag">{t('isNew')}</span> : null}
        </span>
        <span class="alert-card-title">{alert.title}</span>
        <span class="alert-card-meta">
          <span class="reference">{alert.reference}</span> · <Time iso={alert.createdAt} /> ·{' '}
          {t('from', { agency: agencyLabel(alert.originAgencyId) })}
        </span>
        <span class="alert-card-meta">
          {alert.subjectCount ? tp('subjects', alert.subjectCount) : null}
          {alert.hitCount ? <> · {tp('hits', alert.hitCount)}</> : null}
          {alert.sensitivity === 'restricted' ? <span class="restricted-tag"> · {t('restricted')}</span> : null}
          {alert.borderCrossings.length ? <> · {alert.borderCrossings.join(', ')}</> : null}
        </span>
      </a>
    </li>
  );
}

export function FeedScreen() {
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The catch-up fell behind the server's change log: load the list again.
    let seen = feedStale.peek();
    return feedStale.subscribe((n) => {
      if (n === seen) return;
      seen = n;
      nextCursor.value = undefined;
      void loadPage(true);
    });
  }, []);
  useEffect(() => {
    void loadPage(true);
    // Looking at the feed clears the badge once the newest arrival has been on screen for
    // SEEN_AFTER_MS (an alert arriving just before the first clear would otherwise be cleared
    // unseen); items stay marked "new" until the next visit.
    let clear: number | undefined;
    const stop = unseenIds.subscribe((ids) => {
      window.clearTimeout(clear);
      if (ids.size) clear = window.setTimeout(markSeen, SEEN_AFTER_MS);
    });
    return () => {
      stop();
      window.clearTimeout(clear);
      markSeen();
    };
  }, []);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const obs = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) void loadPage(false);
    });
    obs.observe(el);
    return () => obs.disconnect();
  }, []);
  // Back online (after an offline boot or a lost signal): the whole first page again, not only
  // what the catch-up brings; the feed keeps what it had meanwhile.
  useEffect(() => {
    let was = connection.value;
    return connection.subscribe((now) => {
      if (now === 'online' && was !== 'online') void loadPage(true);
      was = now;
    });
  }, []);
  const items = visible.value;
  const unseen = unseenIds.value;
  const failedOffline = loadError.value instanceof ApiRequestError && loadError.value.code === 'network';
  const offline = offlineSession.value || connection.value === 'offline' || failedOffline;
  const syncedAt = feedSyncedAt.value;
  return (
    <section>
      <div class="screen-head">
        <ScreenHeading title={t('title')} />
        {canPostAlerts() ? (
          <a class="button primary" href="/alerts/new">
            {t('newAlert')}
          </a>
        ) : null}
      </div>
      {offline && syncedAt ? <OfflineDataNotice savedAt={syncedAt} testId="feed-offline" /> : null}
      <OutboxStatus />
      <Filters />
      {loadError.value && !(offline && syncedAt) ? (
        <Notice kind="error">
          {errorText(loadError.value)}{' '}
          <button type="button" class="link-button" onClick={() => void loadPage(false)}>
            {tc('retry')}
          </button>
        </Notice>
      ) : null}
      <ul class="alert-list" aria-busy={loading.value}>
        {items.map((a) => (
          <AlertCard key={a.id} alert={a} isNew={unseen.has(a.id)} />
        ))}
      </ul>
      {!loading.value && !items.length ? <p class="empty">{offline && !feedItems.value.length ? to('noFeedData') : t('empty')}</p> : null}
      <div ref={sentinel} class="sentinel">
        {loading.value ? <p>{tc('loading')}</p> : null}
        {nextCursor.value ? (
          <button type="button" onClick={() => void loadPage(false)}>
            {tc('loadMore')}
          </button>
        ) : nextCursor.value === null && items.length ? (
          <p class="muted">{t('endOfList')}</p>
        ) : null}
      </div>
    </section>
  );
}
