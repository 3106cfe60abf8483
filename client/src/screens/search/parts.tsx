/** Pieces shared by the search area's screens: the area's navigation, values shown the local way, request states. */
import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { AccessRequestDto } from '../../../../shared/dto/access.js';
import type { AlertMatchDto } from '../../../../shared/dto/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { search } from '../../../../shared/i18n/client/search.js';
import { requestAccess } from '../../api/accessRequests.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { formatDate } from '../../i18n/dates.js';
import { myRequestFor, pendingIncoming, rememberRequests } from '../../state/notifications.js';
import { TextAreaField } from '../../ui/Field.js';
import { NavLinks } from '../../ui/NavLinks.js';
import { useAction } from '../../ui/useAction.js';
import { Notice } from '../../ui/Notice.js';

export const t = translator(search);
export const td = translator(domain);
export const tp = pluralTranslator(search);

/** An E.164 phone spaced the way both countries read it: "+595 981 123456", "+54 9 370 4412345". */
export function showPhone(e164: string): string {
  const m = /^\+(595|54)(9?)(\d+)$/.exec(e164);
  if (!m) return e164;
  const [, cc, nine = '', rest = ''] = m;
  if (cc === '595') {
    const n = nine + rest;
    return `+595 ${n.slice(0, 3)} ${n.slice(3)}`;
  }
  return `+54 ${nine ? '9 ' : ''}${rest.slice(0, 3)} ${rest.slice(3)}`;
}

/** A normalised value (search reading, match, watch) as shown to people. */
export function showValue(kind: string, value: string): string {
  return kind === 'phone' ? showPhone(value) : value;
}

type Kind = 'document' | 'phone' | 'plate' | 'name';
/** "documento", "teléfono"… for what matched or how a query was read. */
export const kindWord = (kind: string) => t(`on_${(['document', 'phone', 'plate', 'name'].includes(kind) ? kind : 'name') as Kind}`);

const AREA: Array<{ href: string; key: 'navSearch' | 'navRequests' | 'navMatches' | 'navWatches' }> = [
  { href: '/search', key: 'navSearch' },
  { href: '/search/requests', key: 'navRequests' },
  { href: '/search/matches', key: 'navMatches' },
  { href: '/search/watches', key: 'navWatches' },
];

export function AreaNav() {
  const { path } = useLocation();
  const pending = pendingIncoming.value;
  return (
    <NavLinks
      class="area-nav"
      label={t('areaNav')}
      links={AREA.map((a) => ({
        href: a.href,
        label: t(a.key),
        current: path.replace(/\/$/, '') === a.href,
        badge: a.key === 'navRequests' ? { count: pending, label: tp('pendingBadge', pending), testId: 'requests-badge' } : undefined,
      }))}
    />
  );
}

/** Where a request stands, in words: pending, granted until…, refused, lapsed, revoked. */
export function requestStateText(r: AccessRequestDto): string {
  switch (r.status) {
    case 'pending':
      return t('statePending');
    case 'granted':
      return r.expiresAt ? t('stateGrantedUntil', { date: formatDate(r.expiresAt) }) : t('stateGranted');
    case 'refused':
      return r.note ? t('stateRefusedNote', { note: r.note }) : t('stateRefused');
    case 'lapsed':
      return t('stateLapsed', { date: formatDate(r.endedAt ?? r.expiresAt ?? r.createdAt) });
    case 'revoked':
      return r.endNote
        ? t('stateRevokedNote', { date: formatDate(r.endedAt ?? r.createdAt), note: r.endNote })
        : t('stateRevoked', { date: formatDate(r.endedAt ?? r.createdAt) });
  }
}

export function RequestState({ request }: { request: AccessRequestDto }) {
  return (
    <span class={`request-state request-${request.status}`} data-testid="request-state" data-status={request.status}>
      {requestStateText(request)}
    </span>
  );
}

/** A stub's access request: the form with its required reason, then the request's state, live. */
export function AccessBlock({ alertId, reference }: { alertId: string; reference: string }) {
  const [open, setOpen] = useState(false);
  const request = myRequestFor(alertId);
  if (request && !(open && request.status !== 'pending' && request.status !== 'granted'))
    return (
      <div class="access-block">
        <RequestState request={request} />
        {request.status === 'granted' ? (
          <a class="button" href={`/alerts/${alertId}`}>
            {t('openAlert')}
          </a>
        ) : request.status !== 'pending' ? (
          <button type="button" onClick={() => setOpen(true)}>
            {t('requestAgain')}
          </button>
        ) : null}
      </div>
    );
  if (!open)
    return (
      <button
        type="button"
        class="access-button"
        onClick={() => setOpen(true)}
        aria-label={t('requestAccessFor', { reference: reference })}
      >
        {t('requestAccess')}
      </button>
    );
  return (
    <TextForm
      id={`reason-${alertId}`}
      label={t('reason')}
      field="reason"
      required
      hint={t('reasonHint')}
      submitLabel={t('sendRequest')}
      onSubmit={async (reason) => {
        rememberRequests([await requestAccess(alertId, reason)]);
        setOpen(false);
      }}
      onCancel={() => setOpen(false)}
    />
  );
}

/** "ALERTA-REF — coincide por teléfono +595 981 123456", linking to the other alert, or, for one the
 * viewer may not see (a stub), offering an access request. */
export function MatchLine({ match }: { match: AlertMatchDto }) {
  if (match.restricted)
    return (
      <>
        <span class="reference">{match.reference}</span> <span class="restricted-tag">{t('restrictedStub')}</span>{' '}
        {match.value
          ? t('matchOnValue', { on: kindWord(match.on), value: showValue(match.on, match.value) })
          : t('matchOn', { on: kindWord(match.on) })}
        <AccessBlock alertId={match.alertId} reference={match.reference} />
      </>
    );
  return (
    <>
      <a href={`/alerts/${match.alertId}`} class="reference">
        {match.reference}
      </a>{' '}
      {match.value
        ? t('matchOnValue', { on: kindWord(match.on), value: showValue(match.on, match.value) })
        : t('matchOn', { on: kindWord(match.on) })}
    </>
  );
}

/** A one-text form (reason of a request, note of a revocation) with the API's error beside the field. */
export function TextForm(props: {
  id: string;
  label: string;
  /** The API field the text is sent as (its errors are shown beside the control). */
  field: string;
  required?: boolean;
  hint?: string;
  submitLabel: string;
  onSubmit: (text: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState('');
  const { busy, error: err, run } = useAction();
  const fieldError = fieldErrors(err)[props.field];
  const submit = (e: Event) => {
    e.preventDefault();
    void run(() => props.onSubmit(text.trim()));
  };
  return (
    <form class="text-form" onSubmit={submit}>
      <TextAreaField
        id={props.id}
        label={props.label}
        value={text}
        onValue={setText}
        required={props.required}
        maxLength={1000}
        error={fieldError}
      />
      {props.hint ? <p class="field-hint">{props.hint}</p> : null}
      {err && !fieldError ? <Notice kind="error">{errorText(err)}</Notice> : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || (props.required && !text.trim())}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
