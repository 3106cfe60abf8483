/** Decides what a search string is: a document number, a phone, a plate or a name. */
import { normalizePlate } from './plate.js';
import { phoneSearchKeys, type PhoneCountry } from './phone.js';
import { tokenize } from './names.js';

export type QueryKind = 'document' | 'phone' | 'plate' | 'name';

export interface DetectedQuery {
  kind: QueryKind;
  /** Normal forms to look up (document digits, E.164 phones, plates, name tokens). */
  values: string[];
}

export function detectQuery(raw: string, preferred: PhoneCountry = 'AR'): DetectedQuery {
  const q = raw.trim();
  const compact = q.replace(/[\s.\-/()]/g, '');
  const plate = normalizePlate(q);
  if (plate.ok && /[A-Za-z]/.test(compact) && /\d/.test(compact)) return { kind: 'plate', values: [plate.normalized] };
  if (/^\+|^00/.test(compact) || /^0\d{8,}$/.test(compact) || /\(|^\d{2,4}\s?15/.test(q)) {
    const phones = phoneSearchKeys(q, preferred);
    if (phones.length) return { kind: 'phone', values: phones };
  }
  if (/^\d{5,11}$/.test(compact)) {
    // 7–8 digits are a DNI or cédula; longer ones a CUIL/CUIT (whose middle is a DNI) or a phone.
    const values = new Set<string>([compact.replace(/^0+/, '')]);
    if (compact.length === 11) values.add(compact.slice(2, 10).replace(/^0+/, ''));
    const phones = compact.length >= 9 ? phoneSearchKeys(q, preferred) : [];
    if (phones.length && compact.length >= 10) return { kind: 'phone', values: phones };
    return { kind: 'document', values: [...values] };
  }
  if (/^[A-Za-z]?\d[\d.]*[A-Za-z]?$/.test(compact) || /^[A-Z]{1,3}\d{5,9}$/i.test(compact)) {
    return { kind: 'document', values: [compact.toUpperCase().replace(/^0+/, '')] };
  }
  return { kind: 'name', values: tokenize(q) };
}
