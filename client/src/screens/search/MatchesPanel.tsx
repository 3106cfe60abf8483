/** An alert's cross-border matches on its detail screen: what matched and a link to the other alert; `match:new` live. */
import { useEffect, useState } from 'preact/hooks';
import type { AlertMatchDto } from '../../../../shared/dto/alert.js';
import { listMatches } from '../../api/matches.js';
import { liveMatches } from '../../state/notifications.js';
import { MatchLine, t } from './parts.js';

const keyOf = (m: AlertMatchDto) => `${m.alertId}:${m.on}:${m.value ?? ''}`;

export function MatchesPanel({ alertId }: { alertId: string }) {
  const [loaded, setLoaded] = useState<AlertMatchDto[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setLoaded(null);
    setFailed(false);
    listMatches(alertId).then(
      (r) => setLoaded(r.items),
      () => setFailed(true),
    );
  }, [alertId]);
  const live = liveMatches.value.filter((l) => l.alertId === alertId).map((l) => l.match);
  const seen = new Set<string>();
  const all = [...live, ...(loaded ?? [])].filter((m) => !seen.has(keyOf(m)) && !!seen.add(keyOf(m)));
  return (
    <section aria-labelledby="matches-h" class="matches-panel" data-testid="matches-panel">
      <h2 id="matches-h">{t('matchesTitle')}</h2>
      {all.length ? (
        <ul class="plain match-list">
          {all.map((m) => (
            <li key={keyOf(m)} data-match-on={m.on}>
              <MatchLine match={m} />
            </li>
          ))}
        </ul>
      ) : loaded || failed ? (
        <p class="muted">{failed ? t('matchesFailed') : t('noMatches')}</p>
      ) : (
        <p class="muted">{t('loading')}</p>
      )}
    </section>
  );
}
