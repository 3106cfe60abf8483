/**
 * The page layout Puente's PDFs share, with pdfkit (docs/dependencies.md): A4, Helvetica, every
 * page's header (issuer on the left, the document's number on the right, Puente's line under
 * them) and footer (a labelled hash and "Página N de M"), headings, "Label: value" fields and
 * paragraphs that break pages by themselves; text goes through pdfText (what the standard fonts
 * cannot draw is substituted, and the layout remembers it). And the two-pass streaming render:
 * a counting pass gives M before the first page goes out, then pages are sent as finished, waiting
 * while the client has not taken what was sent. Used by the case file (caseFilePdf.ts) and by the
 * data-subject request's export (server/privacy/).
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { pdfText } from './pdfText.js';

export const PDF_FONTS = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique', mono: 'Courier' } as const;
export const PDF_INK = '#111111';
export const PDF_MUTED = '#555555';
export const PDF_MARGIN = { top: 78, bottom: 72, left: 56, right: 56 };
/** Output waiting in pdfkit beyond this, rendering waits for the client to take it. */
const HIGH_WATER = 1 << 20;

/** What every page shows besides its content. */
export interface PageFurniture {
  /** Top left, bold (cut to fit): who issues the document. */
  issuer: string;
  /** Top right, bold: the document's number. */
  number: string;
  /** The footer's label over `hash`. */
  hashLabel: string;
  hash: string;
}

export interface PdfLayout {
  doc: PDFKit.PDFDocument;
  left: number;
  width: () => number;
  /** Text as the fonts draw it. */
  t: (s: string) => string;
  use: (font: string, size: number, color?: string) => void;
  ensure: (height: number) => void;
  heading: (title: string) => void;
  subheading: (title: string) => void;
  /** "Label: value", the value wrapping under the whole width; nothing when there is no value. */
  field: (label: string, value: string | number | null | undefined, indent?: number) => void;
  para: (text: string, opts?: { muted?: boolean; indent?: number; size?: number }) => void;
  gap: (lines?: number) => void;
  /** Whether some character had to be substituted (the document should say so). */
  substituted: () => boolean;
  /** Pages laid out so far. */
  pages: () => number;
  /** Stops drawing the furniture on new pages (at the end of a pass). */
  finish: () => number;
}

/** Sets up the furniture and the helpers on `doc`; `total` is the page count when known (null on the counting pass). */
export function pdfLayout(doc: PDFKit.PDFDocument, furniture: PageFurniture, total: number | null): PdfLayout {
  const { regular: REGULAR, bold: BOLD, italic: ITALIC, mono: MONO } = PDF_FONTS;
  let substituted = false;
  const t = (s: string) => {
    const r = pdfText(s);
    substituted ||= r.changed;
    return r.text;
  };

  const left = PDF_MARGIN.left;
  const width = () => doc.page.width - PDF_MARGIN.left - PDF_MARGIN.right;
  const bottom = () => doc.page.height - PDF_MARGIN.bottom;
  let style = { font: REGULAR as string, size: 10, color: PDF_INK };
  const use = (font: string, size: number, color = PDF_INK) => {
    style = { font, size, color };
    doc.font(font).fontSize(size).fillColor(color);
  };

  // Header and footer of every page, outside the text area, drawn without line breaking (so
  // never a page break): text that would not fit is cut.
  let pages = 0;
  const fit = (s: string, max: number) => {
    let out = t(s);
    if (doc.widthOfString(out) <= max) return out;
    while (out.length > 1 && doc.widthOfString(`${out}…`) > max) out = out.slice(0, -1);
    return `${out}…`;
  };
  const pageFurniture = () => {
    pages++;
    const saved = style;
    const right = doc.page.width - PDF_MARGIN.right;
    doc.font(BOLD).fontSize(8.5).fillColor(PDF_INK);
    const issuer = fit(furniture.issuer, width() * 0.62);
    doc.text(issuer, left, 40, { lineBreak: false });
    const ref = t(furniture.number);
    doc.text(ref, right - doc.widthOfString(ref), 40, { lineBreak: false });
    doc.font(REGULAR).fontSize(7.5).fillColor(PDF_MUTED);
    doc.text(t('Puente — cooperación Argentina–Paraguay contra la trata de personas'), left, 52, { lineBreak: false });
    doc.moveTo(left, 64).lineTo(right, 64).lineWidth(0.5).strokeColor('#888888').stroke();
    const footY = doc.page.height - 50;
    doc
      .moveTo(left, footY - 6)
      .lineTo(right, footY - 6)
      .stroke();
    doc.font(REGULAR).fontSize(7).fillColor(PDF_MUTED);
    doc.text(t(furniture.hashLabel), left, footY, { lineBreak: false });
    doc
      .font(MONO)
      .fontSize(7)
      .text(furniture.hash, left, footY + 10, { lineBreak: false });
    doc.font(REGULAR).fontSize(8).fillColor(PDF_INK);
    const page = t(total === null ? `Página ${pages}` : `Página ${pages} de ${total}`);
    doc.text(page, right - doc.widthOfString(page), footY + 5, { lineBreak: false });
    doc.x = left;
    doc.y = PDF_MARGIN.top;
    use(saved.font, saved.size, saved.color);
  };
  doc.on('pageAdded', pageFurniture);

  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const heading = (title: string) => {
    ensure(70);
    doc.moveDown(0.8);
    use(BOLD, 12.5);
    doc.text(t(title), left, doc.y, { width: width() });
    const y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width(), y)
      .lineWidth(0.75)
      .strokeColor('#333333')
      .stroke();
    doc.y = y + 6;
    use(REGULAR, 10);
  };
  const subheading = (title: string) => {
    ensure(40);
    doc.moveDown(0.4);
    use(BOLD, 10.5);
    doc.text(t(title), left, doc.y, { width: width() });
    use(REGULAR, 10);
  };
  const field = (label: string, value: string | number | null | undefined, indent = 0) => {
    if (value === null || value === undefined || value === '') return;
    ensure(14);
    use(BOLD, 10);
    doc.text(`${t(label)}: `, left + indent, doc.y, { width: width() - indent, continued: true });
    use(REGULAR, 10);
    doc.text(t(String(value)));
  };
  const para = (text: string, opts: { muted?: boolean; indent?: number; size?: number } = {}) => {
    ensure(14);
    use(opts.muted ? ITALIC : REGULAR, opts.size ?? 10, opts.muted ? PDF_MUTED : PDF_INK);
    doc.text(t(text), left + (opts.indent ?? 0), doc.y, { width: width() - (opts.indent ?? 0) });
    use(REGULAR, 10);
  };
  const gap = (lines = 0.35) => doc.moveDown(lines);

  return {
    doc,
    left,
    width,
    t,
    use,
    ensure,
    heading,
    subheading,
    field,
    para,
    gap,
    substituted: () => substituted,
    pages: () => pages,
    finish: () => {
      doc.off('pageAdded', pageFurniture);
      return pages;
    },
  };
}

/** A new A4 document with the shared margins, not started (the layout's first addPage draws the furniture). */
export function newPdfDocument(info: { title: string; author: string; subject: string; createdAt: Date }): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    margins: PDF_MARGIN,
    autoFirstPage: false,
    bufferPages: false,
    lang: 'es',
    displayTitle: true,
    pdfVersion: '1.7',
    info: {
      Title: pdfText(info.title).text,
      Author: pdfText(info.author).text,
      Subject: pdfText(info.subject).text,
      Creator: 'Puente',
      CreationDate: info.createdAt,
    },
  });
}

/** One pass of a document's layout: `room` resolves when the output has room for more (immediately on the counting pass). */
export type DrawPass = (doc: PDFKit.PDFDocument, total: number | null, room: () => Promise<void>, counting: boolean) => Promise<number>;

/** The client stopped reading (closed the connection): rendering stops, nothing is left to answer. */
class ClientGone extends Error {}

/**
 * Renders a document to `out` in two passes (the first counts its pages), streaming the second;
 * `beforeEnd` may add to the document (an attachment). Resolves once it is all handed over or the client left.
 */
export async function renderTwoPass(
  create: () => PDFKit.PDFDocument,
  draw: DrawPass,
  out: Writable,
  beforeEnd?: (doc: PDFKit.PDFDocument) => void,
): Promise<void> {
  const counting = create();
  counting.on('data', () => undefined);
  const total = await draw(counting, null, async () => undefined, true);
  counting.end();

  const doc = create();
  const closed = once(out, 'close').then(() => {
    throw new ClientGone();
  });
  closed.catch(() => undefined);
  const room = async () => {
    while (doc.readableLength > HIGH_WATER) {
      if (out.destroyed) throw new ClientGone();
      await Promise.race([once(out, 'drain'), closed]);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  doc.pipe(out);
  try {
    await draw(doc, total, room, false);
    beforeEnd?.(doc);
    doc.end();
    await Promise.race([once(out, 'finish'), closed]);
  } catch (err) {
    doc.unpipe(out);
    if (err instanceof ClientGone) return;
    throw err;
  }
}
