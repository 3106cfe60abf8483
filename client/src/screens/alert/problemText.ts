/** The words of draftCheck's problems: what is wrong and how to fix it (GOV.UK: the message matches the error). */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { translator } from '../../i18n/index.js';
import type { DocType, Problem } from './draftCheck.js';

const t = translator(dict);
const td = translator(domain);

/** How to write a document number of this type ("escriba de 6 a 8 dígitos, por ejemplo 30.123.456"). */
export const howDocument = (type: DocType): string => t(`how_${type}`);
export const documentTypeName = (type: DocType): string => td(`doc_${type}`);

export function problemText(p: Problem): string {
  switch (p.kind) {
    case 'kindMissing':
      return t('errKind');
    case 'priorityMissing':
      return t('errPriority');
    case 'titleMissing':
      return t('errTitle');
    case 'agenciesMissing':
      return t('errAgencies');
    case 'phoneInvalid':
      return t('errPhone', { n: p.phone, how: t('howPhone') });
    case 'plateInvalid':
      return t('errPlate', { n: p.vehicle, how: t('howPlate') });
    case 'documentInvalid':
      return t('errDocument', { n: p.person, type: documentTypeName(p.type), how: howDocument(p.type) });
    case 'ageInvalid':
      return t('errAge', { n: p.person });
    case 'replyInvalid':
      return t('errReply');
    case 'coordinatesInvalid':
      return t('errCoordinates', { n: p.place });
  }
}

/** The label of the button that empties an identifier's field instead of fixing it. */
export function clearLabel(p: Problem): string | null {
  if (p.kind === 'phoneInvalid') return t('clearPhone', { n: p.phone });
  if (p.kind === 'plateInvalid') return t('clearPlate');
  if (p.kind === 'documentInvalid') return t('clearDocument');
  return null;
}
