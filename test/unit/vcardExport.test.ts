import { expect } from 'chai';
import type { ContactDto } from '../../server/directory/contact.presenter.js';
import { contactsToVcards } from '../../server/directory/vcard.js';
import { contentLine, escapeText, parameterValue, structuredText } from '../../server/directory/vcardLines.js';
import { parseWithVobject, propertiesOf, valueOf } from '../helpers/vobject.js';

describe('vCard content lines (RFC 6350 §3.3, §3.4; RFC 6868)', () => {
  const TEXT: Array<[string, string]> = [
    ['Guardia 24: Puerto Falcón', 'Guardia 24: Puerto Falcón'],
    ['2026-11-28T15:30:00.000Z', '2026-11-28T15:30:00.000Z'],
    ['a,b;c', 'a\\,b\\;c'],
    ['C:\\trata', 'C:\\\\trata'],
    ['línea 1\nlínea 2\r\nlínea 3\rfin', 'línea 1\\nlínea 2\\nlínea 3\\nfin'],
    ['🚤 Ñeembucú', '🚤 Ñeembucú'],
    ['', ''],
  ];
  for (const [raw, written] of TEXT) {
    it(`TEXT ${JSON.stringify(raw)} → ${JSON.stringify(written)}`, () => expect(escapeText(raw)).to.equal(written));
  }

  it('structured TEXT escapes within components and joins them with ;', () => {
    expect(structuredText(['Policía; Formosa', 'Div: Trata, 2'])).to.equal('Policía\\; Formosa;Div: Trata\\, 2');
  });

  const PARAMETERS: Array<[string, string]> = [
    ['(0370) 15-4412345', '(0370) 15-4412345'],
    ['0981–123–456', '0981–123–456'],
    ['a:b', '"a:b"'],
    ['a,b', '"a,b"'],
    ['a;b', '"a;b"'],
    ['dice "hola"', "dice ^'hola^'"],
    ['2^3', '2^^3'],
    ['1\n2', '1^n2'],
  ];
  for (const [raw, written] of PARAMETERS) {
    it(`parameter ${JSON.stringify(raw)} → ${written}`, () => expect(parameterValue(raw)).to.equal(written));
  }

  it('a parameter with several values is one unquoted list (TYPE=voice,cell)', () => {
    expect(contentLine('TEL', [['TYPE', ['voice', 'cell']]], 'tel:+1')).to.equal('TEL;TYPE=voice,cell:tel:+1');
  });
});

const HARD = 'Guardia 24: Puerto Falcón, "Ñeembucú"; C:\\dir\\ — línea 2\ncon emoji 🚤🇵🇾 y más: fin,;\\';

function contact(overrides: Partial<ContactDto>): ContactDto {
  return {
    id: '65f0c0ffee0000000000abcd',
    agencyId: '65f0c0ffee0000000000aaaa',
    agencyName: 'Policía Nacional; División: Trata, Asunción',
    country: 'PY',
    kind: 'desk',
    name: HARD,
    unit: 'Div. 2: Trata\\Pilar, turno;noche',
    position: 'Jefe: turno, noche; "A"',
    phones: [
      { number: '(0370) 15–4412345', e164: '+5493704412345', is24h: true, whatsapp: true },
      { number: '(03718) 42-5550', e164: '+543718425550', is24h: false, whatsapp: false },
      { number: '0981 123 456', e164: '+595981123456', is24h: false, whatsapp: true },
    ],
    emails: ['guardia@example.org', 'trata.pilar@example.org'],
    languages: ['es', 'gn'],
    availability: 'Lun–Vie, 8:00–18:00; guardia: 24 h',
    notes: `${HARD}\r\nTercera línea\\n literal`,
    verifiedAt: '2026-11-28T15:30:00.000Z',
    stale: false,
    createdAt: '2026-11-01T10:00:00.000Z',
    updatedAt: '2026-11-28T15:31:02.000Z',
    ...overrides,
  };
}

describe('vCard 4.0 export read back by an independent parser (python-vobject)', () => {
  const desk = contact({});
  const person = contact({
    id: '65f0c0ffee0000000000abce',
    kind: 'person',
    name: '=HYPERLINK("http://x")',
    unit: null,
    position: null,
    agencyName: null,
    phones: [],
    languages: ['gn'],
    availability: null,
    notes: null,
    stale: true,
  });
  const text = contactsToVcards([desk, person], '4.0');
  const cards = parseWithVobject(text);

  it('writes no escaped colon and no quoted TYPE list', () => {
    expect(text).to.not.include('\\:');
    expect(text).to.not.match(/TYPE="/);
    expect(text.replace(/\r\n /g, '')).to.include('TEL;VALUE=uri;TYPE=voice,cell;PREF=1;');
  });

  it('gets every field back unchanged: colons, commas, semicolons, backslashes, newlines, accents, emoji', () => {
    expect(cards).to.have.length(2);
    const card = cards[0]!;
    expect(valueOf(card, 'VERSION')).to.equal('4.0');
    expect(valueOf(card, 'UID')).to.equal(`urn:puente:contact:${desk.id}`);
    expect(valueOf(card, 'KIND')).to.equal('org');
    expect(valueOf(card, 'FN')).to.equal(desk.name);
    expect(valueOf(card, 'ORG')).to.deep.equal([desk.agencyName, desk.unit]);
    expect(valueOf(card, 'TITLE')).to.equal(desk.position);
    expect(valueOf(card, 'NOTE')).to.equal(desk.notes?.replace(/\r\n/g, '\n'));
    expect(valueOf(card, 'X-PUENTE-AVAILABILITY')).to.equal(desk.availability);
    expect(valueOf(card, 'X-PUENTE-AGENCY-ID')).to.equal(desk.agencyId);
    expect(valueOf(card, 'X-PUENTE-COUNTRY')).to.equal('PY');
    expect(valueOf(card, 'X-PUENTE-VERIFIED')).to.equal(desk.verifiedAt);
    expect(valueOf(card, 'X-PUENTE-STALE')).to.equal('false');
    expect(valueOf(card, 'REV')).to.equal('20261128T153102Z');
    expect(propertiesOf(card, 'EMAIL').map((p) => [p.value, p.params.PREF])).to.deep.equal([
      ['guardia@example.org', ['1']],
      ['trata.pilar@example.org', ['2']],
    ]);
    expect(propertiesOf(card, 'LANG').map((p) => [p.value, p.params.PREF])).to.deep.equal([
      ['es', ['1']],
      ['gn', ['2']],
    ]);
  });

  it('phones: TEL types split, Puente flags and the number as typed kept', () => {
    const tels = propertiesOf(cards[0]!, 'TEL');
    expect(tels.map((t) => t.value)).to.deep.equal(['tel:+5493704412345', 'tel:+543718425550', 'tel:+595981123456']);
    expect(tels[0]?.params).to.deep.equal({
      VALUE: ['uri'],
      TYPE: ['voice', 'cell'],
      PREF: ['1'],
      'X-PUENTE-24H': ['true'],
      'X-PUENTE-WHATSAPP': ['true'],
      'X-PUENTE-TYPED': ['(0370) 15–4412345'],
    });
    expect(tels[1]?.params).to.deep.equal({ VALUE: ['uri'], TYPE: ['voice'], PREF: ['2'], 'X-PUENTE-TYPED': ['(03718) 42-5550'] });
    expect(tels[2]?.params).to.deep.include({ TYPE: ['voice', 'cell'], 'X-PUENTE-WHATSAPP': ['true'] });
  });

  it('a person with few fields: no empty properties', () => {
    const card = cards[1]!;
    expect(valueOf(card, 'KIND')).to.equal('individual');
    expect(valueOf(card, 'FN')).to.equal('=HYPERLINK("http://x")');
    expect(valueOf(card, 'ORG')).to.deep.equal([person.agencyId]);
    expect(valueOf(card, 'X-PUENTE-STALE')).to.equal('true');
    for (const name of ['TEL', 'TITLE', 'NOTE', 'X-PUENTE-AVAILABILITY']) expect(propertiesOf(card, name), name).to.deep.equal([]);
  });
});

describe('vCard 3.0 export (the default) read back by an independent parser (python-vobject)', () => {
  const desk = contact({});
  const text = contactsToVcards([desk, contact({ id: '65f0c0ffee0000000000abce', phones: [], emails: [], languages: [], unit: null })]);
  const cards = parseWithVobject(text);

  it('is 3.0 by default, with N (required there) and no 4.0-only property or parameter', () => {
    expect(cards).to.have.length(2);
    expect(valueOf(cards[0]!, 'VERSION')).to.equal('3.0');
    const unfolded = text.replace(/\r\n /g, '');
    for (const only4 of ['\r\nKIND:', '\r\nLANG', 'PREF=', 'VALUE=uri', ':tel:']) expect(unfolded, only4).not.to.include(only4);
    expect(valueOf(cards[0]!, 'N')).to.deep.equal([desk.name, '', '', '', '']);
    expect(propertiesOf(cards[1]!, 'N')).to.have.length(1);
  });

  it('gets every field back unchanged, as in 4.0', () => {
    const card = cards[0]!;
    expect(valueOf(card, 'UID')).to.equal(`urn:puente:contact:${desk.id}`);
    expect(valueOf(card, 'FN')).to.equal(desk.name);
    expect(valueOf(card, 'ORG')).to.deep.equal([desk.agencyName, desk.unit]);
    expect(valueOf(card, 'TITLE')).to.equal(desk.position);
    expect(valueOf(card, 'NOTE')).to.equal(desk.notes?.replace(/\r\n/g, '\n'));
    expect(valueOf(card, 'X-PUENTE-AVAILABILITY')).to.equal(desk.availability);
    expect(valueOf(card, 'X-PUENTE-AGENCY-ID')).to.equal(desk.agencyId);
    expect(valueOf(card, 'REV')).to.equal('20261128T153102Z');
    expect(propertiesOf(card, 'EMAIL').map((p) => [p.value, p.params.TYPE])).to.deep.equal([
      ['guardia@example.org', ['INTERNET', 'PREF']],
      ['trata.pilar@example.org', ['INTERNET']],
    ]);
  });

  it('phones are plain numbers typed VOICE (CELL for mobiles), the first PREF, with Puente flags kept', () => {
    const tels = propertiesOf(cards[0]!, 'TEL');
    expect(tels.map((t) => t.value)).to.deep.equal(['+5493704412345', '+543718425550', '+595981123456']);
    expect(tels[0]?.params).to.deep.equal({
      TYPE: ['VOICE', 'CELL', 'PREF'],
      'X-PUENTE-24H': ['true'],
      'X-PUENTE-WHATSAPP': ['true'],
      'X-PUENTE-TYPED': ['(0370) 15–4412345'],
    });
    expect(tels[1]?.params).to.deep.equal({ TYPE: ['VOICE'], 'X-PUENTE-TYPED': ['(03718) 42-5550'] });
  });
});
