/**
 * Contacts as vCard 3.0 (RFC 2426, the default: what Android and Google Contacts import
 * reliably) or 4.0 (RFC 6350), written with the few content-line forms in vcardLines.ts
 * (docs/dependencies.md says why not a library). Every free text is a TEXT value; Puente's own
 * fields are X-PUENTE-* properties and TEL parameters. 3.0 has no KIND, LANG, PREF parameter
 * or tel: URI: the first phone and e-mail are TYPE=pref, languages are X-PUENTE-LANG, and N
 * (required there) carries the name.
 */
import { normalizePhone } from '../../shared/identifiers/index.js';
import type { ContactDto } from './contact.presenter.js';
import { contentLine, escapeText, structuredText, vcard, type Parameter, type VcardVersion } from './vcardLines.js';

/** `20261128T153000Z` from an ISO string. */
const vcardTimestamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const pref = (index: number): Parameter => ['PREF', [String(Math.min(index + 1, 100))]];
const text = (name: string, value: string, parameters: Parameter[] = []) => contentLine(name, parameters, escapeText(value));

/** Puente's phone flags and the number as typed, as TEL parameters (both versions). */
const phoneFlags = (phone: ContactDto['phones'][number]): Parameter[] => [
  ...(phone.is24h ? [['X-PUENTE-24H', ['true']] as const] : []),
  ...(phone.whatsapp ? [['X-PUENTE-WHATSAPP', ['true']] as const] : []),
  ['X-PUENTE-TYPED', [phone.number]],
];

const isMobile = (phone: ContactDto['phones'][number]) => {
  const parsed = normalizePhone(phone.e164);
  return parsed.ok && (parsed.type === 'MOBILE' || parsed.type === 'FIXED_LINE_OR_MOBILE');
};

/** vCard 3.0: TEL;TYPE=VOICE,CELL,PREF:+595981123456 (a plain number, no URI). */
function telLine3(phone: ContactDto['phones'][number], index: number): string {
  const types = ['VOICE', ...(isMobile(phone) ? ['CELL'] : []), ...(index === 0 ? ['PREF'] : [])];
  return contentLine('TEL', [['TYPE', types], ...phoneFlags(phone)], phone.e164);
}

function lines3(c: ContactDto): string[] {
  const out = [
    contentLine('UID', [], `urn:puente:contact:${c.id}`),
    text('FN', c.name),
    contentLine('N', [], structuredText([c.name, '', '', '', ''])),
    contentLine('ORG', [], structuredText([c.agencyName ?? c.agencyId, ...(c.unit ? [c.unit] : [])])),
  ];
  if (c.position) out.push(text('TITLE', c.position));
  c.phones.forEach((p, i) => out.push(telLine3(p, i)));
  c.emails.forEach((e, i) => out.push(text('EMAIL', e, [['TYPE', i === 0 ? ['INTERNET', 'PREF'] : ['INTERNET']]])));
  if (c.languages.length) out.push(text('X-PUENTE-LANG', c.languages.join(',')));
  if (c.notes) out.push(text('NOTE', c.notes));
  if (c.availability) out.push(text('X-PUENTE-AVAILABILITY', c.availability));
  out.push(...puenteLines(c));
  return out;
}

/** Puente's own fields and the revision, the same in both versions. */
const puenteLines = (c: ContactDto) => [
  text('X-PUENTE-AGENCY-ID', c.agencyId),
  text('X-PUENTE-COUNTRY', c.country),
  text('X-PUENTE-VERIFIED', c.verifiedAt),
  text('X-PUENTE-STALE', String(c.stale)),
  contentLine('REV', [], vcardTimestamp(c.updatedAt)),
];

function telLine(phone: ContactDto['phones'][number], index: number): string {
  const parameters: Parameter[] = [
    ['VALUE', ['uri']],
    ['TYPE', isMobile(phone) ? ['voice', 'cell'] : ['voice']],
    pref(index),
    ...phoneFlags(phone),
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
  out.push(...puenteLines(c));
  return out;
}

/** One vCard per contact (3.0 unless 4.0 is asked for), CRLF line ends, folded at 75 octets. */
export function contactsToVcards(contacts: readonly ContactDto[], version: VcardVersion = '3.0'): string {
  return contacts.map((c) => vcard(version === '3.0' ? lines3(c) : lines(c), version)).join('');
}
