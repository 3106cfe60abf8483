/**
 * Contacts as vCard 4.0 (RFC 6350), built with `vcard4`. vcard4 escapes values and parameters;
 * its line folding counts UTF-16 units (a line may exceed 75 octets, and an emoji may be split
 * into lone surrogates), so the card is refolded here at 75 octets on code-point boundaries.
 */
import {
  AnyParameter,
  DateTimeType,
  EmailProperty,
  ExtendedProperty,
  FNProperty,
  IntegerType,
  KindProperty,
  LangProperty,
  LanguageTagType,
  NoteProperty,
  OrgProperty,
  ParameterValueType,
  PrefParameter,
  RevProperty,
  SpecialValueType,
  TelProperty,
  TextType,
  TitleProperty,
  TypeParameter,
  UIDProperty,
  URIType,
  ValueParameter,
  VCARD,
} from 'vcard4';
import { normalizePhone } from '../../../shared/identifiers/index.js';
import type { ContactDto } from '../../presenters/contact.presenter.js';

type Property = ConstructorParameters<typeof VCARD>[0][number];

/** vCard text has no bare carriage returns: CRLF and CR become the escaped newline. */
const clean = (s: string) => s.replace(/\r\n?/g, '\n');
const textValue = (s: string) => new TextType(clean(s));
const flag = (name: string) => new AnyParameter(name, new ParameterValueType('true'));

/** `20261128T153000Z` from an ISO string. */
const vcardTimestamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function telProperty(phone: ContactDto['phones'][number], index: number): TelProperty {
  const parsed = normalizePhone(phone.e164);
  const isMobile = parsed.ok && (parsed.type === 'MOBILE' || parsed.type === 'FIXED_LINE_OR_MOBILE');
  const types = [new ParameterValueType('voice'), ...(isMobile ? [new ParameterValueType('cell')] : [])];
  const uri = new URIType(`tel:${phone.e164}`);
  return new TelProperty(
    [
      new ValueParameter(uri),
      new TypeParameter('TelProperty', types),
      new PrefParameter(new IntegerType(Math.min(index + 1, 100))),
      ...(phone.is24h ? [flag('X-PUENTE-24H')] : []),
      ...(phone.whatsapp ? [flag('X-PUENTE-WHATSAPP')] : []),
      new AnyParameter('X-PUENTE-TYPED', new ParameterValueType(phone.number)),
    ],
    uri,
  );
}

function properties(c: ContactDto): Property[] {
  const org = [textValue(c.agencyName ?? c.agencyId), ...(c.unit ? [textValue(c.unit)] : [])];
  const props: Property[] = [
    new UIDProperty([], new URIType(`urn:puente:contact:${c.id}`)),
    new KindProperty([], new SpecialValueType('KindProperty', c.kind === 'desk' ? 'org' : 'individual')),
    new FNProperty([], textValue(c.name)),
    new OrgProperty([], new SpecialValueType('OrgProperty', org)),
  ];
  if (c.position) props.push(new TitleProperty([], textValue(c.position)));
  c.phones.forEach((p, i) => props.push(telProperty(p, i)));
  c.emails.forEach((e, i) => props.push(new EmailProperty([new PrefParameter(new IntegerType(Math.min(i + 1, 100)))], new TextType(e))));
  c.languages.forEach((l, i) => props.push(new LangProperty([new PrefParameter(new IntegerType(i + 1))], new LanguageTagType(l))));
  if (c.notes) props.push(new NoteProperty([], textValue(c.notes)));
  if (c.availability) props.push(new ExtendedProperty('X-PUENTE-AVAILABILITY', [], textValue(c.availability)));
  props.push(
    new ExtendedProperty('X-PUENTE-AGENCY-ID', [], new TextType(c.agencyId)),
    new ExtendedProperty('X-PUENTE-COUNTRY', [], new TextType(c.country)),
    new ExtendedProperty('X-PUENTE-VERIFIED', [], new TextType(c.verifiedAt)),
    new ExtendedProperty('X-PUENTE-STALE', [], new TextType(String(c.stale))),
    new RevProperty([], new DateTimeType('timestamp', vcardTimestamp(c.updatedAt))),
  );
  return props;
}

const MAX_OCTETS = 75;

/** Folds one content line at 75 octets without splitting a UTF-8 sequence (RFC 6350 §3.2). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // Continuation lines start with a space, which counts towards their 75 octets.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** One vCard 4.0 per contact, CRLF line ends, folded at 75 octets. */
export function contactsToVcards(contacts: readonly ContactDto[]): string {
  return contacts
    .map((c) => {
      const unfolded = new VCARD(properties(c)).repr().replace(/\r\n /g, '');
      return unfolded
        .split('\r\n')
        .filter((l) => l.length > 0)
        .map((l) => `${foldLine(l)}\r\n`)
        .join('');
    })
    .join('');
}
