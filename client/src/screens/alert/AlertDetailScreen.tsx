/**
 * Alert detail: every field (restricted parts shown as withheld, never blank), status with its
 * history, updates and hits (reply deadline counting down, acknowledgement by the origin),
 * matches across the border, photos, who viewed it, the case file for court, and editing with `version`.
 */
import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { AlertDto, SubjectDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { DOCUMENT_TYPES } from '../../../../shared/schemas/alertEnums.js';
import { getAlert, photoUrl } from '../../api/alerts.js';
import { errorText } from '../../api/errors.js';
import { ApiRequestError } from '../../api/http.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { formatDate } from '../../i18n/dates.js';
import { offline as offlineDict } from '../../../../shared/i18n/client/offline.js';
import { forgetOpenedAlert, readOpenedAlert, saveOpenedAlert } from '../../live/offlineCopies.js';
import { onAlertActivity } from '../../live/socket.js';
import { agencyLabel } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { OfflineDataNotice } from '../../ui/OfflineNotices.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { MatchesPanel } from '../search/MatchesPanel.js';
import { CaseFilePanel } from './CaseFilePanel.js';
import { EditAlert } from './EditAlert.js';
import { RetentionPanel } from './RetentionPanel.js';
import { ShareLink } from './ShareLink.js';
import { StatusPanel } from './StatusPanel.js';
import { UpdatesPanel } from './UpdatesPanel.js';
import { ViewersPanel } from './ViewersPanel.js';

const t = translator(dict);
const tp = pluralTranslator(dict);
const tc = translator(common);
const td = translator(domain);
const to = translator(offlineDict);
const tpo = pluralTranslator(offlineDict);

type Key = Parameters<typeof td>[0];
const word = (prefix: string, value: string | null | undefined) => (value ? td(`${prefix}_${value}` as Key) : tc('none'));
/** Argentina and Paraguay by name; another country (a foreign passport) by its ISO code. */
const countryWord = (c: string | null | undefined) => (c === 'AR' || c === 'PY' ? word('country', c) : (c ?? ''));
/** A document type in words ("Pasaporte"); a type this client does not know is shown as stored. */
const docWord = (type: string) => ((DOCUMENT_TYPES as readonly string[]).includes(type) ? word('doc', type) : type);

function Row({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? tc('none')}</dd>
    </>
  );
}

function SubjectCard({ s, n }: { s: SubjectDto; n: number }) {
  return (
    <li class="subject" data-subject-index={n - 1}>
      <h3 class="h3">
        {t('subjectN', { n })} — {word('role', s.role)}
      </h3>
      {s.redacted ? (
        <p class="withheld" data-testid="withheld">
          {t('restrictedWithheld')}
        </p>
      ) : null}
      <dl class="facts">
        {!s.redacted ? (
          <>
            <Row label={t('givenNames')}>{s.givenNames}</Row>
            <Row label={t('familyNames')}>{s.familyNames}</Row>
            {s.mothersName ? <Row label={t('mothersName')}>{s.mothersName}</Row> : null}
            {s.aliases?.length ? <Row label={t('aliases')}>{s.aliases.join(', ')}</Row> : null}
            {s.dateOfBirth ? <Row label={t('dateOfBirth')}>{formatDate(s.dateOfBirth)}</Row> : null}
            {s.documents?.length ? (
              <Row label={t('documents')}>
                <ul class="plain">
                  {s.documents.map((doc, i) => (
                    <li key={i}>
                      {docWord(doc.type)} {countryWord(doc.country)} {doc.number}
                      {doc.normalized && doc.normalized !== doc.number ? <span class="muted"> → {doc.normalized}</span> : null}
                    </li>
                  ))}
                </ul>
              </Row>
            ) : null}
          </>
        ) : null}
        {s.sex ? <Row label={t('sex')}>{word('sex', s.sex)}</Row> : null}
        {s.approxAge !== null && s.approxAge !== undefined ? <Row label={t('approxAge')}>{s.approxAge}</Row> : null}
        {s.nationality ? <Row label={t('nationality')}>{word('country', s.nationality)}</Row> : null}
        {s.description ? <Row label={t('description')}>{s.description}</Row> : null}
      </dl>
    </li>
  );
}

export function AlertDetailScreen() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const [a, setA] = useState<AlertDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  /** When the alert shown is the device's copy (no connection): the time it was read from the server. */
  const [keptAt, setKeptAt] = useState<string | null>(null);
  const owner = currentUser.value?.id ?? '';

  const load = () =>
    getAlert(id).then(
      (alert) => {
        setA(alert);
        setKeptAt(null);
        setError(null);
        // Kept for reopening without a signal (live/offlineCopies.ts: nothing restricted, no abilities).
        if (owner) void saveOpenedAlert(owner, alert).catch(() => undefined);
        return alert;
      },
      async (err: unknown) => {
        const code = err instanceof ApiRequestError ? err.code : null;
        const copy = code === 'network' && owner ? await readOpenedAlert(owner, id).catch(() => null) : null;
        if (copy) {
          setA(copy.alert);
          setKeptAt(copy.savedAt);
          setError(null);
          return;
        }
        // No longer this user's to see: the device forgets its copy.
        if ((code === 'forbidden' || code === 'not_found') && owner) void forgetOpenedAlert(owner, id).catch(() => undefined);
        setError(err);
      },
    );

  useEffect(() => {
    setA(null);
    setKeptAt(null);
    void load();
    // Changes, notes and hits from others arrive live; the record is read again.
    return onAlertActivity((changed) => {
      if (changed === id) void load();
    });
  }, [id]);

  if (error && !a)
    return error instanceof ApiRequestError && error.code === 'network' ? (
      <Notice kind="warning">{to('alertNotKept')}</Notice>
    ) : (
      <Notice kind="error">{errorText(error)}</Notice>
    );
  if (!a) return <p>{t('loadingAlert')}</p>;
  return (
    <article class={`alert-detail priority-${a.priority}`}>
      <ScreenHeading title={t('detailTitle', { reference: a.reference })}>
        <span class="reference">{a.reference}</span> {a.title}
      </ScreenHeading>
      <p class="alert-card-top">
        <span class={`priority-tag priority-tag-${a.priority}`}>{word('priority', a.priority)}</span>
        <span>{word('kind', a.kind)}</span>
        <span class={`status status-${a.status}`} data-testid="status">
          {word('status', a.status)}
        </span>
        {a.sensitivity === 'restricted' ? <span class="restricted-tag">{t('restrictedAlert')}</span> : null}
      </p>
      {keptAt ? (
        <>
          <OfflineDataNotice savedAt={keptAt} testId="alert-offline" />
          <p class="muted">
            {to('readOnlyCopy')} {a.sensitivity === 'restricted' ? to('restrictedNotKept') : null}
          </p>
        </>
      ) : null}
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {keptAt ? null : <RetentionPanel alert={a} onChanged={setA} />}
      <ShareLink alertId={a.id} />
      {editing ? (
        <EditAlert
          alert={a}
          onDone={(updated) => {
            if (updated) setA(updated);
            setEditing(false);
          }}
        />
      ) : a.abilities.edit ? (
        <button type="button" onClick={() => setEditing(true)}>
          {t('edit')}
        </button>
      ) : null}
      {a.abilities.exportCaseFile && !keptAt ? <CaseFilePanel alertId={a.id} /> : null}
      <dl class="facts">
        <Row label={t('origin')}>{agencyLabel(a.originAgencyId)}</Row>
        <Row label={t('createdAt')}>
          <Time iso={a.createdAt} />
        </Row>
        {a.occurredAt ? (
          <Row label={t('occurredAt')}>
            <Time iso={a.occurredAt} />
          </Row>
        ) : null}
        <Row label={t('reviewAt')}>
          <Time iso={a.reviewAt} />
        </Row>
        <Row label={t('scope')}>{word('scope', a.distribution.scope)}</Row>
        <Row label={t('summary')}>{a.summary}</Row>
        <Row label={t('actionCode')}>
          {a.actionRequested ? (
            <>
              {word('action', a.actionRequested.code)}
              {a.actionRequested.text ? ` — ${a.actionRequested.text}` : ''}
            </>
          ) : null}
        </Row>
        <Row label={t('replyWithinHours')}>{a.replyWithinHours}</Row>
        {a.legalBasis ? (
          <Row label={t('caseNumber')}>{[a.legalBasis.caseNumber, a.legalBasis.authority].filter(Boolean).join(' — ')}</Row>
        ) : null}
        {a.handlingCode || a.sourceReliability || a.infoCredibility ? (
          <Row label={t('handlingCode')}>{[a.handlingCode, a.sourceReliability, a.infoCredibility].filter(Boolean).join(' · ')}</Row>
        ) : null}
        {a.tags.length ? <Row label={t('tags')}>{a.tags.map((tag) => tag.replace(/_/g, ' ')).join(', ')}</Row> : null}
        {a.phones.length ? <Row label={t('sectionPhones')}>{a.phones.join(', ')}</Row> : null}
        {a.vehicles.length ? (
          <Row label={t('sectionVehicles')}>
            <ul class="plain">
              {a.vehicles.map((v, i) => (
                <li key={i}>{[v.plate, countryWord(v.country), v.make, v.model, v.colour].filter(Boolean).join(' · ')}</li>
              ))}
            </ul>
          </Row>
        ) : null}
        {a.locations.length ? (
          <Row label={t('sectionLocations')}>
            <ul class="plain">
              {a.locations.map((l, i) => (
                <li key={i}>
                  {[
                    l.label,
                    l.locality,
                    l.adminArea,
                    countryWord(l.country),
                    l.borderCrossing,
                    typeof l.lat === 'number' && typeof l.lng === 'number' ? t('coordinates', { lat: l.lat, lng: l.lng }) : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </li>
              ))}
            </ul>
          </Row>
        ) : null}
      </dl>

      <section aria-labelledby="subjects-h">
        <h2 id="subjects-h">{t('sectionSubjects')}</h2>
        {a.subjects.length ? (
          <ul class="plain subjects">
            {a.subjects.map((s, i) => (
              <SubjectCard key={i} s={s} n={i + 1} />
            ))}
          </ul>
        ) : (
          <p class="muted">{t('noneRecorded')}</p>
        )}
      </section>

      {keptAt && (a.photos.length || a.hiddenPhotoCount > 0) ? (
        <section aria-labelledby="photos-h">
          <h2 id="photos-h">{t('photos')}</h2>
          {a.photos.length ? <p class="muted">{tpo('photosOffline', a.photos.length)}</p> : null}
          {a.hiddenPhotoCount > 0 ? <p class="muted">{tp('hiddenPhotos', a.hiddenPhotoCount)}</p> : null}
        </section>
      ) : a.photos.length || a.hiddenPhotoCount > 0 ? (
        <section aria-labelledby="photos-h">
          <h2 id="photos-h">{t('photos')}</h2>
          {a.hiddenPhotoCount > 0 ? (
            <p class="muted" id="hidden-photos">
              {tp('hiddenPhotos', a.hiddenPhotoCount)}
            </p>
          ) : null}
          <ul class="photo-grid">
            {a.photos.map((p, i) => (
              <li key={p.id}>
                <a href={photoUrl(a.id, p.id, 'full')} target="_blank" rel="noopener">
                  <img
                    src={photoUrl(a.id, p.id, 'thumb')}
                    alt={p.subjectIndex === null ? t('photoAlt', { n: i + 1 }) : t('photoOf', { n: p.subjectIndex + 1 })}
                    loading="lazy"
                    class="photo-thumb"
                  />
                </a>
                {p.restricted ? <span class="photo-restricted-mark">{t('photoRestricted')}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <StatusPanel alert={a} onChanged={setA} />
      <UpdatesPanel alert={a} onChanged={() => void load()} />
      {keptAt ? null : <MatchesPanel alertId={id} />}
      {a.abilities.viewViews ? <ViewersPanel alertId={a.id} /> : null}
    </article>
  );
}
