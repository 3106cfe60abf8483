/**
 * Notes and hits: anyone who sees the alert may add one; a hit asks the origin agency for an
 * acknowledgement before its deadline, shown counting down.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertDto, AlertUpdateDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { HIT_TYPES } from '../../../../shared/schemas/alertEnums.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { acknowledgeHit, addUpdate, hideUpdate } from '../../api/alerts.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { formatRelative } from '../../i18n/dates.js';
import { translator } from '../../i18n/index.js';
import { agencyLabel } from '../../state/agencies.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';

const t = translator(dict);
const td = translator(domain);

/** Re-renders every 30 s so deadlines count down. */
function useClock(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function UpdateItem({ u, alert, now, onChanged }: { u: AlertUpdateDto; alert: AlertDto; now: number; onChanged: () => void }) {
  const [error, setError] = useState<unknown>(null);
  const overdue = u.kind === 'hit' && !u.acknowledgedAt && u.dueAt && Date.parse(u.dueAt) < now;
  return (
    <li class={`update update-${u.kind}${overdue ? ' overdue' : ''}`} data-update-id={u.id}>
      <p class="update-head">
        <strong>{u.kind === 'hit' ? `${t('hit')}: ${td(`hit_${u.hitType ?? 'sighting'}` as Parameters<typeof td>[0])}` : t('note')}</strong>{' '}
        — <Time iso={u.at} /> — {agencyLabel(u.agencyId)}
      </p>
      {u.hidden ? (
        <p class="update-text muted" data-testid="note-hidden">
          {u.erasedByRequest ? t('noteErased', { number: u.erasedByRequest }) : t('noteHidden')}
        </p>
      ) : (
        <p class="update-text">{u.text}</p>
      )}
      {u.location?.label ? <p class="muted">{u.location.label}</p> : null}
      {u.kind === 'note' && !u.hidden && alert.abilities.hideUpdates ? (
        <p>
          <button
            type="button"
            onClick={() => {
              if (!window.confirm(t('hideNoteConfirm'))) return;
              hideUpdate(alert.id, u.id).then(
                () => onChanged(),
                (err: unknown) => setError(err),
              );
            }}
          >
            {t('hideNote')}
          </button>
        </p>
      ) : null}
      {u.kind === 'hit' ? (
        u.acknowledgedAt ? (
          <p class="ack" data-testid="acknowledged">
            {t('acknowledged', { time: formatRelative(u.acknowledgedAt, now) })}
          </p>
        ) : (
          <p class={overdue ? 'due overdue' : 'due'}>
            {u.dueAt ? t(overdue ? 'replyOverdue' : 'replyDue', { relative: formatRelative(u.dueAt, now) }) : null}{' '}
            {alert.abilities.acknowledgeHits ? (
              <button
                type="button"
                onClick={() =>
                  acknowledgeHit(alert.id, u.id).then(
                    () => onChanged(),
                    (err: unknown) => setError(err),
                  )
                }
              >
                {t('acknowledge')}
              </button>
            ) : null}
          </p>
        )
      ) : null}
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
    </li>
  );
}

export function UpdatesPanel({ alert, onChanged }: { alert: AlertDto; onChanged: () => void }) {
  const now = useClock();
  const [kind, setKind] = useState<'note' | 'hit'>('note');
  const [hitType, setHitType] = useState<string>('sighting');
  const [text, setText] = useState('');
  const [place, setPlace] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const f = fieldErrors(error);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await addUpdate(alert.id, {
        kind,
        text,
        ...(kind === 'hit' ? { hitType: hitType as 'sighting' } : {}),
        ...(place.trim() ? { location: { label: place.trim() } } : {}),
      });
      setText('');
      setPlace('');
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const updates = [...alert.updates].reverse();
  return (
    <section aria-labelledby="updates-h">
      <h2 id="updates-h">{t('updates')}</h2>
      {updates.length ? (
        <ul class="plain updates">
          {updates.map((u) => (
            <UpdateItem key={u.id} u={u} alert={alert} now={now} onChanged={onChanged} />
          ))}
        </ul>
      ) : (
        <p class="muted">{t('noUpdates')}</p>
      )}
      {alert.abilities.addUpdate ? (
        <form onSubmit={onSubmit} class="card compact" noValidate>
          <h3 class="h3">{kind === 'hit' ? t('reportHit') : t('addNote')}</h3>
          {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
          <div class="grid-2">
            <SelectField
              id="up-kind"
              label={t('updateKind')}
              value={kind}
              onValue={(v) => setKind(v as 'note' | 'hit')}
              options={[
                ['note', t('note')],
                ['hit', t('hit')],
              ]}
            />
            {kind === 'hit' ? (
              <SelectField
                id="up-hit"
                label={t('hitType')}
                value={hitType}
                onValue={setHitType}
                options={HIT_TYPES.map((h) => [h, td(`hit_${h}`)] as const)}
                error={f.hitType}
              />
            ) : null}
          </div>
          <TextAreaField
            id="up-text"
            label={t('text')}
            required
            value={text}
            onValue={setText}
            maxLength={LIMITS.longText}
            error={f.text}
          />
          <TextField
            id="up-place"
            label={t('place')}
            value={place}
            onValue={setPlace}
            maxLength={LIMITS.shortText}
            error={f['location.label']}
          />
          <button type="submit" class="primary" disabled={busy}>
            {t('post')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
