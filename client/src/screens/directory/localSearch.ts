/**
 * The directory search of the server (server/directory/contactSearch.ts) over the copy
 * kept on the device, for use without a connection. Pure (no DOM), so a unit test holds it to the
 * server's answers.
 */
import type { ContactDto } from '../../../../shared/dto/contact.js';
import { foldName } from '../../../../shared/identifiers/fold.js';
import type { PhoneCountry } from '../../../../shared/identifiers/phone.js';
import { looksLikePhone } from '../../../../shared/identifiers/phoneLike.js';
import type { ContactFilters } from '../../api/contacts.js';

/**
 * The server's search over the copy: every word in the name, unit, position or agency name (accents
 * and case ignored), or — for a phone — any E.164 form it can mean; then the filters; server order kept.
 */
export async function searchCopy(
  contacts: readonly ContactDto[],
  f: ContactFilters,
  viewerCountry: PhoneCountry,
  agencyShortNames: Readonly<Record<string, string>> = {},
): Promise<ContactDto[]> {
  const q = f.q?.trim() ?? '';
  const words = foldName(q).split(' ').filter(Boolean);
  let phoneKeys = new Set<string>();
  if (looksLikePhone(q)) {
    // libphonenumber loads only here (from the shell cache when offline), never with the screen.
    const { phoneSearchKeys } = await import('../../../../shared/identifiers/phone.js');
    phoneKeys = new Set(phoneSearchKeys(q, f.country ?? viewerCountry));
  }
  const textOf = (c: ContactDto) => foldName([c.name, c.unit, c.position].filter(Boolean).join(' '));
  return contacts.filter((c) => {
    if (f.agencyId && c.agencyId !== f.agencyId) return false;
    if (f.country && c.country !== f.country) return false;
    if (f.language && !c.languages.includes(f.language)) return false;
    if (f.h24 && !c.phones.some((p) => p.is24h)) return false;
    if (!q) return true;
    if (c.phones.some((p) => phoneKeys.has(p.e164))) return true;
    if (words.length === 0) return false;
    const own = textOf(c);
    const agency = foldName(`${c.agencyName ?? ''} ${agencyShortNames[c.agencyId] ?? ''}`);
    return words.every((w) => own.includes(w) || agency.includes(w));
  });
}
