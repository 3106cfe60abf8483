/**
 * One search box for documents, phones, plates and names across both countries: says how the
 * query was read (and offers the other readings), filters, cursor pages, full results for
 * visible alerts and hit/no-hit stubs with "Solicitar acceso" whose state is followed live, and
 * protected hits (a restricted victim checked: what to do and whom to call) above them.
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { AlertStubDto } from '../../../../shared/dto/alert.js';
import type { ProtectedHitDto, QueryKind, QueryReadingDto, SearchHitDto } from '../../../../shared/dto/search.js';
import { ALERT_KINDS, ALERT_STATUSES } from '../../../../shared/schemas/alertEnums.js';
import { listAccessRequests } from '../../api/accessRequests.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { isStub, searchAlerts, type SearchParams } from '../../api/search.js';
import { createWatch } from '../../api/watches.js';
import { agencyLabel } from '../../state/agencies.js';
import { rememberRequests } from '../../state/notifications.js';
import { Field, SelectField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { AccessBlock, AreaNav, kindWord, showValue, t, td, tp } from './parts.js';
import { ProtectedHitCard } from './ProtectedHitCard.js';
import { useAction } from '../../ui/useAction.js';

interface Form {
  q: string;
  kind: string;
  status: string;
  country: string;
  from: string;
  to: string;
  place: string;
}
const EMPTY: Form = { q: '', kind: '', status: '', country: '', from: '', to: '', place: '' };

/** Kept in memory while the session lasts, so coming back from an alert shows the same results. */
const form = signal<Form>(EMPTY);
const asked = signal<SearchParams | null>(null);
const items = signal<Array<SearchHitDto | AlertStubDto>>([]);
const protectedHits = signal<ProtectedHitDto[]>([]);
const readings = signal<QueryReadingDto[]>([]);
const truncated = signal(false);
const nextCursor = signal<string | null>(null);
const loading = signal(false);
const error = signal<unknown>(null);

/** A chosen day as the first or last instant of that day in the viewer's zone. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

function paramsOf(f: Form, as?: QueryKind): SearchParams {
  return {
    q: f.q.trim(),
    kind: f.kind || undefined,
    status: f.status || undefined,
    country: f.country || undefined,
    from: dayBound(f.from, false),
    to: dayBound(f.to, true),
    as,
    place: f.place.trim() || undefined,
  };
}

async function run(params: SearchParams, more: boolean): Promise<void> {
  loading.value = true;
  error.value = null;
  try {
    const page = await searchAlerts(params, more ? nextCursor.value : null);
    items.value = more ? [...items.value, ...page.items] : page.items;
    // Only the first page carries them (older servers send none).
    if (!more) protectedHits.value = page.protected ?? [];
    readings.value = page.readings ?? [{ kind: page.queryKind, values: [] }];
    truncated.value = page.truncated;
    nextCursor.value = page.nextCursor;
    asked.value = params;
  } catch (err) {
    error.value = err;
  } finally {
    loading.value = false;
  }
}

function readingText(r: QueryReadingDto): string {
  // Every word of a name must match; identifiers match on any of their normal forms.
  const values = r.values.map((v) => showValue(r.kind, v));
  // A prefix typed before the number (`C.I. N°`, `DNI`) named its type: say it rather than "documento".
  const what = r.kind === 'document' && r.documentType ? t(`doc_${r.documentType}`) : kindWord(r.kind);
  return `${what} ${values.join(r.kind === 'name' ? ' ' : t('or'))}`.trim();
}

function Understood() {
  const [first, ...others] = readings.value;
  const params = asked.value;
  if (!first || !params) return null;
  return (
    <div class="understood" data-testid="understood">
      <p>
        {t('searchingFor', { reading: readingText(first) })}
        {truncated.value ? <span class="muted"> {t('truncated')}</span> : null}
      </p>
      {others.length ? (
        <p class="alternatives">
          {t('alsoCouldBe')}{' '}
          {others.map((r) => (
            <button key={r.kind} type="button" class="link-button" onClick={() => void run({ ...params, as: r.kind }, false)}>
              {t('searchAs', { reading: readingText(r) })}
            </button>
          ))}
        </p>
      ) : null}
      <WatchThis reading={first} q={params.q} />
    </div>
  );
}

/** "Vigilar este dato": a standing watch on what was searched, as it was read. */
function WatchThis({ reading, q }: { reading: QueryReadingDto; q: string }) {
  const [done, setDone] = useState(false);
  const { busy, error: err, run } = useAction();
  useEffect(() => setDone(false), [q, reading.kind]);
  if (done)
    return (
      <Notice kind="success">
        {t('watchCreated')} <a href="/search/watches">{t('seeWatches')}</a>
      </Notice>
    );
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void run(async () => (await createWatch(reading.kind, q), setDone(true)))}>
        {t('watchThis')}
      </button>
      {err ? <Notice kind="error">{fieldErrors(err).value ?? errorText(err)}</Notice> : null}
    </>
  );
}

function HitRow({ hit }: { hit: SearchHitDto }) {
  return (
    <li class="result" data-alert-id={hit.id} data-reference={hit.reference}>
      <a href={`/alerts/${hit.id}`} class="result-title">
        <span class="reference">{hit.reference}</span> {hit.title}
      </a>
      <span class="result-meta">
        {td(`kind_${hit.kind}`)} · <span class={`status status-${hit.status}`}>{td(`status_${hit.status}`)}</span> ·{' '}
        {agencyLabel(hit.originAgencyId)} · <Time iso={hit.createdAt} />
      </span>
      <span class="result-meta matched">
        {t('matchedOn', { on: hit.matchedOn.map((m) => (m === 'name_similar' ? t('similarName') : kindWord(m))).join(', ') })}
      </span>
    </li>
  );
}

function StubRow({ stub }: { stub: AlertStubDto }) {
  return (
    <li class="result result-stub" data-alert-id={stub.id} data-reference={stub.reference}>
      <span class="result-title">
        <span class="reference">{stub.reference}</span> <span class="restricted-tag">{t('restrictedStub')}</span>
      </span>
      <span class="result-meta">
        {td(`kind_${stub.kind}`)} · <span class={`status status-${stub.status}`}>{td(`status_${stub.status}`)}</span> ·{' '}
        {agencyLabel(stub.originAgencyId)}
      </span>
      <AccessBlock alertId={stub.id} reference={stub.reference} />
    </li>
  );
}

function Filters() {
  const f = form.value;
  const set = (patch: Partial<Form>) => (form.value = { ...f, ...patch });
  return (
    <details class="filters">
      <summary>{t('filters')}</summary>
      <div class="filter-row">
        <SelectField
          id="search-kind"
          label={t('filterKind')}
          value={f.kind}
          empty={t('any')}
          options={ALERT_KINDS.map((k) => [k, td(`kind_${k}`)] as const)}
          onValue={(kind) => set({ kind })}
        />
        <SelectField
          id="search-status"
          label={t('filterStatus')}
          value={f.status}
          empty={t('any')}
          options={ALERT_STATUSES.map((s) => [s, td(`status_${s}`)] as const)}
          onValue={(status) => set({ status })}
        />
        <SelectField
          id="search-country"
          label={t('filterCountry')}
          value={f.country}
          empty={t('any')}
          options={[
            ['AR', td('country_AR')],
            ['PY', td('country_PY')],
          ]}
          onValue={(country) => set({ country })}
        />
        <Field id="search-from" label={t('filterFrom')}>
          <input id="search-from" type="date" value={f.from} onInput={(e) => set({ from: e.currentTarget.value })} />
        </Field>
        <Field id="search-to" label={t('filterTo')}>
          <input id="search-to" type="date" value={f.to} onInput={(e) => set({ to: e.currentTarget.value })} />
        </Field>
      </div>
    </details>
  );
}

let outgoingLoaded = false;

export function SearchScreen() {
  useEffect(() => {
    // Earlier requests of this user, so a stub found again shows where its request stands.
    if (!outgoingLoaded)
      listAccessRequests('outgoing', null, 100).then(
        (p) => {
          outgoingLoaded = true;
          rememberRequests(p.items);
        },
        () => undefined,
      );
  }, []);
  const f = form.value;
  const submit = (e: Event) => {
    e.preventDefault();
    if (f.q.trim()) void run(paramsOf(f), false);
  };
  const list = items.value;
  const shielded = protectedHits.value;
  return (
    <section class="search-screen">
      <ScreenHeading title={t('title')} />
      <AreaNav />
      <form class="search-form" role="search" onSubmit={submit}>
        <Field id="search-q" label={t('queryLabel')} hint={t('queryHint')}>
          <div class="search-box">
            <input
              id="search-q"
              type="search"
              value={f.q}
              maxLength={200}
              required
              autocomplete="off"
              aria-describedby="search-q-hint search-audited"
              onInput={(e) => (form.value = { ...f, q: e.currentTarget.value })}
            />
            <button type="submit" class="primary" disabled={loading.value}>
              {t('searchButton')}
            </button>
          </div>
        </Field>
        <Field id="search-place" label={t('placeLabel')} hint={t('placeHint')}>
          <input
            id="search-place"
            type="text"
            value={f.place}
            maxLength={120}
            autocomplete="off"
            onInput={(e) => (form.value = { ...f, place: e.currentTarget.value })}
          />
        </Field>
        <p class="audited" id="search-audited">
          {t('audited')}
        </p>
        <Filters />
      </form>
      {error.value ? <Notice kind="error">{fieldErrors(error.value).q ?? errorText(error.value)}</Notice> : null}
      <Understood />
      <div aria-live="polite" class="visually-hidden">
        {asked.value && !loading.value ? tp('resultCount', list.length) : ''}
        {asked.value && !loading.value && shielded.length ? ` ${tp('protectedCount', shielded.length)}` : ''}
      </div>
      {shielded.length ? (
        <ul class="result-list protected-list">
          {shielded.map((hit) => (
            <ProtectedHitCard key={hit.reference} hit={hit} />
          ))}
        </ul>
      ) : null}
      {list.length ? (
        <ul class="result-list" aria-busy={loading.value}>
          {list.map((item) => (isStub(item) ? <StubRow key={item.id} stub={item} /> : <HitRow key={item.id} hit={item} />))}
        </ul>
      ) : asked.value && !loading.value && !error.value && !shielded.length ? (
        <p class="empty">{t('noResults')}</p>
      ) : null}
      {loading.value ? <p>{t('searching')}</p> : null}
      {nextCursor.value && asked.value && !loading.value ? (
        <button type="button" onClick={() => void run(asked.value!, true)}>
          {t('moreResults')}
        </button>
      ) : null}
    </section>
  );
}
