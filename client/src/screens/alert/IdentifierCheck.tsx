/** Identifiers checked as typed with shared/identifiers: the normal form, or why it is not valid. */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { normalizeDocument } from '../../../../shared/identifiers/documents.js';
import { normalizePhoneEitherCountry } from '../../../../shared/identifiers/phone.js';
import { normalizePlate } from '../../../../shared/identifiers/plate.js';
import { translator } from '../../i18n/index.js';
import type { DocumentDraft } from './draft.js';

const t = translator(dict);

function Check({ raw, result }: { raw: string; result: { ok: true; value: string } | { ok: false; reason: string } }) {
  if (!raw.trim()) return null;
  return result.ok ? (
    <span class="id-ok" data-testid="normalized">
      {raw.trim()} → {result.value}
    </span>
  ) : (
    <span class="id-bad">{t('invalidIdentifier', { reason: result.reason })}</span>
  );
}

export function DocumentCheck({ doc }: { doc: DocumentDraft }) {
  const r = normalizeDocument({ type: doc.type, country: doc.country, number: doc.number });
  return <Check raw={doc.number} result={r.ok ? { ok: true, value: `${r.type} ${r.normalized}` } : { ok: false, reason: r.reason }} />;
}

export function PhoneCheck({ raw, home }: { raw: string; home: 'AR' | 'PY' }) {
  const r = normalizePhoneEitherCountry(raw, home);
  return <Check raw={raw} result={r.ok ? { ok: true, value: r.e164 } : { ok: false, reason: r.reason }} />;
}

export function PlateCheck({ raw, country }: { raw: string; country: string }) {
  const r = normalizePlate(raw, country || null);
  return <Check raw={raw} result={r.ok ? { ok: true, value: r.normalized } : { ok: false, reason: r.reason }} />;
}
