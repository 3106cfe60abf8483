import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import mongoose from 'mongoose';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { ContactDto } from '../../server/directory/contact.presenter.js';
import type { PuenteServer } from '../../server/server.js';
import { CSV_COLUMNS, LIST_SEPARATOR, unneutralizeCell } from '../../server/directory/csv.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { parseWithVobject, propertiesOf, valueOf, type ParsedCard } from '../helpers/vobject.js';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

const FORMULA_START = /^[=+\-@\t\r]/;
const NOTES =
  'Cruces a Ñeembucú; ver "lancha", horario: 6–18 h\nSegunda línea con emoji 🚤 y más texto para que la línea se pliegue varias veces en el vCard.';

describe('contacts exports (vCard 4.0 and CSV) parsed back by real parsers', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let formosa: AgencyDoc;
  let guardia: ContactDto;
  let payload: ContactDto;
  let pilar: ContactDto;
  let falcon: ContactDto;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    formosa = await buildAgency({ country: 'AR', name: 'Policía de la Provincia de Formosa' });
    const py = await buildAgency({ country: 'PY', name: 'Policía Nacional — División de Trata de Personas' });
    officer = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
    guardia = await buildContact(formosa, {
      name: 'Guardia de Trata — División Clorinda',
      unit: 'División Trata de Personas',
      phones: [
        { number: '(0370) 15-4412345', is24h: true, whatsapp: true },
        { number: '(03718) 42-5550', is24h: false, whatsapp: false },
      ],
      emails: ['guardia@example.org', 'trata.clorinda@example.org'],
      languages: ['es', 'gn'],
      availability: '24 h',
      notes: NOTES,
    });
    payload = await buildContact(formosa, {
      kind: 'person',
      name: '=HYPERLINK("http://x")',
      unit: '+cmd',
      position: '@SUM(1)',
      availability: '-2+3',
      notes: "'ya entre comillas",
      phones: [{ number: '+595 981 555 101', is24h: false, whatsapp: true }],
    });
    falcon = await buildContact(formosa, {
      name: 'Guardia 24: Puerto Falcón, Ñeembucú; C:\\puesto\\2 🚤🇵🇾',
      unit: 'Div. 2: Trata, Pilar; turno noche',
      position: 'Jefe: "A", turno; 2\\3',
      phones: [{ number: '+595 981–777–888', is24h: true, whatsapp: false }],
      availability: 'Lun–Vie, 8:00–18:00; guardia: 24 h',
      notes: 'Ruta: Alberdi, Pilar; \\\\servidor\\trata\nSegunda línea: ñandutí 🚤\r\nTercera',
    });
    pilar = await buildContact(py, {
      name: 'Enlace Pilar — Ñeembucú',
      phones: [],
      emails: ['enlace.pilar@example.org'],
      languages: ['gn'],
    });
  });
  after(() => server.stop());

  async function csvRows(query = ''): Promise<Row[]> {
    const res = await officer.get(`/api/v1/contacts/export.csv${query}`).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="puente-contactos-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.text;
    expect(text.charCodeAt(0), 'UTF-8 BOM').to.equal(0xfeff);
    const rows: string[][] = parseCsv(text, { bom: true, relax_column_count: false });
    expect(rows[0]).to.deep.equal([...CSV_COLUMNS]);
    return rows.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? ''])) as Row);
  }

  it('CSV: every field intact, accents included; one row per phone', async () => {
    const rows = (await csvRows()).filter((r) => r.id === guardia.id);
    expect(rows).to.have.length(2);
    const plain = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unneutralizeCell(v)])) as Row);
    for (const r of plain) {
      expect(r).to.include({
        agencyId: String(formosa._id),
        agencyName: 'Policía de la Provincia de Formosa',
        country: 'AR',
        kind: 'desk',
        name: 'Guardia de Trata — División Clorinda',
        unit: 'División Trata de Personas',
        position: '',
        availability: '24 h',
        notes: NOTES,
        verifiedAt: guardia.verifiedAt,
        stale: 'false',
      });
      expect(r.emails.split(LIST_SEPARATOR)).to.deep.equal(guardia.emails);
      expect(r.languages.split(LIST_SEPARATOR)).to.deep.equal(['es', 'gn']);
    }
    expect(plain.map((r) => [r.phoneE164, r.phoneAsTyped, r.phone24h, r.phoneWhatsapp])).to.deep.equal([
      ['+5493704412345', '(0370) 15-4412345', 'true', 'true'],
      ['+543718425550', '(03718) 42-5550', 'false', 'false'],
    ]);
    // E.164 starts with "+", a formula trigger: written neutralised, usable after dropping the quote.
    expect(rows[0]?.phoneE164).to.equal("'+5493704412345");
    const noPhone = (await csvRows()).filter((r) => r.id === pilar.id);
    expect(noPhone).to.have.length(1);
    expect(noPhone[0]).to.include({
      name: 'Enlace Pilar — Ñeembucú',
      phoneE164: '',
      agencyName: 'Policía Nacional — División de Trata de Personas',
    });
  });

  it('CSV: a formula-injection payload comes out inert, and exactly recoverable', async () => {
    const rows = await csvRows();
    for (const r of rows) for (const [col, v] of Object.entries(r)) expect(v, `${r.id} ${col}`).to.not.match(FORMULA_START);
    const row = rows.find((r) => r.id === payload.id)!;
    expect(row).to.include({
      name: `'=HYPERLINK("http://x")`,
      unit: "'+cmd",
      position: "'@SUM(1)",
      availability: "'-2+3",
      notes: "''ya entre comillas",
      phoneE164: "'+595981555101",
    });
    expect(unneutralizeCell(row.name)).to.equal('=HYPERLINK("http://x")');
    expect(unneutralizeCell(row.notes)).to.equal("'ya entre comillas");
  });

  it('CSV honours the list filters, and every export is audited', async () => {
    expect(new Set((await csvRows('?country=PY')).map((r) => r.id))).to.deep.equal(new Set([pilar.id]));
    expect(new Set((await csvRows('?q=clorinda')).map((r) => r.id))).to.deep.equal(new Set([guardia.id]));
    expect(new Set((await csvRows('?q=3704412345')).map((r) => r.id))).to.deep.equal(new Set([guardia.id]));
    expect(await csvRows('?language=pt')).to.deep.equal([]);
    expect(new Set((await csvRows('?h24=true')).map((r) => r.id))).to.deep.equal(new Set([guardia.id, falcon.id]));
    const audit = await mongoose.connection
      .collection('auditevents')
      .findOne({ action: 'contact.export', 'details.filters.q': '3704412345' });
    expect(audit?.details).to.deep.include({ format: 'csv', count: 1 });
  });

  async function cards(query = ''): Promise<{ text: string; cards: ParsedCard[] }> {
    const res = await officer.get(`/api/v1/contacts/export.vcf${query}${query ? '&' : '?'}version=4.0`).expect(200);
    expect(res.headers['content-type']).to.match(/^text\/vcard; charset=utf-8/);
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="puente-contactos-\d{4}-\d{2}-\d{2}\.vcf"$/);
    return { text: res.text, cards: parseWithVobject(res.text) };
  }
  const props = propertiesOf;
  const value = valueOf;
  const byUid = (list: ParsedCard[], id: string) => list.find((c) => value(c, 'UID') === `urn:puente:contact:${id}`)!;

  it('vCard: well-formed 4.0, lines folded at 75 octets, valid UTF-8', async () => {
    const { text, cards: list } = await cards();
    expect(list).to.have.length(4);
    expect(text).to.not.include('\uFFFD');
    const lines = text.split('\r\n');
    expect(lines.pop()).to.equal('');
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8'), line).to.be.at.most(75);
      expect(line).to.not.match(/[\r\n]/);
    }
    expect(lines.filter((l) => l === 'BEGIN:VCARD')).to.have.length(4);
    expect(lines.filter((l) => l === 'VERSION:4.0')).to.have.length(4);
    expect(text, 'RFC 6350 §3.4 escapes no colon').to.not.include('\\:');
    expect(text, 'TYPE values are a list, not one quoted value').to.not.match(/TYPE="/);
    expect(
      lines.some((l) => l.startsWith(' ')),
      'long values are folded',
    ).to.equal(true);
  });

  it('vCard: every field intact, accents included', async () => {
    const card = byUid((await cards()).cards, guardia.id);
    expect(value(card, 'KIND')).to.equal('org');
    expect(value(card, 'FN')).to.equal('Guardia de Trata — División Clorinda');
    expect(value(card, 'ORG')).to.deep.equal(['Policía de la Provincia de Formosa', 'División Trata de Personas']);
    expect(value(card, 'NOTE')).to.equal(NOTES);
    expect(value(card, 'X-PUENTE-AVAILABILITY')).to.equal('24 h');
    expect(value(card, 'X-PUENTE-COUNTRY')).to.equal('AR');
    expect(value(card, 'X-PUENTE-AGENCY-ID')).to.equal(String(formosa._id));
    expect(value(card, 'X-PUENTE-VERIFIED')).to.equal(guardia.verifiedAt);
    expect(value(card, 'X-PUENTE-STALE')).to.equal('false');
    expect(props(card, 'EMAIL').map((p) => p.value)).to.deep.equal(guardia.emails);
    expect(props(card, 'LANG').map((p) => [p.value, p.params.PREF])).to.deep.equal([
      ['es', ['1']],
      ['gn', ['2']],
    ]);
    const tels = props(card, 'TEL');
    expect(tels.map((t) => t.value)).to.deep.equal(['tel:+5493704412345', 'tel:+543718425550']);
    expect(tels[0]?.params).to.deep.include({
      TYPE: ['voice', 'cell'],
      'X-PUENTE-24H': ['true'],
      'X-PUENTE-WHATSAPP': ['true'],
      'X-PUENTE-TYPED': ['(0370) 15-4412345'],
    });
    expect(tels[1]?.params).to.deep.include({ TYPE: ['voice'], 'X-PUENTE-TYPED': ['(03718) 42-5550'] });
    expect(tels[1]?.params).to.not.have.any.keys('X-PUENTE-24H', 'X-PUENTE-WHATSAPP');

    const person = byUid((await cards()).cards, payload.id);
    expect(value(person, 'KIND')).to.equal('individual');
    expect(value(person, 'FN')).to.equal('=HYPERLINK("http://x")');
    expect(value(person, 'TITLE')).to.equal('@SUM(1)');
    const other = byUid((await cards('?country=PY')).cards, pilar.id);
    expect(value(other, 'FN')).to.equal('Enlace Pilar — Ñeembucú');
    expect(props(other, 'TEL')).to.deep.equal([]);
  });

  it('vCard: colons, commas, semicolons, backslashes, newlines, accents and emoji come back unchanged', async () => {
    const card = byUid((await cards()).cards, falcon.id);
    expect(value(card, 'FN')).to.equal('Guardia 24: Puerto Falcón, Ñeembucú; C:\\puesto\\2 🚤🇵🇾');
    expect(value(card, 'ORG')).to.deep.equal(['Policía de la Provincia de Formosa', 'Div. 2: Trata, Pilar; turno noche']);
    expect(value(card, 'TITLE')).to.equal('Jefe: "A", turno; 2\\3');
    expect(value(card, 'X-PUENTE-AVAILABILITY')).to.equal('Lun–Vie, 8:00–18:00; guardia: 24 h');
    expect(value(card, 'NOTE')).to.equal(falcon.notes?.replace(/\r\n?/g, '\n'));
    expect(value(card, 'NOTE')).to.include('\\\\servidor\\trata\nSegunda línea: ñandutí 🚤\nTercera');
    expect(value(card, 'X-PUENTE-VERIFIED')).to.equal(falcon.verifiedAt).and.to.include(':');
    const [tel] = props(card, 'TEL');
    expect(tel?.value).to.equal('tel:+595981777888');
    expect(tel?.params).to.deep.equal({
      VALUE: ['uri'],
      TYPE: ['voice', 'cell'],
      PREF: ['1'],
      'X-PUENTE-24H': ['true'],
      'X-PUENTE-TYPED': ['+595 981–777–888'],
    });
  });

  it('CSV: the same hard fields come back unchanged', async () => {
    const [row] = (await csvRows()).filter((r) => r.id === falcon.id);
    expect(row).to.include({
      name: falcon.name,
      unit: falcon.unit,
      position: falcon.position,
      availability: falcon.availability,
      notes: falcon.notes,
      phoneAsTyped: "'+595 981–777–888", // neutralised: starts with +
      phoneE164: "'+595981777888",
    });
  });
});
