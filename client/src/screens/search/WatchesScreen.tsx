/** Standing watches: create by hand (or from a search), list, delete; hits that arrived live this session. */
import { useEffect, useState } from 'preact/hooks';
import type { WatchDto, WatchKind } from '../../../../shared/dto/search.js';
import { ALERT_KINDS } from '../../../../shared/schemas/alertEnums.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { createWatch, deleteWatch, listWatches } from '../../api/watches.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { AreaNav, t, td } from './parts.js';
import { useAction } from '../../ui/useAction.js';

const WATCH_KINDS: WatchKind[] = ['document', 'phone', 'plate', 'name', 'alert_kind', 'border_crossing'];

function watchValue(w: WatchDto): string {
  return w.kind === 'alert_kind' && (ALERT_KINDS as readonly string[]).includes(w.value) ? td(`kind_${w.value as 'other'}`) : w.value;
}

function NewWatch({ onCreated }: { onCreated: (w: WatchDto) => void }) {
  const [kind, setKind] = useState<WatchKind>('document');
  const [value, setValue] = useState('');
  const { busy, error: err, run } = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      onCreated(await createWatch(kind, value.trim()));
      setValue('');
    });
  };
  const errs = fieldErrors(err);
  return (
    <form class="watch-form" onSubmit={submit} aria-labelledby="new-watch-h">
      <h2 id="new-watch-h">{t('newWatch')}</h2>
      <div class="filter-row">
        <SelectField
          id="watch-kind"
          label={t('watchKind')}
          value={kind}
          options={WATCH_KINDS.map((k) => [k, t(`watch_${k}`)] as const)}
          onValue={(k) => {
            setKind(k as WatchKind);
            setValue('');
          }}
          error={errs.kind}
        />
        {kind === 'alert_kind' ? (
          <SelectField
            id="watch-value"
            label={t('watchValue')}
            value={value}
            empty=""
            required
            options={ALERT_KINDS.map((k) => [k, td(`kind_${k}`)] as const)}
            onValue={setValue}
            error={errs.value}
          />
        ) : (
          <TextField
            id="watch-value"
            label={t('watchValue')}
            value={value}
            onValue={setValue}
            required
            maxLength={200}
            error={errs.value}
          />
        )}
      </div>
      {err && !errs.value && !errs.kind ? <Notice kind="error">{errorText(err)}</Notice> : null}
      <button type="submit" class="primary" disabled={busy || !value.trim()}>
        {t('addWatch')}
      </button>
    </form>
  );
}

export function WatchesScreen() {
  const [items, setItems] = useState<WatchDto[] | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const load = () =>
    listWatches().then((p) => {
      setItems(p.items);
      setErr(null);
    }, setErr);
  useEffect(() => {
    void load();
  }, []);
  const remove = async (w: WatchDto) => {
    setDeleting(w.id);
    try {
      await deleteWatch(w.id);
      setItems((items ?? []).filter((x) => x.id !== w.id));
    } catch (x) {
      setErr(x);
    } finally {
      setDeleting(null);
    }
  };
  return (
    <section class="watches-screen">
      <ScreenHeading title={t('watchesTitle')} />
      <AreaNav />
      <p class="muted">{t('watchesIntro')}</p>
      <NewWatch onCreated={(w) => setItems([w, ...(items ?? [])])} />
      <section aria-labelledby="watch-list-h">
        <h2 id="watch-list-h">{t('myWatches')}</h2>
        {err ? <Notice kind="error">{errorText(err)}</Notice> : null}
        {items === null ? (
          <p>{t('loading')}</p>
        ) : items.length ? (
          <ul class="watch-list">
            {items.map((w) => (
              <li key={w.id} data-watch-id={w.id}>
                <span>
                  <strong>{t(`watch_${w.kind}`)}</strong>: {watchValue(w)}{' '}
                  <span class="muted">
                    · <Time iso={w.createdAt} />
                  </span>
                </span>
                <button
                  type="button"
                  disabled={deleting === w.id}
                  onClick={() => void remove(w)}
                  aria-label={t('deleteWatchFor', { value: watchValue(w) })}
                >
                  {t('deleteWatch')}
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{t('noWatches')}</p>
        )}
      </section>
    </section>
  );
}
