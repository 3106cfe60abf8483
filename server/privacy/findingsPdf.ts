/**
 * The export of a data-subject request as a readable PDF in Spanish, laid out with the case
 * file's helpers (audit component, pdfLayout.ts): the request, what Puente holds on the person
 * (alerts with their subjects, phones, updates and own texts; directory entries; audit events), and the
 * provenance (audit event and the content's SHA-256, in every footer). The JSON form is attached.
 */
import type { Writable } from 'node:stream';
import type { SubjectExportJson } from '../../shared/dto/subjectRequest.js';
import type { SubjectDto } from '../../shared/dto/alert.js';
import type { AlertTextField } from '../../shared/schemas/subjectRequests.js';
import { auditWords } from '../../shared/i18n/client/auditWords.js';
import { domain } from '../../shared/i18n/client/domain.js';
import { localDateTime, zoneName } from '../../shared/time.js';
import { newPdfDocument, pdfLayout, renderTwoPass } from '../audit/index.js';

const es = domain.es as Readonly<Record<string, string>>;
const word = (prefix: string, value: string | null | undefined): string => (value ? (es[`${prefix}_${value}`] ?? value) : '');
const countryWord = (c: string | null | undefined): string => (c === 'AR' || c === 'PY' ? word('country', c) : (c ?? ''));

/** The alert's own texts, named as the screen names them (shared/i18n/client/privacy.ts). */
const TEXT_WORDS: Readonly<Record<AlertTextField, string>> = {
  title: 'Título',
  summary: 'Resumen',
  actionRequested: 'Acción solicitada',
  consentNote: 'Nota de consentimiento',
  historyReasons: 'Motivos del historial',
};

export const LAW_WORDS: Readonly<Record<string, string>> = {
  ar_ley_25326: 'Ley 25.326 de Protección de los Datos Personales (Argentina)',
  py_habeas_data: 'Hábeas data (Constitución del Paraguay, art. 135; Ley 7593/2025)',
};
export const RIGHT_WORDS: Readonly<Record<string, string>> = {
  access: 'Acceso',
  rectification: 'Rectificación',
  suppression: 'Supresión',
};
const actions = auditWords.es as Readonly<Record<string, string>>;
/** "1 alerta", "2 alertas". */
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const MATCH_WORDS: Readonly<Record<string, string>> = { document: 'documento', phone: 'teléfono', name: 'nombre' };

export function exportBaseName(number: string): string {
  return `puente-${number}-solicitud-titular`;
}

async function draw(doc: PDFKit.PDFDocument, file: SubjectExportJson, zone: string, total: number | null): Promise<number> {
  const f = file.findings;
  const when = (iso: string | null | undefined) => (iso ? localDateTime(iso, zone) : '');
  const L = pdfLayout(
    doc,
    {
      issuer: 'Unidad de coordinación binacional — Puente',
      number: `Solicitud N.º ${f.request.number}`,
      hashLabel: 'Huella SHA-256 del contenido (JSON):',
      hash: file.provenance.contentSha256,
    },
    total,
  );
  const { doc: d, left, width, use, heading, subheading, field, para, gap } = L;
  d.addPage();
  use('Helvetica-Bold', 18);
  d.text(L.t('Datos personales en Puente'), left, d.y, { width: width() });
  use('Helvetica-Bold', 13);
  d.text(L.t(`Solicitud del titular N.º ${f.request.number}`), { width: width() });
  gap(0.3);
  field('Fundamento legal', LAW_WORDS[f.request.law] ?? f.request.law);
  field('Derecho ejercido', RIGHT_WORDS[f.request.right] ?? f.request.right);
  field('Identificador buscado', f.query.identifier);
  field('Nombre buscado', f.query.name);
  if (f.query.documents.length) field('Formas del documento buscadas', f.query.documents.join(', '));
  if (f.query.phones.length) field('Formas del teléfono buscadas', f.query.phones.join(', '));

  heading('Procedencia');
  field('Exportado por', file.provenance.exportedBy.name);
  field('Fecha y hora', `${when(file.provenance.exportedAt)} (${zoneName(zone, 'es')})`);
  field('Evento de auditoría de esta exportación', `N.º ${file.provenance.auditSeq}`);
  field('Huella SHA-256 del contenido', file.provenance.contentSha256);
  para(
    `Resumen: ${count(f.counts.alerts, 'alerta', 'alertas')} (${count(f.counts.subjects, 'persona', 'personas')}, ` +
      `${count(f.counts.phones, 'teléfono', 'teléfonos')}, ${count(f.counts.updates, 'novedad', 'novedades')}), ` +
      `${count(f.counts.contacts, 'contacto del directorio', 'contactos del directorio')} y ` +
      `${count(f.counts.auditEvents, 'evento de auditoría', 'eventos de auditoría')}.`,
    { size: 9 },
  );

  heading('Alertas');
  if (!f.alerts.length) para('Ninguna alerta guarda datos de esta persona.', { muted: true });
  for (const a of f.alerts) {
    subheading(`${a.reference} — ${a.title}`);
    field('Organismo emisor', `${a.originAgencyName ?? 'Organismo desconocido'} (${countryWord(a.originCountry)})`, 12);
    field('Estado', word('status', a.status), 12);
    for (const s of a.subjects) subject(s.subject, s.index + 1, s.matchedOn);
    for (const p of a.phones) field('Teléfono', p.e164 && p.e164 !== p.phone ? `${p.phone} (${p.e164})` : p.phone, 12);
    for (const u of a.updates) {
      field(`${u.kind === 'hit' ? 'Hallazgo' : 'Nota'} del ${when(u.at)}`, u.text, 12);
    }
    for (const x of a.texts) field(TEXT_WORDS[x.field], x.text, 12);
    gap(0.3);
  }

  function subject(s: SubjectDto, n: number, on: string[]) {
    para(`Persona ${n} — ${word('role', s.role)} (coincide por ${on.map((o) => MATCH_WORDS[o] ?? o).join(' y ')})`, { indent: 12 });
    field('Nombres', s.givenNames, 24);
    field('Apellidos', s.familyNames, 24);
    field('Apellido materno', s.mothersName, 24);
    if (s.aliases?.length) field('Alias', s.aliases.join(', '), 24);
    field('Fecha de nacimiento', s.dateOfBirth ? s.dateOfBirth.replace(/^(\d{4})-(\d{2})-(\d{2}).*$/, '$3/$2/$1') : null, 24);
    for (const doc_ of s.documents ?? [])
      field('Documento', [word('doc', doc_.type), countryWord(doc_.country), doc_.number].filter(Boolean).join(' '), 24);
    field('Sexo', word('sex', s.sex), 24);
    field('Nacionalidad', countryWord(s.nationality), 24);
    field('Descripción física', s.description, 24);
  }

  heading('Directorio de contactos');
  if (!f.contacts.length) para('Ningún contacto del directorio guarda datos de esta persona.', { muted: true });
  for (const c of f.contacts) {
    field(c.name, [c.agencyName, c.unit, c.position, ...c.phones.map((p) => p.number), ...c.emails].filter(Boolean).join(' · '));
  }

  heading('Registro de auditoría');
  if (!f.auditEvents.length) para('Ningún evento de auditoría guarda datos de esta persona.', { muted: true });
  for (const e of f.auditEvents) {
    const state = e.erased ? 'datos suprimidos' : e.erasable ? 'suprimible' : 'anterior a la separación de datos personales';
    para(`Evento N.º ${e.seq} — ${when(e.at)} — ${actions[e.action] ?? e.action} (${state})`, { size: 9 });
  }

  gap(1);
  if (L.substituted())
    para('Algunos caracteres se muestran sin su tilde en este PDF; el archivo JSON adjunto conserva el texto exacto.', {
      muted: true,
      size: 9,
    });
  para('Fin del informe.', { muted: true, size: 9 });
  return L.finish();
}

export async function renderSubjectExportPdf(file: SubjectExportJson, zone: string, out: Writable): Promise<void> {
  const number = file.findings.request.number;
  await renderTwoPass(
    () =>
      newPdfDocument({
        title: `Solicitud del titular N.º ${number}`,
        author: file.provenance.exportedBy.name,
        subject: `Datos personales en Puente — solicitud N.º ${number}`,
        createdAt: new Date(file.provenance.exportedAt),
      }),
    (doc, total) => draw(doc, file, zone, total),
    out,
    (doc) =>
      doc.file(Buffer.from(JSON.stringify(file, null, 2), 'utf8'), {
        name: `${exportBaseName(number)}.json`,
        type: 'application/json',
        description: 'Informe en JSON (su huella SHA-256 es la del pie de página)',
      }),
  );
}
