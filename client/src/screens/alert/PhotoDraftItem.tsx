/**
 * One photo of a new alert: its preview, whom it shows (a person of the alert, an unidentified
 * person, or no person at all) and, in plain words, who will see it — decided by the same rule
 * the server applies (shared/photoAccess.ts). Unanswered means an unidentified person: on a
 * restricted alert such a photo stays with those who have restricted access.
 */
import { useEffect, useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { photoIsRestricted } from '../../../../shared/photoAccess.js';
import { SUBJECT_ROLES } from '../../../../shared/schemas/alertEnums.js';
import { translator } from '../../i18n/index.js';
import type { OutboxPhoto } from '../../live/outbox.js';
import { SelectField } from '../../ui/Field.js';
import type { SubjectDraft } from './draft.js';

const t = translator(dict);
const tc = translator(common);
const td = translator(domain);

const NO_PERSON = 'no_person';
const UNIDENTIFIED = 'person';

/** The select's value for a photo: `s<i>` for the alert's person i, else what it shows. */
function choiceOf(p: OutboxPhoto): string {
  if (p.subjectIndex !== null) return `s${p.subjectIndex}`;
  return p.shows === 'no_person' ? NO_PERSON : UNIDENTIFIED;
}

function photoOfChoice(p: OutboxPhoto, choice: string): OutboxPhoto {
  if (choice.startsWith('s')) return { ...p, subjectIndex: Number(choice.slice(1)), shows: 'person' };
  return { ...p, subjectIndex: null, shows: choice === NO_PERSON ? 'no_person' : 'person' };
}

function subjectLabel(s: SubjectDraft, i: number): string {
  const name = [s.givenNames, s.familyNames]
    .map((x) => x.trim())
    .filter(Boolean)
    .join(' ');
  const known = SUBJECT_ROLES.find((r) => r === s.role);
  const role = known ? td(`role_${known}`) : s.role;
  return t('photoSubject', { person: t('subjectN', { n: i + 1 }), role: name ? `${role}: ${name}` : role });
}

export function PhotoDraftItem(props: {
  photo: OutboxPhoto;
  n: number;
  subjects: SubjectDraft[];
  sensitivity: string;
  onChange: (photo: OutboxPhoto) => void;
  onRemove: () => void;
}) {
  const { photo, n, subjects, sensitivity } = props;
  const linked = photo.subjectIndex === null ? null : (subjects[photo.subjectIndex]?.role ?? 'gone');
  const restricted = photoIsRestricted({ sensitivity, linkedRole: linked, shows: photo.shows });
  const id = `photo${n}-who`;
  return (
    <li class="photo-draft">
      <PhotoPreview blob={photo.image} />
      <div class="photo-draft-fields">
        <SelectField
          id={id}
          label={t('photoWho')}
          value={choiceOf(photo)}
          onValue={(choice) => props.onChange(photoOfChoice(photo, choice))}
          options={[
            ...subjects.map((s, i) => [`s${i}`, subjectLabel(s, i)] as const),
            [UNIDENTIFIED, t('photoUnidentified')] as const,
            [NO_PERSON, t('photoNoPerson')] as const,
          ]}
          hint={
            <span aria-live="polite" class={restricted ? 'photo-audience restricted' : 'photo-audience'}>
              {restricted ? t('photoSeenRestricted') : t('photoSeenAll')}
              {photo.shows === 'no_person' && photo.subjectIndex === null ? <> {t('photoDocumentCaution')}</> : null}
            </span>
          }
        />
        <button type="button" class="link-button" onClick={props.onRemove}>
          {tc('remove')}
        </button>
      </div>
    </li>
  );
}

function PhotoPreview({ blob }: { blob: Blob }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const u = URL.createObjectURL(blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [blob]);
  return url ? <img src={url} alt="" class="photo-thumb" /> : null;
}
