/**
 * "Coincidencias": matches that arrived live in this session (`match:new`), then the agency's
 * alerts that match others, a page of alerts at a time (the alerts list's cursor).
 */
import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { agencyMatches, type AlertWithMatches } from '../../api/matches.js';
import { errorText } from '../../api/errors.js';
import { feedById } from '../../state/feed.js';
import { liveMatches } from '../../state/notifications.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { AreaNav, MatchLine, t, td } from './parts.js';

const rows = signal<AlertWithMatches[]>([]);
const cursor = signal<string | null | undefined>(undefined);
const loading = signal(false);
const error = signal<unknown>(null);

async function load(more: boolean): Promise<void> {
  if (loading.value || (more && !cursor.value)) return;
  loading.value = true;
  error.value = null;
  try {
    const page = await agencyMatches(more ? cursor.value! : null);
    rows.value = more ? [...rows.value, ...page.items] : page.items;
    cursor.value = page.nextCursor;
  } catch (err) {
    error.value = err;
  } finally {
    loading.value = false;
  }
}

function LiveMatches() {
  const all = liveMatches.value;
  if (!all.length) return null;
  // Each match arrives from both sides: shown once, each alert named by the reference the other side carries.
  const refs = new Map(all.map((l) => [l.match.alertId, l.match.reference]));
  const seen = new Set<string>();
  const list = all.filter((l) => {
    const k = `${[l.alertId, l.match.alertId].sort().join('|')}|${l.match.on}`;
    return !seen.has(k) && !!seen.add(k);
  });
  return (
    <section aria-labelledby="live-matches-h">
      <h2 id="live-matches-h">{t('liveMatches')}</h2>
      <ul class="match-groups" data-testid="live-matches">
        {list.map((l) => (
          <li key={`${l.alertId}-${l.match.alertId}-${l.match.on}`} class="match-group">
            <p class="result-meta">
              <a href={`/alerts/${l.alertId}`}>{refs.get(l.alertId) ?? feedById.value.get(l.alertId)?.reference ?? t('thisAlert')}</a> ·{' '}
              <Time iso={l.at} />
            </p>
            <MatchLine match={l.match} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function MatchesScreen() {
  useEffect(() => {
    void load(false);
  }, []);
  return (
    <section class="matches-screen">
      <ScreenHeading title={t('matchesTitle')} />
      <AreaNav />
      <p class="muted">{t('matchesIntro')}</p>
      <LiveMatches />
      <section aria-labelledby="agency-matches-h">
        <h2 id="agency-matches-h">{t('agencyMatches')}</h2>
        {error.value ? (
          <Notice kind="error">
            {errorText(error.value)}{' '}
            <button type="button" class="link-button" onClick={() => void load(false)}>
              {t('retry')}
            </button>
          </Notice>
        ) : null}
        {rows.value.length ? (
          <ul class="match-groups">
            {rows.value.map(({ alert, matches }) => (
              <li key={alert.id} class="match-group" data-reference={alert.reference}>
                <p>
                  <a href={`/alerts/${alert.id}`} class="reference">
                    {alert.reference}
                  </a>{' '}
                  {alert.title} <span class="muted">· {td(`kind_${alert.kind}`)}</span>
                </p>
                <ul class="plain match-list">
                  {matches.map((m) => (
                    <li key={`${m.alertId}-${m.on}-${m.value ?? ''}`} data-match-on={m.on}>
                      <MatchLine match={m} />
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        ) : !loading.value && cursor.value !== undefined && !error.value ? (
          <p class="empty">{cursor.value ? t('noMatchesYetMore') : t('noAgencyMatches')}</p>
        ) : null}
        {loading.value ? <p>{t('loading')}</p> : null}
        {cursor.value && !loading.value ? (
          <button type="button" onClick={() => void load(true)}>
            {t('olderAlerts')}
          </button>
        ) : null}
      </section>
    </section>
  );
}
