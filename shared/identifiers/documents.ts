/** Identity documents: Argentine DNI and CUIL/CUIT, Paraguayan cédula (CI) and RUC, passports. */

export type DocumentType = 'DNI' | 'CI' | 'CUIL' | 'CUIT' | 'RUC' | 'passport' | 'other';
export interface DocumentInput {
  type: DocumentType | string;
  country: string;
  number: string;
}
export type DocumentResult = { ok: true; normalized: string; related: string[] } | { ok: false; reason: string };

const digitsOf = (s: string) => s.replace(/\D/g, '');

/** CUIL/CUIT mod-11 check digit. */
export function cuitCheckDigit(first10: string): number | null {
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first10[i]), 0);
  const mod = 11 - (sum % 11);
  if (mod === 11) return 0;
  if (mod === 10) return 9; // assigned with prefix 23 in practice; accepted as issued
  return mod;
}

/** Paraguayan RUC check digit (SET's mod-11 with weights 2…11 from the right). */
export function rucCheckDigit(base: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = base.length - 1; i >= 0; i--) {
    sum += Number(base[i]) * weight;
    weight = weight === 11 ? 2 : weight + 1;
  }
  const rest = sum % 11;
  return rest > 1 ? 11 - rest : 0;
}

/** Digits-only (or upper-case alphanumeric for passports) form, with related forms worth indexing. */
export function normalizeDocument(doc: DocumentInput): DocumentResult {
  const raw = doc.number.trim();
  switch (doc.type) {
    case 'DNI':
    case 'CI': {
      const d = digitsOf(raw);
      if (d.length < 5 || d.length > 9 || /[A-Za-z]/.test(raw)) return { ok: false, reason: 'expected 5 to 9 digits' };
      return { ok: true, normalized: d.replace(/^0+/, ''), related: [] };
    }
    case 'CUIL':
    case 'CUIT': {
      const d = digitsOf(raw);
      if (d.length !== 11) return { ok: false, reason: 'expected 11 digits' };
      if (cuitCheckDigit(d.slice(0, 10)) !== Number(d[10])) return { ok: false, reason: 'wrong check digit' };
      return { ok: true, normalized: d, related: [d.slice(2, 10).replace(/^0+/, '')] };
    }
    case 'RUC': {
      const m = /^(\d[\d.]*)\s*-\s*(\d)$/.exec(raw);
      const base = m ? digitsOf(m[1]!) : digitsOf(raw);
      if (base.length < 5 || base.length > 9) return { ok: false, reason: 'expected a 5 to 9 digit base' };
      if (m && rucCheckDigit(base) !== Number(m[2])) return { ok: false, reason: 'wrong check digit' };
      return { ok: true, normalized: base, related: [base] };
    }
    case 'passport':
    case 'other': {
      const n = raw.toUpperCase().replace(/[\s.-]/g, '');
      if (!/^[A-Z0-9]{4,20}$/.test(n)) return { ok: false, reason: 'expected 4 to 20 letters or digits' };
      return { ok: true, normalized: n, related: [] };
    }
    default:
      return { ok: false, reason: 'unknown document type' };
  }
}
