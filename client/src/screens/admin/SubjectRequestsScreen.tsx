/**
 * "Solicitudes de titulares de datos" (docs/data-subject-requests.md), system administrators only:
 * open a request (identifier or name, legal basis, right), the list with its status, the second
 * administrator's decision, the data found, downloads (PDF, JSON), rectification and erasure
 * with a confirmation saying who will see the change, and closing the request.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FoundAlertDto, SubjectFindingsDto, SubjectRequestDto } from '../../../../shared/dto/subjectRequest.js';
import { privacy } from '../../../../shared/i18n/client/privacy.js';
import { SUBJECT_REQUEST_LAWS, SUBJECT_RIGHTS } from '../../../../shared/schemas/subjectRequestEnums.js';
import type { OpenSubjectRequestInput } from '../../../../shared/schemas/subjectRequests.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import {
  completeSubjectRequest,
  decideSubjectRequest,
  eraseFromAlert,
  exportUrl,
  getSubjectRequest,
  listSubjectRequests,
  openSubjectRequest,
  rectifySubject,
  subjectFindings,
} from '../../api/subjectRequests.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { agencyLabel } from '../../state/agencies.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { RequestErrorSummary } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { useAction } from '../../ui/useAction.js';
import { actionText } from './auditText.js';
import { AdminNav, ConfirmAction } from './parts.js';

const t = translator(privacy);
const tn = pluralTranslator(privacy);
/** "a, b y c" in the viewer's language. */
const listed = (parts: string[]) => (parts.length > 1 ? `${parts.slice(0, -1).join(', ')} ${t('and')} ${parts.at(-1)}` : (parts[0] ?? ''));
const statusWord = (s: SubjectRequestDto['status']) => t(`status_${s}`);
const onWords = (on: string[]) => on.map((o) => t(`on_${o}` as 'on_name')).join(', ');

function NewRequest({ onOpened }: { onOpened: (r: SubjectRequestDto) => void }) {
  const [f, setF] = useState({ identifier: '', name: '', law: '', right: '', reference: '' });
  const { busy, error, run } = useAction();
  const errors = fieldErrors(error);
  const on = (k: keyof typeof f) => (v: string) => setF({ ...f, [k]: v });
  return (
    <form
      class="card"
      aria-labelledby="new-request-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const body = {
            law: f.law,
            right: f.right,
            ...(f.identifier.trim() ? { identifier: f.identifier.trim() } : {}),
            ...(f.name.trim() ? { name: f.name.trim() } : {}),
            ...(f.reference.trim() ? { reference: f.reference.trim() } : {}),
          } as OpenSubjectRequestInput;
          const opened = await openSubjectRequest(body);
          setF({ identifier: '', name: '', law: '', right: '', reference: '' });
          onOpened(opened);
        });
      }}
    >
      <h2 id="new-request-h">{t('newRequest')}</h2>
      <RequestErrorSummary
        error={error}
        fields={[
          ['identifier', 'sr-identifier'],
          ['name', 'sr-name'],
          ['law', 'sr-law'],
          ['right', 'sr-right'],
          ['reference', 'sr-reference'],
        ]}
      />
      <TextField
        id="sr-identifier"
        label={t('identifier')}
        hint={t('identifierHint')}
        value={f.identifier}
        onValue={on('identifier')}
        error={errors.identifier}
        autocomplete="off"
      />
      <TextField
        id="sr-name"
        label={t('name')}
        hint={t('nameHint')}
        value={f.name}
        onValue={on('name')}
        error={errors.name}
        autocomplete="off"
      />
      <SelectField
        id="sr-law"
        label={t('law')}
        value={f.law}
        onValue={on('law')}
        options={SUBJECT_REQUEST_LAWS.map((l) => [l, t(`law_${l}`)] as const)}
        empty="—"
        error={errors.law}
        required
      />
      <SelectField
        id="sr-right"
        label={t('right')}
        value={f.right}
        onValue={on('right')}
        options={SUBJECT_RIGHTS.map((r) => [r, t(`right_${r}`)] as const)}
        empty="—"
        error={errors.right}
        required
      />
      <TextField
        id="sr-reference"
        label={t('reference')}
        hint={t('referenceHint')}
        value={f.reference}
        onValue={on('reference')}
        error={errors.reference}
        autocomplete="off"
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('open')}
        </button>
      </div>
    </form>
  );
}

/** The list and the form to open one. */
export function SubjectRequestsScreen() {
  const [items, setItems] = useState<SubjectRequestDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  const load = () => listSubjectRequests().then((p) => setItems(p.items), setError);
  useEffect(() => {
    void load();
  }, []);
  return (
    <section class="admin subject-requests">
      <ScreenHeading title={t('title')} />
      <AdminNav />
      <p>{t('intro')}</p>
      <div role="status">{said ? <p>{said}</p> : null}</div>
      <NewRequest
        onOpened={(r) => {
          setSaid(t('opened', { number: r.number }));
          void load();
        }}
      />
      <h2 id="requests-h">{t('requests')}</h2>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {items && !items.length ? <p>{t('none')}</p> : null}
      <ul class="plain" aria-labelledby="requests-h">
        {(items ?? []).map((r) => (
          <li key={r.id} class="card" data-testid="subject-request">
            <a href={`/admin/subject-requests/${r.id}`} class="h3">
              {t('number', { number: r.number })}
            </a>
            <p>
              <strong>{statusWord(r.status)}</strong> — {t(`right_${r.right}`)} — {r.identifier ?? ''}
              {r.identifier && r.name ? ' · ' : ''}
              {r.name ?? ''}
              {r.queryErased ? t('personErased') : ''}
            </p>
            <p class="muted">
              {t('openedBy')}: {r.openedByName ?? '—'}, <Time iso={r.openedAt} />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

const RECTIFIABLE = ['givenNames', 'familyNames', 'mothersName', 'dateOfBirth', 'nationality', 'description'] as const;

function Rectify({
  request,
  alert,
  subjectId,
  onDone,
}: {
  request: SubjectRequestDto;
  alert: FoundAlertDto;
  subjectId: string;
  onDone: (text: string) => void;
}) {
  const [field, setField] = useState('');
  const [value, setValue] = useState('');
  const { error, run } = useAction();
  const id = `rect-${alert.id}-${subjectId}`;
  return (
    <div class="rectify" data-testid="rectify">
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      <SelectField
        id={`${id}-field`}
        label={t('rectifyField')}
        value={field}
        onValue={setField}
        options={RECTIFIABLE.map((f) => [f, t(`field_${f}`)] as const)}
        empty="—"
      />
      <TextField id={`${id}-value`} label={t('newValue')} value={value} onValue={setValue} autocomplete="off" />
      <ConfirmAction
        label={t('rectify')}
        question={t('rectifyQuestion', { reference: alert.reference })}
        disabled={!field || !value.trim()}
        onConfirm={async () => {
          const ok = await run(() => rectifySubject(request.id, alert.id, subjectId, { [field]: value.trim() }));
          if (ok) onDone(t('rectified', { reference: alert.reference }));
        }}
      />
    </div>
  );
}

function FoundAlert({ request, alert, onDone }: { request: SubjectRequestDto; alert: FoundAlertDto; onDone: (text: string) => void }) {
  const { error, run } = useAction();
  const canAct = request.abilities.act;
  return (
    <li class="card found-alert" data-testid="found-alert">
      <h4>
        {alert.reference} — {alert.title}
      </h4>
      <p class="muted">{alert.originAgencyName ?? agencyLabel(alert.originAgencyId)}</p>
      {alert.subjects.map((s) => (
        <div key={s.subjectId} class="found-subject">
          <p>
            <strong>{t('person', { n: s.index + 1 })}</strong>: {[s.subject.givenNames, s.subject.familyNames].filter(Boolean).join(' ')}
            {(s.subject.documents ?? []).map((d) => ` · ${d.type} ${d.number}`).join('')}
          </p>
          <p class="muted">{t('matchedOn', { on: onWords(s.matchedOn) })}</p>
          {canAct && request.right === 'rectification' ? (
            <Rectify request={request} alert={alert} subjectId={s.subjectId} onDone={onDone} />
          ) : null}
        </div>
      ))}
      {alert.phones.map((p) => (
        <p key={p.phone}>
          {t('phone')}: {p.phone}
        </p>
      ))}
      {alert.updates.map((u) => (
        <p key={u.id}>
          <strong>
            {t('update')} (<Time iso={u.at} />)
          </strong>
          : {u.text}
        </p>
      ))}
      {alert.texts.map((x) => (
        <p key={x.field}>
          <strong>{t(`text_${x.field}`)}</strong>: {x.text}
        </p>
      ))}
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {canAct && request.right === 'suppression' ? (
        <ConfirmAction
          danger
          label={t('eraseFromAlert')}
          question={t('eraseQuestion', {
            reference: alert.reference,
            what: listed([
              ...(alert.subjects.length ? [tn('erasePeople', alert.subjects.length)] : []),
              ...(alert.phones.length ? [tn('countPhones', alert.phones.length)] : []),
              ...(alert.updates.length ? [tn('eraseUpdates', alert.updates.length)] : []),
              ...(alert.texts.length ? [t('eraseTexts', { fields: alert.texts.map((x) => t(`text_${x.field}`)).join(', ') })] : []),
            ]),
          })}
          onConfirm={async () => {
            const ok = await run(() =>
              eraseFromAlert(request.id, {
                alertId: alert.id,
                subjectIds: alert.subjects.map((s) => s.subjectId),
                phones: alert.phones.map((p) => p.phone),
                updateIds: alert.updates.map((u) => u.id),
                texts: alert.texts.map((x) => x.field),
              }),
            );
            if (ok) onDone(t('erased', { reference: alert.reference }));
          }}
        />
      ) : null}
    </li>
  );
}

function Findings({
  request,
  findings,
  onDone,
}: {
  request: SubjectRequestDto;
  findings: SubjectFindingsDto;
  onDone: (text: string) => void;
}) {
  const c = findings.counts;
  return (
    <section aria-labelledby="findings-h">
      <h2 id="findings-h">{t('findings')}</h2>
      <p data-testid="findings-count">
        {`${tn('countAlerts', c.alerts)} (${listed([tn('countPeople', c.subjects), tn('countPhones', c.phones), tn('countUpdates', c.updates)])}), ${tn('countContacts', c.contacts)}, ${tn('countEvents', c.auditEvents)}.`}
      </p>
      <p class="actions">
        <a class="button primary" href={exportUrl(request.id, 'pdf')} download>
          {t('downloadPdf')}
        </a>
        <a class="button" href={exportUrl(request.id, 'json')} download>
          {t('downloadJson')}
        </a>
      </p>
      <p class="muted">{t('downloadHelp')}</p>
      <h3>{t('alerts')}</h3>
      {findings.alerts.length ? (
        <ul class="plain">
          {findings.alerts.map((a) => (
            <FoundAlert key={a.id} request={request} alert={a} onDone={onDone} />
          ))}
        </ul>
      ) : (
        <p>{t('noAlerts')}</p>
      )}
      <h3>{t('contacts')}</h3>
      {findings.contacts.length ? (
        <>
          <ul>
            {findings.contacts.map((k) => (
              <li key={k.id}>
                {k.name} — {k.agencyName ?? ''} ({onWords(k.matchedOn)})
              </li>
            ))}
          </ul>
          <p class="muted">{t('contactsHelp')}</p>
        </>
      ) : (
        <p>{t('noContacts')}</p>
      )}
      <h3>{t('auditEvents')}</h3>
      {findings.auditEvents.length ? (
        <ul>
          {findings.auditEvents.map((e) => (
            <li key={e.seq}>
              <a href={`/admin/audit/${e.seq}`}>{t('auditEvent', { seq: e.seq })}</a> — <Time iso={e.at} /> — {actionText(e.action)}
              {/* Only a suppression erases the trail's personal details, when the request is closed. */}
              {e.erased
                ? ` — ${t('alreadyErased')}`
                : request.right !== 'suppression'
                  ? ''
                  : ` — ${t(e.erasable ? 'erasable' : 'notErasable')}`}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('noAuditEvents')}</p>
      )}
    </section>
  );
}

/** One request: what it is about, the decision, and once approved the data found and what to do with it. */
export function SubjectRequestScreen({ id }: { id: string }) {
  const [r, setR] = useState<SubjectRequestDto | null>(null);
  const [findings, setFindings] = useState<SubjectFindingsDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState('');
  const [note, setNote] = useState('');
  const load = async () => {
    try {
      const got = await getSubjectRequest(id);
      setR(got);
      setFindings(got.abilities.act ? await subjectFindings(id) : null);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => {
    void load();
  }, [id]);
  const done = (text: string) => {
    setSaid(text);
    void load();
  };
  const act = async (fn: () => Promise<unknown>, text: string) => {
    setError(null);
    try {
      await fn();
      done(text);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section class="admin subject-request">
      <ScreenHeading title={r ? t('number', { number: r.number }) : t('title')}>
        {r ? (
          <>
            {t('numberPrefix')} <span class="nowrap">{r.number}</span>
          </>
        ) : (
          t('title')
        )}
      </ScreenHeading>
      <AdminNav />
      <p>
        <a href="/admin/subject-requests">{t('back')}</a>
      </p>
      <div role="status">{said ? <p>{said}</p> : null}</div>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {r ? (
        <>
          <dl class="facts audit-event">
            <dt>{t('status')}</dt>
            <dd data-testid="request-status">{statusWord(r.status)}</dd>
            <dt>{t('law')}</dt>
            <dd>{t(`law_${r.law}`)}</dd>
            <dt>{t('right')}</dt>
            <dd>{t(`right_${r.right}`)}</dd>
            {r.identifier ? (
              <>
                <dt>{t('identifier')}</dt>
                <dd>{r.identifier}</dd>
              </>
            ) : null}
            {r.name ? (
              <>
                <dt>{t('name')}</dt>
                <dd>{r.name}</dd>
              </>
            ) : null}
            {r.reference ? (
              <>
                <dt>{t('reference')}</dt>
                <dd>{r.reference}</dd>
              </>
            ) : null}
            <dt>{t('openedBy')}</dt>
            <dd>
              {r.openedByName ?? '—'}, <Time iso={r.openedAt} />
            </dd>
            {r.decidedAt ? (
              <>
                <dt>{t('decidedBy')}</dt>
                <dd>
                  {r.decidedByName ?? '—'}, <Time iso={r.decidedAt} />
                  {r.decisionNote ? ` — ${r.decisionNote}` : ''}
                </dd>
              </>
            ) : null}
          </dl>
          {r.queryErased ? <p class="notice">{t('personErased')}</p> : null}
          {r.status === 'pending_approval' && !r.abilities.decide ? <p class="notice">{t('waitingOther')}</p> : null}
          {r.abilities.decide ? (
            <div class="card" role="group" aria-labelledby="decide-h">
              <h2 id="decide-h">{t('decide')}</h2>
              <TextField id="sr-note" label={t('note')} value={note} onValue={setNote} autocomplete="off" />
              <div class="actions">
                <ConfirmAction
                  label={t('approve')}
                  question={t('approveQuestion')}
                  onConfirm={() => act(() => decideSubjectRequest(id, 'approve', note.trim() || undefined), t('status_approved'))}
                />
                <ConfirmAction
                  danger
                  label={t('refuse')}
                  question={t('refuseQuestion')}
                  onConfirm={() => act(() => decideSubjectRequest(id, 'refuse', note.trim() || undefined), t('status_refused'))}
                />
              </div>
            </div>
          ) : null}
          {findings ? <Findings request={r} findings={findings} onDone={done} /> : null}
          {r.abilities.complete ? (
            <ConfirmAction
              danger={r.right === 'suppression'}
              label={t('complete')}
              question={r.right === 'suppression' ? t('completeSuppressionQuestion') : t('completeQuestion')}
              onConfirm={() => act(() => completeSubjectRequest(id), t('completed'))}
            />
          ) : null}
          {r.actions.length ? (
            <>
              <h2>{t('actions')}</h2>
              <ul>
                {r.actions.map((a) => (
                  <li key={a.auditSeq}>
                    <Time iso={a.at} /> — {t(`action_${a.kind}`)}
                    {a.reference ? ` — ${a.reference}` : ''} — {a.byName ?? ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
