/**
 * Access requests: those addressed to the user's agency (grant for N days, refuse with a note,
 * revoke a live grant) and the user's own, with their state and expiry. Both follow
 * `access:request` and `access:decision` live (state/notifications.ts holds the latest of each).
 */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { AccessRequestDto } from '../../../../shared/dto/access.js';
import { ACCESS_GRANT_DEFAULT_DAYS, ACCESS_GRANT_MAX_DAYS } from '../../../../shared/schemas/limits.js';
import { decideAccess, listAccessRequests, revokeAccess, type AccessBox } from '../../api/accessRequests.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { agencyLabel } from '../../state/agencies.js';
import { accessRequests, rememberRequests } from '../../state/notifications.js';
import { currentUser } from '../../state/session.js';
import { TextAreaField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { AreaNav, RequestState, t, td, TextForm } from './parts.js';
import { useAction } from '../../ui/useAction.js';

interface BoxState {
  cursor: string | null | undefined;
  loading: boolean;
  error: unknown;
}
const boxes = {
  incoming: signal<BoxState>({ cursor: undefined, loading: false, error: null }),
  outgoing: signal<BoxState>({ cursor: undefined, loading: false, error: null }),
};

async function loadBox(box: AccessBox, more: boolean): Promise<void> {
  const s = boxes[box];
  if (s.value.loading || (more && !s.value.cursor)) return;
  s.value = { ...s.value, loading: true, error: null };
  try {
    const page = await listAccessRequests(box, more ? s.value.cursor : null);
    rememberRequests(page.items);
    s.value = { cursor: page.nextCursor, loading: false, error: null };
  } catch (err) {
    s.value = { ...s.value, loading: false, error: err };
  }
}

const mayDecide = () => {
  const roles = currentUser.value?.roles ?? [];
  return roles.some((r) => r === 'officer' || r === 'prosecutor' || r === 'agency_admin');
};

function DecisionForm({ request }: { request: AccessRequestDto }) {
  const [days, setDays] = useState(String(ACCESS_GRANT_DEFAULT_DAYS));
  const [note, setNote] = useState('');
  const { busy, error: err, run } = useAction();
  const decide = (decision: 'grant' | 'refuse') =>
    void run(async () =>
      rememberRequests([await decideAccess(request.id, decision, note, decision === 'grant' ? Number(days) : undefined)]),
    );
  const errs = fieldErrors(err);
  const ids = { days: `days-${request.id}`, note: `note-${request.id}` };
  return (
    <form class="decision-form" onSubmit={(e) => e.preventDefault()}>
      <TextField
        id={ids.days}
        label={t('grantDays')}
        type="number"
        inputMode="numeric"
        min={1}
        max={ACCESS_GRANT_MAX_DAYS}
        value={days}
        onValue={setDays}
        hint={t('grantDaysHint')}
        error={errs.expiresInDays}
      />
      <TextAreaField id={ids.note} label={t('decisionNote')} value={note} onValue={setNote} maxLength={1000} error={errs.note} />
      {err && !errs.expiresInDays && !errs.note ? <Notice kind="error">{errorText(err)}</Notice> : null}
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={() => decide('grant')}>
          {t('grant')}
        </button>
        <button type="button" disabled={busy} onClick={() => decide('refuse')}>
          {t('refuse')}
        </button>
      </div>
    </form>
  );
}

function RevokeForm({ request }: { request: AccessRequestDto }) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('revoke')}
      </button>
    );
  return (
    <TextForm
      id={`revoke-${request.id}`}
      label={t('revokeNote')}
      field="note"
      submitLabel={t('revokeConfirm')}
      onSubmit={async (note) => {
        rememberRequests([await revokeAccess(request.id, note)]);
        setOpen(false);
      }}
      onCancel={() => setOpen(false)}
    />
  );
}

function RequestItem({ request, box }: { request: AccessRequestDto; box: AccessBox }) {
  const linkable = box === 'incoming' || request.status === 'granted';
  const reference = request.reference ?? t('alertGone');
  return (
    <li class={`request request-item-${request.status}`} data-request-id={request.id} data-reference={request.reference ?? ''}>
      <p class="request-head">
        {linkable && request.reference ? (
          <a href={`/alerts/${request.alertId}`} class="reference">
            {reference}
          </a>
        ) : (
          <span class="reference">{reference}</span>
        )}
        {request.kind ? <> · {td(`kind_${request.kind}`)}</> : null} · <RequestState request={request} />
      </p>
      <p class="result-meta">
        {box === 'incoming'
          ? request.requesterName
            ? t('requestedByName', { name: request.requesterName, agency: agencyLabel(request.requesterAgencyId) })
            : t('requestedBy', { agency: agencyLabel(request.requesterAgencyId) })
          : t('requestedFrom', { agency: agencyLabel(request.originAgencyId) })}{' '}
        · <Time iso={request.createdAt} />
      </p>
      {request.note && request.status !== 'refused' ? <p class="result-meta">{t('grantNote', { note: request.note })}</p> : null}
      <blockquote class="request-reason">
        <span class="visually-hidden">{t('reason')}: </span>
        {request.reason}
      </blockquote>
      {box === 'incoming' && mayDecide() ? (
        request.status === 'pending' ? (
          <DecisionForm request={request} />
        ) : request.status === 'granted' ? (
          <RevokeForm request={request} />
        ) : null
      ) : null}
    </li>
  );
}

function Box({ box }: { box: AccessBox }) {
  const me = currentUser.value;
  const state = boxes[box].value;
  const list = [...accessRequests.value.values()]
    .filter((r) => (box === 'incoming' ? r.originAgencyId === me?.agencyId : r.requesterId === me?.id))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  const heading = box === 'incoming' ? t('incoming') : t('outgoing');
  return (
    <section aria-labelledby={`${box}-h`} class="request-box" data-box={box}>
      <h2 id={`${box}-h`}>{heading}</h2>
      {state.error ? (
        <Notice kind="error">
          {errorText(state.error)}{' '}
          <button type="button" class="link-button" onClick={() => void loadBox(box, false)}>
            {t('retry')}
          </button>
        </Notice>
      ) : null}
      {list.length ? (
        <ul class="request-list">
          {list.map((r) => (
            <RequestItem key={r.id} request={r} box={box} />
          ))}
        </ul>
      ) : !state.loading && state.cursor !== undefined ? (
        <p class="empty">{box === 'incoming' ? t('noIncoming') : t('noOutgoing')}</p>
      ) : null}
      {state.loading ? <p>{t('loading')}</p> : null}
      {state.cursor ? (
        <button type="button" onClick={() => void loadBox(box, true)}>
          {t('moreRequests')}
        </button>
      ) : null}
    </section>
  );
}

export function RequestsScreen() {
  useEffect(() => {
    void loadBox('incoming', false);
    void loadBox('outgoing', false);
  }, []);
  return (
    <section class="requests-screen">
      <ScreenHeading title={t('requestsTitle')} />
      <AreaNav />
      <p class="muted">{t('requestsIntro')}</p>
      <Box box="incoming" />
      <Box box="outgoing" />
    </section>
  );
}
