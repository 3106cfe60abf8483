/**
 * New alert, quick first (issue 25): the quick alert's few fields (QuickFields), everything else one
 * tap away under "Más detalles" (DetailFields) in the same draft, which survives reload. Sending
 * checks what the form can (choices, identifiers: draftCheck.ts) with a GOV.UK error summary,
 * shows "Revise antes de enviar" (ReviewStep) when the alert crosses the border, and queues it in
 * the outbox when there is no connection.
 */
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { ApiRequestError } from '../../api/http.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { isLive } from '../../live/socket.js';
import { outbox, queueAlert, sendEntry } from '../../live/outbox.js';
import { agencies } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { DetailFields } from './DetailFields.js';
import { DiscardDraft } from './DiscardDraft.js';
import { clearDraft, loadDraft, newDraft, saveDraft, toAlertInput, type AlertDraft } from './draft.js';
import { clearField, clearable, crossesBorder, draftProblems, isQuickField, type Problem } from './draftCheck.js';
import type { FormPart } from './formParts.js';
import { OutboxList } from './OutboxList.js';
import { clearLabel, problemText } from './problemText.js';
import { QuickFields } from './QuickFields.js';
import { ReviewStep } from './ReviewStep.js';
import { fieldOfPath, sendable, type Sendable } from './sendable.js';

const t = translator(dict);
const tc = translator(common);

/** A server refusal and the body it refused (its error paths point into that body). */
interface Refusal {
  error: unknown;
  sent: Sendable;
}

/** Error messages by field id: the form's own checks first, then the server's field errors. */
function errorsByField(problems: Problem[], refusal: Refusal | null): SummaryItem[] {
  const items: SummaryItem[] = problems.map((p) => ({ id: p.fieldId, text: problemText(p) }));
  if (refusal) {
    for (const [path, text] of Object.entries(fieldErrors(refusal.error))) {
      const id = fieldOfPath(path, refusal.sent);
      if (id && text && !items.some((i) => i.id === id)) items.push({ id, text });
    }
  }
  return items;
}

export function NewAlertScreen() {
  const { route } = useLocation();
  const [d, setD] = useState<AlertDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [queued, setQueued] = useState(false);
  const [discarded, setDiscarded] = useState(false);
  const [more, setMore] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [focusField, setFocusField] = useState<string | null>(null);
  const user = currentUser.value;
  const home = user?.country === 'PY' ? 'PY' : 'AR';
  // The screen is only reached signed in; the draft and outbox entries are the signed-in user's.
  const owner = user?.id ?? '';

  useEffect(() => {
    loadDraft(owner).then(
      (saved) => setD(saved ?? newDraft(owner)),
      () => setD(newDraft(owner)),
    );
  }, [owner]);
  useEffect(() => {
    if (!d) return;
    const timer = window.setTimeout(() => void saveDraft(d), 250);
    return () => window.clearTimeout(timer);
  }, [d]);
  useEffect(() => {
    if (!focusField) return;
    // After the heading has taken focus on the way back from the review step.
    const timer = window.setTimeout(() => {
      const field = document.getElementById(focusField);
      field?.focus();
      field?.scrollIntoView({ block: 'center' });
      setFocusField(null);
    }, 0);
    return () => window.clearTimeout(timer);
  }, [focusField, reviewing]);

  if (!d) return <p>{tc('loading')}</p>;
  const set = (patch: Partial<AlertDraft>) => {
    setDiscarded(false);
    setD({ ...d, ...patch });
  };
  const items = errorsByField(problems, refusal);
  const errs = Object.fromEntries(items.map((i) => [i.id, i.text]));
  const showErrorsOf = (list: SummaryItem[]) => {
    // An error under "Más detalles" opens it, so the summary's link has a field to go to.
    if (list.some((i) => !isQuickField(i.id))) setMore(true);
  };

  const send = async (s: Sendable) => {
    setBusy(true);
    setRefusal(null);
    setQueued(false);
    const entry = { key: d.key, owner: d.owner, body: toAlertInput(s.draft), photos: s.draft.photos };
    try {
      if (!navigator.onLine || !isLive()) throw new ApiRequestError('network', 0);
      const created = await sendEntry(entry);
      await clearDraft();
      route(`/alerts/${created.id}`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'network') {
        await queueAlert(entry);
        await clearDraft();
        setD(newDraft(owner));
        setMore(false);
        setReviewing(false);
        setQueued(true);
      } else {
        const r = { error: err, sent: s };
        setRefusal(r);
        setReviewing(false);
        showErrorsOf(errorsByField([], r));
      }
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: Event) => {
    e.preventDefault();
    const found = draftProblems(d, home);
    setProblems(found);
    setRefusal(null);
    if (found.length) {
      showErrorsOf(errorsByField(found, null));
      return;
    }
    const countryOf = (id: string) => agencies.value.get(id)?.country;
    if (crossesBorder(d, home, countryOf)) setReviewing(true);
    else void send(sendable(d));
  };

  const goToField = (fieldId: string) => {
    if (!isQuickField(fieldId)) setMore(true);
    setReviewing(false);
    setFocusField(fieldId);
  };

  const part: FormPart = {
    d,
    set,
    errs,
    home,
    clearable: Object.fromEntries(problems.filter(clearable).map((p) => [p.fieldId, clearLabel(p) ?? ''])),
    onClear: (fieldId) => {
      set(clearField(d, fieldId));
      setProblems(problems.filter((p) => p.fieldId !== fieldId));
      setFocusField(fieldId);
    },
  };

  const summary = <ErrorSummary message={refusal ? errorText(refusal.error) : null} items={items} />;
  if (reviewing) {
    return (
      <ReviewStep
        s={sendable(d)}
        busy={busy}
        error={summary}
        onChange={goToField}
        onBack={() => setReviewing(false)}
        onSend={() => void send(sendable(d))}
      />
    );
  }
  return (
    <section class="new-alert">
      <ScreenHeading title={t('newTitle')} />
      {queued ? <Notice kind="warning">{t('queued')}</Notice> : null}
      {discarded ? <Notice kind="info">{t('discarded')}</Notice> : null}
      <OutboxList entries={outbox.value} />
      <DiscardDraft
        onDiscard={() => {
          void clearDraft();
          setD(newDraft(owner));
          setProblems([]);
          setRefusal(null);
          setMore(false);
          setDiscarded(true);
        }}
      />
      {summary}
      <p class="muted">{t('quickHelp')}</p>
      <form onSubmit={onSubmit} noValidate class="alert-form">
        <QuickFields p={part} />
        <div class="more-toggle">
          <button type="button" aria-expanded={more} aria-controls={more ? 'more-details' : undefined} onClick={() => setMore(!more)}>
            {more ? t('fewerDetails') : t('moreDetails')}
          </button>
          {more ? null : <p class="muted">{t('moreDetailsHelp')}</p>}
        </div>
        {more ? <DetailFields p={part} /> : null}
        <div class="actions sticky-actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('sending') : t('send')}
          </button>
        </div>
      </form>
    </section>
  );
}
