/**
 * "Revise antes de enviar" (issue 25), the GOV.UK "check answers" pattern, before an alert goes to
 * another country: who will see it, what is restricted, and every field given, each with a
 * "Cambiar" link back to its field in the form.
 */
import type { ComponentChildren } from 'preact';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { photoIsRestricted } from '../../../../shared/photoAccess.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { audienceText } from './audience.js';
import type { AlertDraft } from './draft.js';
import { FIELD } from './draftCheck.js';
import type { Sendable } from './sendable.js';

const t = translator(dict);
const tp = pluralTranslator(dict);
const td = translator(domain);
type DomainKey = Parameters<typeof td>[0];
const word = (prefix: string, value: string) => td(`${prefix}_${value}` as DomainKey);

interface Row {
  label: string;
  value: ComponentChildren;
  fieldId: string;
}

const joined = (...parts: string[]) =>
  parts
    .map((x) => x.trim())
    .filter(Boolean)
    .join(' ');

/** The rows of what is sent (the pruned draft), in the form's order; empty fields are left out. */
function givenRows(s: Sendable): Row[] {
  const d = s.draft;
  const rows: Row[] = [
    { label: t('kind'), value: word('kind', d.kind), fieldId: FIELD.kind },
    { label: t('priority'), value: word('priority', d.priority), fieldId: FIELD.priority },
    { label: t('title'), value: d.title, fieldId: FIELD.title },
  ];
  if (d.summary.trim()) rows.push({ label: t('summary'), value: d.summary, fieldId: FIELD.summary });
  if (d.occurredAt) rows.push({ label: t('occurredAt'), value: d.occurredAt.replace('T', ' '), fieldId: FIELD.occurredAt });
  d.subjects.forEach((subject, j) => {
    const i = s.subjects[j]!;
    const docs = subject.documents.map((doc) => `${word('doc', doc.type)} ${doc.number.trim()}`);
    rows.push({
      label: t('subjectN', { n: j + 1 }),
      value: [joined(word('role', subject.role), '—', subject.givenNames, subject.familyNames), ...docs].join(' · '),
      fieldId: FIELD.subject(i, i === 0 ? 'given' : 'role'),
    });
  });
  if (d.photos.length) rows.push({ label: t('sectionPhotos'), value: tp('photosCount', d.photos.length), fieldId: 'photo1-who' });
  d.locations.forEach((l, j) => {
    const coords = l.lat && l.lng ? t('coordinates', { lat: l.lat, lng: l.lng }) : '';
    rows.push({
      label: j === 0 ? t('placeLabel') : t('locationN', { n: j + 1 }),
      value: [l.label, l.locality, l.adminArea, l.borderCrossing, coords].filter((x) => x.trim()).join(' · '),
      fieldId: FIELD.place(s.locations[j]!, 'label'),
    });
  });
  if (d.phones.length) rows.push({ label: t('sectionPhones'), value: d.phones.join(', '), fieldId: FIELD.phone(s.phones[0]!) });
  d.vehicles.forEach((v, j) =>
    rows.push({
      label: t('vehicleN', { n: j + 1 }),
      value: [v.plate, v.make, v.model, v.colour].filter((x) => x.trim()).join(' · '),
      fieldId: FIELD.vehicle(s.vehicles[j]!, 'plate'),
    }),
  );
  if (d.actionCode) {
    rows.push({
      label: t('actionCode'),
      value: joined(word('action', d.actionCode), d.actionText ? `— ${d.actionText}` : ''),
      fieldId: FIELD.action,
    });
  }
  if (d.replyWithinHours.trim()) rows.push({ label: t('replyWithinHours'), value: d.replyWithinHours, fieldId: FIELD.reply });
  if (d.caseNumber.trim() || d.authority.trim()) {
    rows.push({
      label: t('caseNumber'),
      value: [d.caseNumber, d.authority].filter((x) => x.trim()).join(' — '),
      fieldId: FIELD.caseNumber,
    });
  }
  if (d.tags.trim()) rows.push({ label: t('tags'), value: d.tags, fieldId: FIELD.tags });
  if (d.reviewAt) rows.push({ label: t('reviewAt'), value: d.reviewAt, fieldId: FIELD.reviewAt });
  return rows;
}

function restrictedText(d: AlertDraft): string {
  if (d.sensitivity !== 'restricted') return t('restrictedNone');
  const restricted = d.photos.filter((photo) =>
    photoIsRestricted({
      sensitivity: d.sensitivity,
      linkedRole: photo.subjectIndex === null ? null : (d.subjects[photo.subjectIndex]?.role ?? 'gone'),
      shows: photo.shows,
    }),
  ).length;
  return restricted ? `${t('restrictedVictims')} ${tp('restrictedPhotos', restricted)}` : t('restrictedVictims');
}

function SummaryList({ rows, onChange }: { rows: Row[]; onChange: (fieldId: string) => void }) {
  return (
    <dl class="summary-list">
      {rows.map((r) => (
        <div class="summary-row" key={r.label}>
          <dt>{r.label}</dt>
          <dd>{r.value}</dd>
          <dd class="summary-action">
            <a
              href={`#${r.fieldId}`}
              onClick={(e) => {
                e.preventDefault();
                onChange(r.fieldId);
              }}
            >
              {t('change')}
              <span class="visually-hidden"> {r.label}</span>
            </a>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function ReviewStep(props: {
  s: Sendable;
  busy: boolean;
  error: ComponentChildren;
  onChange: (fieldId: string) => void;
  onSend: () => void;
  onBack: () => void;
}) {
  const d = props.s.draft;
  return (
    <section class="review-step">
      <ScreenHeading title={t('reviewTitle')} />
      {props.error}
      <p>{t('reviewIntro')}</p>
      <SummaryList
        onChange={props.onChange}
        rows={[
          { label: t('reviewWho'), value: audienceText(d), fieldId: FIELD.scope },
          { label: t('reviewRestricted'), value: restrictedText(d), fieldId: FIELD.sensitivity },
        ]}
      />
      <h2>{t('reviewGiven')}</h2>
      <SummaryList rows={givenRows(props.s)} onChange={props.onChange} />
      <div class="actions">
        <button type="button" class="primary" disabled={props.busy} onClick={props.onSend}>
          {props.busy ? t('sending') : t('send')}
        </button>
        <button type="button" class="link-button" onClick={props.onBack}>
          {t('backToForm')}
        </button>
      </div>
    </section>
  );
}
