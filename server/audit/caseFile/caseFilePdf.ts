/**
 * The case file as PDF, with pdfkit (docs/dependencies.md): A4, in Spanish; every page's header
 * names the issuing agency and the alert's reference, every footer the content's SHA-256 and
 * "Página N de M"; photos are embedded as stored (JPEG, PNG; WebP re-encoded as JPEG, which PDF
 * lacks), and the JSON form is attached (`pdfdetach`), so the hash can be checked from the PDF
 * alone. Pages go out as they are finished (no page buffering), photos are read one at a time, and
 * rendering waits while the client has not taken what was sent. To know M before the first page
 * goes out, the layout is run once without output and without photo bytes (photos take the box
 * their stored size gives them), which lays out the same pages.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import sharp from 'sharp';
import type { AlertUpdateDto, HistoryEntryDto, SubjectDto } from '../../../shared/dto/alert.js';
import type { CaseFileAgency, CaseFilePhoto } from '../../../shared/dto/caseFile.js';
import { domain } from '../../../shared/i18n/client/domain.js';
import { localDateTime, zoneName } from '../../../shared/time.js';
import type { CaseFileExport } from './caseFile.service.js';
import { newPdfDocument, PDF_FONTS, PDF_MUTED, pdfLayout, renderTwoPass } from './pdfLayout.js';

const { regular: REGULAR, bold: BOLD, italic: ITALIC, mono: MONO } = PDF_FONTS;
const MUTED = PDF_MUTED;
/** Photos fit in this box, their caption beside them. */
const PHOTO_BOX = { width: 200, height: 150 };

const es = domain.es as Readonly<Record<string, string>>;
/** An enumeration value in Spanish (`kind_possible_victim` → "Posible víctima"); unknown values as stored. */
const word = (prefix: string, value: string | null | undefined): string => (value ? (es[`${prefix}_${value}`] ?? value) : '');
const countryWord = (c: string | null | undefined): string => (c === 'AR' || c === 'PY' ? word('country', c) : (c ?? ''));

const SCOPE_WORDS: Readonly<Record<string, string>> = {
  agency: 'Solo el organismo emisor',
  country: 'Todos los organismos del país emisor',
  bilateral: 'Todos los organismos de Argentina y Paraguay',
  agencies: 'El organismo emisor y los organismos elegidos',
};
const FIELD_WORDS: Readonly<Record<string, string>> = {
  kind: 'tipo',
  priority: 'prioridad',
  title: 'título',
  summary: 'resumen',
  occurredAt: 'fecha del hecho',
  actionRequested: 'acción pedida',
  replyWithinHours: 'plazo de respuesta',
  legalBasis: 'expediente o causa',
  handlingCode: 'código de tratamiento',
  sourceReliability: 'fiabilidad de la fuente',
  infoCredibility: 'credibilidad de la información',
  subjects: 'personas',
  vehicles: 'vehículos',
  phones: 'teléfonos',
  locations: 'lugares',
  tags: 'etiquetas',
  distribution: 'distribución',
  sensitivity: 'sensibilidad',
  victimConsent: 'consentimiento de la víctima',
  reviewAt: 'fecha de revisión',
};
const HISTORY_WORDS: Readonly<Record<HistoryEntryDto['action'], string>> = {
  created: 'Creada',
  edited: 'Editada',
  status_changed: 'Cambio de estado',
  expired: 'Vencida por falta de revisión',
  access_granted: 'Acceso concedido a otro organismo',
  access_lapsed: 'Venció el acceso concedido a otro organismo',
  access_revoked: 'Se revocó el acceso concedido a otro organismo',
  retention_extended: 'Conservación de datos personales extendida',
  personal_data_purged: 'Datos personales eliminados por plazo de conservación',
  subject_rectified: 'Datos rectificados por solicitud del titular',
  subject_erased: 'Datos suprimidos por solicitud del titular',
};
const MATCH_WORDS: Readonly<Record<string, string>> = { document: 'documento', phone: 'teléfono', plate: 'patente', name: 'nombre' };
const WATCH_WORDS: Readonly<Record<string, string>> = {
  ...MATCH_WORDS,
  alert_kind: 'tipo de alerta',
  border_crossing: 'paso fronterizo',
};

/** A calendar date ("2010-03-04" → "04/03/2010"), without a time zone to shift it. */
const calendarDate = (d: string): string => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(d);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : d;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

interface Pass {
  /** Pages in the document (null on the counting pass). */
  total: number | null;
  /** Photo bytes (null on the counting pass: the photo's box is drawn empty). */
  photo: CaseFileExport['photo'] | null;
  /** Resolves when the output has room for more (the counting pass has no output). */
  room: () => Promise<void>;
}

/** Lays the case file out on `doc`; resolves with the number of pages. */
async function draw(doc: PDFKit.PDFDocument, file: CaseFileExport, pass: Pass): Promise<number> {
  const { content, provenance } = file.json;
  const a = content.alert;
  const agencies = new Map<string, CaseFileAgency>(content.agencies.map((x) => [x.id, x]));
  agencies.set(content.issuingAgency.id, content.issuingAgency);
  const agencyName = (id: string) => agencies.get(id)?.name ?? 'Organismo desconocido';
  const when = (iso: string | null | undefined) => (iso ? localDateTime(iso, file.zone) : '');
  const layout = pdfLayout(
    doc,
    {
      issuer: content.issuingAgency.name,
      number: `Expediente ${a.reference}`,
      hashLabel: 'Huella SHA-256 del contenido (JSON):',
      hash: provenance.contentSha256,
    },
    pass.total,
  );
  const { t, use, left, width, ensure, heading, subheading, field, para, gap } = layout;

  doc.addPage();

  // Title and provenance.
  use(BOLD, 18);
  doc.text(t('Expediente para la justicia'), left, doc.y, { width: width() });
  use(BOLD, 13);
  doc.text(t(`Alerta ${a.reference} — ${a.title}`), { width: width() });
  gap(0.3);
  field('Organismo emisor', `${content.issuingAgency.name} (${countryWord(content.issuingAgency.country)})`);
  gap();

  heading('Procedencia');
  field('Exportado por', `${provenance.exportedBy.name} — ${provenance.exportedBy.agencyName}`);
  field('Fecha y hora de la exportación', `${when(provenance.exportedAt)} (${zoneName(file.zone, 'es')})`);
  field('Evento de auditoría de esta exportación', `N.º ${provenance.auditSeq}`);
  ensure(30);
  use(BOLD, 10);
  doc.text(t('Huella SHA-256 del contenido:'), left, doc.y, { width: width() });
  use(MONO, 9.5);
  doc.text(provenance.contentSha256, { width: width() });
  use(REGULAR, 10);
  gap(0.2);
  para(`Cómo verificarlo: ${provenance.verify}`, { size: 9 });
  gap(0.2);
  para(
    `Alcance: contiene todo lo que ${provenance.exportedBy.name} puede ver de esta alerta en Puente según su función` +
      (content.restrictedIdentityShown
        ? '.'
        : '; la identidad de las víctimas de esta alerta restringida no es visible para su función y se omite.') +
      ` Todas las horas en ${zoneName(file.zone, 'es')}, reloj de 24 horas.`,
    { size: 9 },
  );

  // The alert.
  heading('Datos de la alerta');
  field('Referencia', a.reference);
  field('Título', a.title);
  field('Tipo', word('kind', a.kind));
  field('Prioridad', word('priority', a.priority));
  field('Estado', word('status', a.status));
  field('Sensibilidad', a.sensitivity === 'restricted' ? 'Restringida' : 'Estándar');
  field('Distribución', SCOPE_WORDS[a.distribution.scope] ?? a.distribution.scope);
  if (a.distribution.agencyIds.length) field('Organismos elegidos', a.distribution.agencyIds.map(agencyName).join('; '));
  field('Creada', when(a.createdAt));
  field('Última modificación', when(a.updatedAt));
  field('Fecha y hora del hecho', when(a.occurredAt));
  field('Fecha de revisión', when(a.reviewAt));
  field('Resumen', a.summary);
  if (a.actionRequested)
    field('Acción pedida', [word('action', a.actionRequested.code), a.actionRequested.text].filter(Boolean).join(' — '));
  field('Plazo de respuesta a hallazgos', plural(a.replyWithinHours, 'hora', 'horas'));
  if (a.legalBasis) {
    field('Expediente o causa', a.legalBasis.caseNumber);
    field('Autoridad que lo ordenó', a.legalBasis.authority);
  }
  field('Código de tratamiento', a.handlingCode);
  field('Fiabilidad de la fuente', a.sourceReliability);
  field('Credibilidad de la información', a.infoCredibility);
  if (a.victimConsent) {
    field('Consentimiento de la víctima', a.victimConsent.given ? 'Sí' : 'No');
    field('Consentimiento registrado por', a.victimConsent.recordedBy);
    field('Nota sobre el consentimiento', a.victimConsent.note);
  }
  if (a.tags.length) field('Etiquetas', a.tags.map((tag) => tag.replace(/_/g, ' ')).join(', '));

  heading('Personas');
  if (!a.subjects.length) para('Sin datos.', { muted: true });
  a.subjects.forEach((s, i) => subject(s, i + 1));

  function subject(s: SubjectDto, n: number) {
    subheading(`Persona ${n} — ${word('role', s.role)}`);
    if (s.redacted) para('Identidad protegida: no visible para su función (alerta restringida).', { muted: true, indent: 12 });
    field('Nombres', s.givenNames, 12);
    field('Apellidos', s.familyNames, 12);
    field('Apellido materno', s.mothersName, 12);
    if (s.aliases?.length) field('Alias', s.aliases.join(', '), 12);
    if (s.dateOfBirth) field('Fecha de nacimiento', calendarDate(s.dateOfBirth), 12);
    for (const d of s.documents ?? [])
      field('Documento', [word('doc', d.type), countryWord(d.country), d.number].filter(Boolean).join(' '), 12);
    field('Sexo', word('sex', s.sex), 12);
    field('Edad aproximada', s.approxAge === null || s.approxAge === undefined ? null : plural(s.approxAge, 'año', 'años'), 12);
    field('Nacionalidad', countryWord(s.nationality), 12);
    field('Descripción física', s.description, 12);
  }

  if (a.vehicles.length) {
    heading('Vehículos');
    a.vehicles.forEach((v, i) =>
      field(`Vehículo ${i + 1}`, [v.plate, countryWord(v.country), v.make, v.model, v.colour].filter(Boolean).join(' · ')),
    );
  }
  if (a.phones.length) {
    heading('Teléfonos');
    a.phones.forEach((p, i) =>
      field(`Teléfono ${i + 1}`, a.phonesNormalized[i] && a.phonesNormalized[i] !== p ? `${p} (${a.phonesNormalized[i]})` : p),
    );
  }
  if (a.locations.length) {
    heading('Lugares');
    a.locations.forEach((l, i) =>
      field(
        `Lugar ${i + 1}`,
        [
          l.label,
          l.locality,
          l.adminArea,
          countryWord(l.country),
          l.borderCrossing ? `paso ${l.borderCrossing}` : null,
          typeof l.lat === 'number' && typeof l.lng === 'number' ? `coordenadas ${l.lat}, ${l.lng}` : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );
  }

  heading('Fotos');
  if (a.hiddenPhotoCount > 0)
    para(
      a.hiddenPhotoCount === 1
        ? '1 foto restringida no se incluye: solo la ven fiscales y el organismo emisor.'
        : `${a.hiddenPhotoCount} fotos restringidas no se incluyen: solo las ven fiscales y el organismo emisor.`,
      { muted: true },
    );
  if (!a.photos.length) para('Ninguna foto que pueda ver.', { muted: true });
  for (const [i, p] of a.photos.entries()) {
    await pass.room();
    await photo(p, i + 1);
  }

  async function photo(p: CaseFilePhoto, n: number) {
    const scale = Math.min(PHOTO_BOX.width / p.width, PHOTO_BOX.height / p.height, 1);
    const w = p.width * scale;
    const h = p.height * scale;
    ensure(Math.max(h, 96) + 12);
    const top = doc.y;
    const image = pass.photo ? await embeddable(p, await pass.photo(p.id)) : null;
    if (image) doc.image(image, left, top, { width: w, height: h });
    else {
      doc.rect(left, top, w, h).lineWidth(0.5).strokeColor('#999999').stroke();
      if (pass.photo && w >= 60) {
        use(ITALIC, 8, MUTED);
        doc.text(t('Foto no disponible'), left + 4, top + 4, { width: w - 8 });
      }
    }
    const who =
      p.subjectIndex !== null
        ? `Persona ${p.subjectIndex + 1} (${word('role', a.subjects[p.subjectIndex]?.role)})`
        : p.shows === 'no_person'
          ? 'Sin personas (vehículo, lugar o documento)'
          : 'Persona sin identificar';
    const captionX = left + PHOTO_BOX.width + 14;
    const captionW = width() - PHOTO_BOX.width - 14;
    use(BOLD, 9.5);
    doc.text(t(`Foto ${n} — ${who}`), captionX, top, { width: captionW });
    use(REGULAR, 8.5);
    doc.text(t(`Agregada: ${when(p.at)}`), { width: captionW });
    doc.text(t(`${p.width} × ${p.height} píxeles, ${p.mime === 'image/png' ? 'PNG' : p.mime === 'image/webp' ? 'WebP' : 'JPEG'}`), {
      width: captionW,
    });
    if (p.restricted) doc.text(t('Acceso restringido'), { width: captionW });
    doc.text(t('SHA-256 del archivo guardado:'), { width: captionW });
    use(MONO, 7.5);
    doc.text(p.sha256 ? `${p.sha256.slice(0, 32)}\n${p.sha256.slice(32)}` : t('(no disponible)'), { width: captionW });
    use(REGULAR, 10);
    doc.x = left;
    doc.y = Math.max(doc.y, top + h) + 12;
  }

  heading('Historial');
  for (const h of a.history) {
    const what =
      h.action === 'status_changed'
        ? `Estado: ${word('status', h.fromStatus)} → ${word('status', h.toStatus)}`
        : h.action === 'edited' && h.fields?.length
          ? `Editada (${h.fields.map((f) => FIELD_WORDS[f] ?? f).join(', ')})`
          : h.requestNumber
            ? `${HISTORY_WORDS[h.action]} N.º ${h.requestNumber}`
            : HISTORY_WORDS[h.action];
    para(`${when(h.at)} — ${what} — ${agencyName(h.agencyId)}${h.reason ? ` — Motivo: ${h.reason}` : ''}`);
    gap(0.15);
  }

  await pass.room();
  heading('Novedades y hallazgos');
  if (!a.updates.length) para('Sin novedades.', { muted: true });
  for (const u of a.updates) update(u);

  function update(u: AlertUpdateDto) {
    ensure(40);
    use(BOLD, 10);
    const kind = u.kind === 'hit' ? `Hallazgo: ${word('hit', u.hitType)}` : 'Nota';
    doc.text(t(`${when(u.at)} — ${kind} — ${agencyName(u.agencyId)}`), left, doc.y, { width: width() });
    use(REGULAR, 10);
    if (u.hidden && u.erasedByRequest)
      para(`Texto suprimido el ${when(u.hiddenAt)} por solicitud del titular N.º ${u.erasedByRequest}.`, { muted: true, indent: 12 });
    else if (u.hidden) para(`Nota ocultada por el organismo emisor el ${when(u.hiddenAt)}.`, { muted: true, indent: 12 });
    else para(u.text, { indent: 12 });
    if (u.location?.label) field('Lugar', u.location.label, 12);
    if (u.kind === 'hit') {
      field('Respuesta pedida antes de', when(u.dueAt), 12);
      field('Recibo acusado', u.acknowledgedAt ? when(u.acknowledgedAt) : 'todavía no', 12);
    }
    gap(0.4);
  }

  heading('Coincidencias con otras alertas');
  if (!content.matches.length) para('Ninguna coincidencia con alertas que pueda ver.', { muted: true });
  for (const m of content.matches)
    para(
      `${m.reference} — ${word('kind', m.kind)} — ${word('status', m.status)} — ${agencyName(m.originAgencyId)} — ` +
        `por ${MATCH_WORDS[m.on] ?? m.on}${m.value ? `: ${m.value}` : ''}`,
    );

  heading('Sus vigilancias que encuentran esta alerta');
  if (!content.watchHits.length) para('Ninguna de sus vigilancias encuentra esta alerta.', { muted: true });
  for (const w of content.watchHits)
    para(
      `Vigilancia de ${WATCH_WORDS[w.kind] ?? w.kind}: ${w.kind === 'alert_kind' ? word('kind', w.value) : w.value} ` +
        `(creada el ${when(w.createdAt)})`,
    );

  await pass.room();
  heading('Quién vio esta alerta');
  if (content.views === null)
    para('La lista de quién vio esta alerta es del organismo emisor y no se incluye para su organismo.', { muted: true });
  else if (!content.views.length) para('Nadie la consultó antes de esta exportación.', { muted: true });
  else {
    para(`Antes de esta exportación, de la más reciente a la más antigua (${plural(content.views.length, 'registro', 'registros')}):`, {
      size: 9,
    });
    for (const v of content.views)
      para(
        `${when(v.at)} — ${v.userName ?? 'Cuenta desconocida'} — ${agencyName(v.agencyId)} — ` +
          `${v.action === 'export' ? 'exportación' : 'consulta'} (evento N.º ${v.auditSeq})`,
        { size: 9 },
      );
  }

  gap(1);
  if (layout.substituted())
    para(
      'Algunos caracteres (por ejemplo, vocales nasales del guaraní) se muestran sin su tilde en este PDF; ' +
        'el archivo JSON adjunto conserva el texto exacto.',
      { muted: true, size: 9 },
    );
  para('Fin del expediente.', { muted: true, size: 9 });
  return layout.finish();
}

/** Bytes pdfkit embeds: JPEG and PNG as stored (checked against the hash listed), WebP as JPEG. */
async function embeddable(p: CaseFilePhoto, stored: { mime: string; data: Buffer } | null): Promise<Buffer | null> {
  if (!stored || createHash('sha256').update(stored.data).digest('hex') !== p.sha256) return null;
  if (stored.mime === 'image/jpeg' || stored.mime === 'image/png') return stored.data;
  return sharp(stored.data).jpeg({ quality: 90 }).toBuffer();
}

function newDocument(file: CaseFileExport): PDFKit.PDFDocument {
  const { content, provenance } = file.json;
  return newPdfDocument({
    title: `Expediente ${content.alert.reference} — ${content.issuingAgency.name}`,
    author: `${provenance.exportedBy.name} — ${provenance.exportedBy.agencyName}`,
    subject: `Expediente para la justicia de la alerta ${content.alert.reference}`,
    createdAt: new Date(provenance.exportedAt),
  });
}

/** Writes the case file's PDF to `out` (an HTTP answer), and resolves once it is all handed over or the client left. */
export async function renderCaseFilePdf(file: CaseFileExport, out: Writable): Promise<void> {
  // Counting pass: the same layout, no output kept, no photo read.
  await renderTwoPass(
    () => newDocument(file),
    (doc, total, room, counting) => draw(doc, file, { total, photo: counting ? null : file.photo, room }),
    out,
    (doc) =>
      doc.file(Buffer.from(JSON.stringify(file.json, null, 2), 'utf8'), {
        name: `${file.baseName}.json`,
        type: 'application/json',
        description: 'Expediente en JSON: contenido y procedencia (su huella SHA-256 es la del pie de página)',
        creationDate: new Date(file.json.provenance.exportedAt),
        modifiedDate: new Date(file.json.provenance.exportedAt),
      }),
  );
}
