/**
 * Phones to E.164 for Argentina and Paraguay, as officers type them (libphonenumber-js "max"
 * metadata, which validates number ranges and knows Argentine area codes for the `15` prefix).
 *
 * Argentine mobiles are `+54 9 <area without 0> <number without 15>`; `(0370) 15-4412345`,
 * `370 15 4412345`, `+54 9 370 441-2345` and `0054 9 370 4412345` all give `+5493704412345`. Any
 * Unicode dash (`0981–123–456`, as word processors write it) is read as a hyphen.
 */
import { parsePhoneNumberFromString, type CountryCode, type NumberType, type PhoneNumber } from 'libphonenumber-js/max';
import { unifyDashes } from './fold.js';
import { withoutPrefix } from './prefix.js';

export type PhoneCountry = 'AR' | 'PY';
/** libphonenumber's number type (`MOBILE`, `FIXED_LINE`, `FIXED_LINE_OR_MOBILE`, `TOLL_FREE`…). */
export type PhoneType = NonNullable<NumberType>;
export interface NormalizedPhone {
  ok: true;
  e164: string;
  /** Country of the number (any country when typed with `+`), null for non-geographic numbers. */
  country: string | null;
  type: PhoneType | null;
}
export type PhoneResult = NormalizedPhone | { ok: false; reason: string };

const fail = (reason: string): PhoneResult => ({ ok: false, reason });
const INVALID = 'not a valid phone number';
/** Digits, one leading `+`, and the separators people write. */
const TYPED = /^\+?[\d\s().\-/]+$/;

function parsed(candidate: string, country: PhoneCountry): NormalizedPhone | null {
  let p: PhoneNumber | undefined;
  try {
    p = parsePhoneNumberFromString(candidate, country as CountryCode);
  } catch {
    return null;
  }
  if (!p || !p.isValid()) return null;
  return { ok: true, e164: p.number, country: p.country ?? null, type: p.getType() ?? null };
}

/**
 * Argentine mobiles libphonenumber does not recognise (e.g. `+54 9 370 15 441-2345`, both 9 and 15):
 * national digits of area code (2–4 digits) + `15` + subscriber, 10 digits once `15` is removed.
 */
function argentineFifteen(national: string): NormalizedPhone | null {
  const n = national.replace(/^0/, '').replace(/^9(?=\d{12}$)/, '');
  if (n.length !== 12) return null;
  for (const areaLength of [2, 3, 4]) {
    if (n.slice(areaLength, areaLength + 2) !== '15') continue;
    const r = parsed(`+549${n.slice(0, areaLength)}${n.slice(areaLength + 2)}`, 'AR');
    if (r?.type === 'MOBILE' || r?.type === 'FIXED_LINE_OR_MOBILE') return r;
  }
  return null;
}

/** E.164 of what was typed (`tel. 0981 …` too); `defaultCountry` applies when there is no `+` or `00` prefix. */
export function normalizePhone(raw: string, defaultCountry: PhoneCountry = 'AR'): PhoneResult {
  // `tel.`, `cel.`, `WhatsApp` typed before the number say what it is; they are not part of it.
  const typed = withoutPrefix(unifyDashes(raw), ['PHONE']);
  if (!typed) return fail('empty');
  if (!TYPED.test(typed)) return fail('only digits, a leading + and separators');
  const digits = typed.replace(/\D/g, '');
  if (digits.length < 6 || digits.length > 17) return fail(INVALID);
  const international = typed.startsWith('+') || digits.startsWith('00');
  const candidate = typed.startsWith('+') ? `+${digits}` : digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
  const direct = parsed(candidate, defaultCountry);
  if (direct) return direct;
  if (international && candidate.startsWith('+54')) return argentineFifteen(candidate.slice(3)) ?? fail(INVALID);
  if (!international && defaultCountry === 'AR') return argentineFifteen(digits) ?? fail(INVALID);
  return fail(INVALID);
}

/** Like normalizePhone, but a number not valid in the preferred country is tried in the other one
 * (an Argentine officer typing a Paraguayan mobile the local way, and vice versa). */
export function normalizePhoneEitherCountry(raw: string, preferred: PhoneCountry = 'AR'): PhoneResult {
  const first = normalizePhone(raw, preferred);
  if (first.ok) return first;
  const second = normalizePhone(raw, preferred === 'AR' ? 'PY' : 'AR');
  return second.ok ? second : first;
}

/**
 * The same Argentine line with and without the mobile `9` (`+5493704412345` ⇄ `+543704412345`):
 * a mobile written without 9 or 15 reads as a landline, so search looks for both.
 */
export function argentineVariants(e164: string): string[] {
  if (!e164.startsWith('+54')) return [e164];
  const national = e164.slice(3);
  const other = national.startsWith('9') && national.length === 11 ? `+54${national.slice(1)}` : `+549${national}`;
  return parsed(other, 'AR') ? [e164, other] : [e164];
}

/**
 * Every E.164 form a search string could mean, preferred country first: a number typed without
 * prefix is read in both countries (both forms when valid in both), Argentine numbers with and
 * without the mobile 9.
 */
export function phoneSearchKeys(q: string, preferred: PhoneCountry = 'AR'): string[] {
  const keys = new Set<string>();
  for (const country of [preferred, preferred === 'AR' ? 'PY' : 'AR'] as const) {
    const r = normalizePhone(q, country);
    if (r.ok) for (const k of argentineVariants(r.e164)) keys.add(k);
  }
  return [...keys];
}
