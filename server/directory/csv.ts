/**
 * Contacts as CSV (RFC 4180 with a UTF-8 BOM so spreadsheets read the accents), built with
 * `csv-stringify`: one row per phone (a contact without phones gets one row), every field quoted.
 *
 * Formula injection (OWASP "CSV Injection"): a cell whose first character a spreadsheet would
 * run — `=`, `+`, `-`, `@`, tab, carriage return, or their full-width forms — is prefixed with
 * `'`. E.164 phones start with `+`, which Excel reads as a formula, so they are neutralised too
 * (`'+5493704412345`). So that the rule can be undone exactly, a cell that already starts with
 * `'` gets one more: reading a cell, drop one leading `'` when one is there (`unneutralizeCell`).
 *
 * Spreadsheets that split on `;` (Excel in Spanish locales) or read `,` unquoted, and line breaks
 * read as new rows, would start a cell in the middle of ours: the same rule applies after every
 * `;`, `,`, CR or LF (past any spaces or `"`), e.g. `x;=1+1` → `x;'=1+1`, and is undone alike.
 */
import { stringify } from 'csv-stringify/sync';
import type { ContactDto } from './contact.presenter.js';

export const CSV_COLUMNS = [
  'id',
  'agencyId',
  'agencyName',
  'country',
  'kind',
  'name',
  'unit',
  'position',
  'phoneE164',
  'phoneAsTyped',
  'phone24h',
  'phoneWhatsapp',
  'emails',
  'languages',
  'availability',
  'notes',
  'verifiedAt',
  'stale',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** Separator inside the cells that hold several values (emails, languages). */
export const LIST_SEPARATOR = '; ';

const TRIGGER_CHARS = "=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20'";
const TRIGGER = new RegExp(`^[${TRIGGER_CHARS}]`);
/** A place where another program may start a cell: after a separator or line break, past spaces and quotes. */
const INNER_START = new RegExp(`([;,\\r\\n][ "]*)(?=[${TRIGGER_CHARS}])`, 'g');
const INNER_MARK = /([;,\r\n][ "]*)'/g;

/** Makes a cell inert in spreadsheets (see the file comment). */
export function neutralizeCell(value: string): string {
  const inner = value.replace(INNER_START, "$1'");
  return TRIGGER.test(value) ? `'${inner}` : inner;
}

/** The inverse of neutralizeCell, for programs reading the export. */
export function unneutralizeCell(value: string): string {
  const outer = value.startsWith("'") ? value.slice(1) : value;
  return outer.replace(INNER_MARK, '$1');
}

function rows(c: ContactDto): Array<Record<Column, string>> {
  const base = {
    id: c.id,
    agencyId: c.agencyId,
    agencyName: c.agencyName ?? '',
    country: c.country,
    kind: c.kind,
    name: c.name,
    unit: c.unit ?? '',
    position: c.position ?? '',
    emails: c.emails.join(LIST_SEPARATOR),
    languages: c.languages.join(LIST_SEPARATOR),
    availability: c.availability ?? '',
    notes: c.notes ?? '',
    verifiedAt: c.verifiedAt,
    stale: String(c.stale),
  };
  const phones = c.phones.length > 0 ? c.phones : [null];
  return phones.map((p) => ({
    ...base,
    phoneE164: p?.e164 ?? '',
    phoneAsTyped: p?.number ?? '',
    phone24h: p ? String(p.is24h) : '',
    phoneWhatsapp: p ? String(p.whatsapp) : '',
  }));
}

export function contactsToCsv(contacts: readonly ContactDto[]): string {
  const records = contacts.flatMap(rows).map((r) => CSV_COLUMNS.map((col) => neutralizeCell(r[col])));
  return stringify([[...CSV_COLUMNS], ...records], {
    bom: true,
    quoted: true,
    record_delimiter: 'windows',
  });
}
