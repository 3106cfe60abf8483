/**
 * Contacts as vCard 4.0 (RFC 6350), written with the few content-line forms in vcardLines.ts
 * (docs/dependencies.md says why not a library). Every free text is a TEXT value; Puente's own
 * fields are X-PUENTE-* properties and TEL parameters.
 */
import { normalizePhone } from '../../../shared/identifiers/index.js';
import type { ContactDto } from '../../presenters/contact.presenter.js';
import { contentLine, escapeText, structuredText, vcard, type Parameter } from './vcardLines.js';

/** `20261128T153000Z` from an ISO string. */
const vcardTimestamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const pref = (index: number): Parameter => ['PREF', [String(Math.min(index + 1, 100))]];
const text = (name: string, value: string, parameters: Parameter[] = []) => contentLine(name, parameters, escapeText(value));

function telLine(phone: ContactDto['phones'][number], index: number): string {
  const parsed = normalizePhone(phone.e164);
  const isMobile = parsed.ok && (parsed.type === 'MOBILE' || parsed.type === 'FIXED_LINE_OR_MOBILE');
  const parameters: Parameter[] = [
    ['VALUE', ['uri']],
    ['TYPE', isMobile ? ['voice', 'cell'] : ['voice']],
    pref(index),
    ...(phone.is24h ? [['X-PUENTE-24H', ['true']] as const] : []),
    ...(phone.whatsapp ? [['X-PUENTE-WHATSAPP', ['true']] as const] : []),
    ['X-PUENTE-TYPED', [phone.number]],
  ];
  // A URI value is not TEXT: written as is (E.164 has only "+" and digits).
  return contentLine('TEL', parameters, `tel:${phone.e164}`);
}

function lines(c: ContactDto): string[] {
  const out = [
    contentLine('UID', [], `urn:puente:contact:${c.id}`),
    contentLine('KIND', [], c.kind === 'desk' ? 'org' : 'individual'),
    text('FN', c.name),
    contentLine('ORG', [], structuredText([c.agencyName ?? c.agencyId, ...(c.unit ? [c.unit] : [])])),
  ];
  if (c.position) out.push(text('TITLE', c.position));
  c.phones.forEach((p, i) => out.push(telLine(p, i)));
  c.emails.forEach((e, i) => out.push(text('EMAIL', e, [pref(i)])));
  c.languages.forEach((l, i) => out.push(contentLine('LANG', [pref(i)], l))); // a language tag, not TEXT
  if (c.notes) out.push(text('NOTE', c.notes));
  if (c.availability) out.push(text('X-PUENTE-AVAILABILITY', c.availability));
  out.push(
    text('X-PUENTE-AGENCY-ID', c.agencyId),
    text('X-PUENTE-COUNTRY', c.country),
    text('X-PUENTE-VERIFIED', c.verifiedAt),
    text('X-PUENTE-STALE', String(c.stale)),
    contentLine('REV', [], vcardTimestamp(c.updatedAt)),
  );
  return out;
}

/** One vCard 4.0 per contact, CRLF line ends, folded at 75 octets. */
export function contactsToVcards(contacts: readonly ContactDto[]): string {
  return contacts.map((c) => vcard(lines(c))).join('');
}
