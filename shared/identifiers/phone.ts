/** Phones to E.164 for Argentina and Paraguay, as officers type them (libphonenumber-js). */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneCountry = 'AR' | 'PY';
export type PhoneResult = { ok: true; e164: string; country: string | null; type: string | null } | { ok: false; reason: string };

/** Argentine mobiles written the old way: area code, then `15`, then the subscriber number. */
function rewriteArgentineFifteen(digits: string): string | null {
  // 0 + area (2–4 digits) + 15 + subscriber, 10 national digits in all once 0 and 15 are removed.
  const national = digits.replace(/^0/, '');
  for (const areaLength of [2, 3, 4]) {
    const area = national.slice(0, areaLength);
    const rest = national.slice(areaLength);
    if (rest.startsWith('15') && area.length + rest.length - 2 === 10) return `+549${area}${rest.slice(2)}`;
  }
  return null;
}

/** Normalises what was typed to E.164; `defaultCountry` applies when no international prefix is given. */
export function normalizePhone(raw: string, defaultCountry: PhoneCountry = 'AR'): PhoneResult {
  const trimmed = raw.trim();
  if (!/\d/.test(trimmed)) return { ok: false, reason: 'no digits' };
  let candidate = trimmed.replace(/[^\d+]/g, '');
  if (candidate.startsWith('00')) candidate = `+${candidate.slice(2)}`;
  if (!candidate.startsWith('+') && defaultCountry === 'AR') {
    const fifteen = rewriteArgentineFifteen(candidate);
    if (fifteen) candidate = fifteen;
  }
  if (candidate.startsWith('+54') && !candidate.startsWith('+549')) {
    // +54 area 15 number → +54 9 area number
    const fifteen = rewriteArgentineFifteen(`0${candidate.slice(3)}`);
    if (fifteen) candidate = fifteen;
  }
  const parsed = parsePhoneNumberFromString(candidate, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'not a valid phone number' };
  return { ok: true, e164: parsed.number, country: parsed.country ?? null, type: parsed.getType() ?? null };
}

/** Like normalizePhone, but a number not valid in the preferred country is tried in the other one
 * (an Argentine officer typing a Paraguayan mobile the local way, and vice versa). */
export function normalizePhoneEitherCountry(raw: string, preferred: PhoneCountry = 'AR'): PhoneResult {
  const first = normalizePhone(raw, preferred);
  if (first.ok) return first;
  const second = normalizePhone(raw, preferred === 'AR' ? 'PY' : 'AR');
  return second.ok ? second : first;
}

/** Every E.164 form a search string could mean, trying both countries when it has no prefix. */
export function phoneSearchKeys(q: string, preferred: PhoneCountry = 'AR'): string[] {
  const keys = new Set<string>();
  const order: PhoneCountry[] = preferred === 'AR' ? ['AR', 'PY'] : ['PY', 'AR'];
  for (const c of order) {
    const r = normalizePhone(q, c);
    if (!r.ok) continue;
    keys.add(r.e164);
    // Without its 9 or 15 an Argentine mobile reads as a landline: look for the mobile too.
    if (r.e164.startsWith('+54') && !r.e164.startsWith('+549')) {
      const mobile = normalizePhone(`+549${r.e164.slice(3)}`, 'AR');
      if (mobile.ok) keys.add(mobile.e164);
    }
  }
  return [...keys];
}
