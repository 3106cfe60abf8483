/**
 * /directory: search both countries' contacts (name, unit, phone typed any way, agency, country,
 * language, 24 h lines), grouped by agency, with exports of the same result. Online it asks the
 * server (pages by cursor) and keeps the device's copy fresh in the background; offline it
 * searches that copy and says how old it is.
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { ContactDto } from '../../../../shared/dto/contact.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { directory } from '../../../../shared/i18n/client/directory.js';
import { CONTACT_LANGUAGES, CONTACT_LIMITS, type ContactLanguage } from '../../../../shared/schemas/contactEnums.js';
import { exportUrl, listContacts, type ContactFilters } from '../../api/contacts.js';
import { errorText } from '../../api/errors.js';
import { ApiRequestError } from '../../api/http.js';
import { formatInstant } from '../../i18n/dates.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { agencies } from '../../state/agencies.js';
import { currentUser, hasRole } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { ContactCard } from './ContactCard.js';
import { searchCopy } from './localSearch.js';
import { copyInfo, loadCopy, syncDirectory, syncing } from './offlineCopy.js';

const t = translator(directory);
const tp = pluralTranslator(directory);
const tc = translator(common);

/** The search as typed and applied; kept while the user opens the form and comes back. */
const typed = signal('');
const filters = signal<ContactFilters>({});
const items = signal<ContactDto[]>([]);
const nextCursor = signal<string | null>(null);
const loading = signal(false);
const loadError = signal<unknown>(null);
/** Where the shown result comes from: the server, or the device's copy (offline). */
const source = signal<'server' | 'copy'>('server');
/** A sentence about the last action (saved, confirmed, removed), announced politely. */
export const flash = signal<string | null>(null);

const isOffline = () => !navigator.onLine || currentUser.value === null;

/** Only the latest search may show its result (an earlier one can finish later). */
let latest = 0;

async function searchLocally(run: number): Promise<void> {
  const copy = await loadCopy();
  const found = copy ? await searchCopy(copy.contacts, filters.value, currentUser.value?.country ?? 'AR', copy.agencyShortNames) : [];
  if (run !== latest) return;
  source.value = 'copy';
  nextCursor.value = null;
  items.value = found;
}

async function search(more = false): Promise<void> {
  const run = ++latest;
  loading.value = true;
  loadError.value = null;
  try {
    if (isOffline()) {
      await searchLocally(run);
      return;
    }
    try {
      const page = await listContacts(filters.value, more ? nextCursor.value : null);
      if (run !== latest) return;
      source.value = 'server';
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor;
    } catch (err) {
      // The connection dropped: the copy answers instead.
      if (err instanceof ApiRequestError && err.code === 'network') await searchLocally(run);
      else throw err;
    }
  } catch (err) {
    if (run === latest) loadError.value = err;
  } finally {
    if (run === latest) loading.value = false;
  }
}

function applyFilters(patch: Partial<ContactFilters>): void {
  flash.value = null;
  filters.value = { ...filters.value, ...patch };
  void search();
}

/** Contacts grouped by agency, in the order the result first names each agency. */
function byAgency(list: readonly ContactDto[]): Array<{ agencyId: string; label: string; contacts: ContactDto[] }> {
  const groups = new Map<string, { agencyId: string; label: string; contacts: ContactDto[] }>();
  for (const c of list) {
    let g = groups.get(c.agencyId);
    if (!g) {
      g = { agencyId: c.agencyId, label: `${c.agencyName ?? c.agencyId} (${c.country})`, contacts: [] };
      groups.set(c.agencyId, g);
    }
    g.contacts.push(c);
  }
  return [...groups.values()];
}

/** The copy's time as a sentence can hold it, in the viewer's zone. */
const savedTime = (iso: string) => formatInstant(iso, currentUser.value?.country ?? null).local;

function OfflineStatus() {
  const info = copyInfo.value;
  if (source.value === 'copy' || isOffline()) {
    return (
      <Notice kind="warning">
        <span data-testid="offline-copy">{info ? t('offlineUsing', { time: savedTime(info.savedAt) }) : t('offlineNoCopy')}</span>{' '}
        {currentUser.value === null ? <span>{t('offlineSignedOut')} </span> : null}
        <span>{t('offlineWritesDisabled')}</span>
      </Notice>
    );
  }
  if (syncing.value && !info) return <p class="muted offline-state">{t('offlineSaving')}</p>;
  if (!info) return null;
  return (
    <p class="muted offline-state" data-testid="copy-saved" data-saved-at={info.savedAt}>
      {t('offlineSaved', { time: savedTime(info.savedAt) })}
    </p>
  );
}

/** Filters start open on wide screens; on a phone the search box and the results come first. */
const filtersOpen = typeof matchMedia === 'function' && matchMedia('(min-width: 48rem)').matches;

function SearchForm() {
  const f = filters.value;
  const active = [f.agencyId, f.country, f.language, f.h24].filter(Boolean).length;
  // Open at first when wide or when filters apply; then as the user leaves it.
  const [open, setOpen] = useState(filtersOpen || active > 0);
  const agencyOptions = [...agencies.value.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <form
      role="search"
      class="directory-search"
      onSubmit={(e) => {
        e.preventDefault();
        applyFilters({ q: typed.value });
      }}
    >
      <div class="field">
        <label for="directory-q">{t('searchLabel')}</label>
        <div class="search-row">
          <input
            id="directory-q"
            type="search"
            value={typed.value}
            maxLength={CONTACT_LIMITS.query}
            aria-describedby="directory-q-hint"
            onInput={(e) => (typed.value = e.currentTarget.value)}
          />
          <button type="submit" class="primary">
            {t('searchButton')}
          </button>
        </div>
        <div class="field-hint" id="directory-q-hint">
          {t('searchHint')}
        </div>
      </div>
      <details class="directory-filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{active > 0 ? t('filtersActive', { count: active }) : t('filters')}</summary>
        <div class="filter-row">
          {agencyOptions.length > 0 ? (
            <div class="field inline">
              <label for="directory-agency">{t('filterAgency')}</label>
              <select
                id="directory-agency"
                value={f.agencyId ?? ''}
                onChange={(e) => applyFilters({ agencyId: e.currentTarget.value || undefined })}
              >
                <option value="">{t('filterAny')}</option>
                {agencyOptions.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.shortName} ({a.country})
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div class="field inline">
            <label for="directory-country">{t('filterCountry')}</label>
            <select
              id="directory-country"
              value={f.country ?? ''}
              onChange={(e) => applyFilters({ country: (e.currentTarget.value || undefined) as ContactFilters['country'] })}
            >
              <option value="">{t('filterAny')}</option>
              <option value="AR">{tc('countryAR')}</option>
              <option value="PY">{tc('countryPY')}</option>
            </select>
          </div>
          <div class="field inline">
            <label for="directory-language">{t('filterLanguage')}</label>
            <select
              id="directory-language"
              value={f.language ?? ''}
              onChange={(e) => applyFilters({ language: (e.currentTarget.value || undefined) as ContactLanguage | undefined })}
            >
              <option value="">{t('filterAny')}</option>
              {CONTACT_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`lang_${l}`)}
                </option>
              ))}
            </select>
          </div>
          <label class="choice">
            <input type="checkbox" checked={!!f.h24} onChange={(e) => applyFilters({ h24: e.currentTarget.checked || undefined })} />
            {t('only24h')}
          </label>
        </div>
      </details>
    </form>
  );
}

function Results() {
  const list = items.value;
  const online = source.value === 'server' && !isOffline();
  const replace = (updated: ContactDto) => {
    items.value = items.value.map((c) => (c.id === updated.id ? updated : c));
    flash.value = t('verified', { name: updated.name });
    void syncDirectory();
  };
  const removed = (gone: ContactDto) => {
    items.value = items.value.filter((c) => c.id !== gone.id);
    flash.value = t('removed', { name: gone.name });
    void syncDirectory();
  };
  return (
    <div class="directory-results">
      <p class="result-count" role="status">
        {loading.value
          ? t('loading')
          : list.length === 0
            ? t('noResults')
            : list.length === 1
              ? t('resultOne')
              : tp('resultCount', list.length)}
      </p>
      {loadError.value ? <Notice kind="error">{errorText(loadError.value)}</Notice> : null}
      {byAgency(list).map((g) => (
        <section class="agency-group" key={g.agencyId} aria-labelledby={`agency-${g.agencyId}`}>
          <h2 id={`agency-${g.agencyId}`}>{g.label}</h2>
          <ul class="contact-list">
            {g.contacts.map((c) => (
              <ContactCard key={c.id} contact={c} online={online} onChanged={replace} onRemoved={removed} />
            ))}
          </ul>
        </section>
      ))}
      {nextCursor.value && online ? (
        <button type="button" disabled={loading.value} onClick={() => void search(true)}>
          {t('loadMore')}
        </button>
      ) : null}
    </div>
  );
}

function Exports() {
  if (isOffline() || source.value === 'copy') return null;
  const f = filters.value;
  return (
    <p class="directory-exports">
      <span>{t('exportTitle')}:</span>{' '}
      <a href={exportUrl('vcf', f)} download data-testid="export-vcf">
        {t('exportVcard')}
      </a>{' '}
      <a href={exportUrl('vcf', f, true)} download data-testid="export-vcf4">
        {t('exportVcard4')}
      </a>{' '}
      <a href={exportUrl('csv', f)} download data-testid="export-csv">
        {t('exportCsv')}
      </a>
    </p>
  );
}

/** While the screen stays open, the copy is refreshed this often. */
const REFRESH_MS = 15 * 60_000;

export function DirectoryScreen() {
  useEffect(() => {
    void loadCopy().then(() => search());
    // Refreshed in the background on each visit and whenever the connection comes back.
    const refresh = () => {
      if (!isOffline()) void syncDirectory().then(() => (source.value === 'copy' ? search() : undefined));
    };
    refresh();
    const offline = () => void search();
    window.addEventListener('online', refresh);
    window.addEventListener('offline', offline);
    const timer = setInterval(refresh, REFRESH_MS);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', refresh);
      window.removeEventListener('offline', offline);
    };
  }, []);
  const canAdd = (hasRole('agency_admin') || hasRole('system_admin')) && !isOffline();
  return (
    <section class="directory">
      <ScreenHeading title={t('title')} />
      <OfflineStatus />
      {currentUser.value === null ? (
        <p>
          <a href="/sign-in">{t('signInLink')}</a>
        </p>
      ) : null}
      {flash.value ? <Notice kind="success">{flash.value}</Notice> : null}
      <SearchForm />
      <div class="directory-tools">
        {canAdd ? (
          <a class="button primary" href="/directory/new">
            {t('addContact')}
          </a>
        ) : null}
        <Exports />
      </div>
      <Results />
    </section>
  );
}
