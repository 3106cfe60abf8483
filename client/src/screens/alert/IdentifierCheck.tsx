/**
 * Identifiers checked as typed with shared/identifiers: the normal form, or how to write it. When
 * sending is blocked the field's error says so; the hint then stays quiet (`blocked`).
 */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { normalizeDocument } from '../../../../shared/identifiers/documents.js';
import { normalizePhoneEitherCountry } from '../../../../shared/identifiers/phone.js';
import { normalizePlate } from '../../../../shared/identifiers/plate.js';
import { DOCUMENT_TYPES } from '../../../../shared/schemas/alertEnums.js';
import { translator } from '../../i18n/index.js';
import type { DocumentDraft } from './draft.js';
import type { DocType } from './draftCheck.js';
import { documentTypeName, howDocument } from './problemText.js';

const t = translator(dict);

function Check({
  raw,
  result,
  how,
  blocked,
}: {
  raw: string;
  result: { ok: true; value: string } | { ok: false };
  how: string;
  blocked?: boolean;
}) {
  if (!raw.trim()) return null;
  if (result.ok) {
    return (
      <span class="id-ok" data-testid="normalized">
        {raw.trim()} → {result.value}
      </span>
    );
  }
  return blocked ? null : <span class="id-bad">{t('invalidIdentifier', { reason: how })}</span>;
}

const docType = (type: string): DocType =>
  ((DOCUMENT_TYPES as readonly string[]).find((x) => x === type) as DocType | undefined) ?? 'other';

export function DocumentCheck({ doc, blocked }: { doc: DocumentDraft; blocked?: boolean }) {
  const r = normalizeDocument({ type: doc.type, country: doc.country, number: doc.number });
  const type = docType(doc.type);
  return (
    <Check
      raw={doc.number}
      blocked={blocked}
      how={howDocument(type)}
      result={r.ok ? { ok: true, value: `${documentTypeName(r.type)} ${r.normalized}` } : { ok: false }}
    />
  );
}

export function PhoneCheck({ raw, home, blocked }: { raw: string; home: 'AR' | 'PY'; blocked?: boolean }) {
  const r = normalizePhoneEitherCountry(raw, home);
  return <Check raw={raw} blocked={blocked} how={t('howPhone')} result={r.ok ? { ok: true, value: r.e164 } : { ok: false }} />;
}

export function PlateCheck({ raw, country, blocked }: { raw: string; country: string; blocked?: boolean }) {
  const r = normalizePlate(raw, country || null);
  return <Check raw={raw} blocked={blocked} how={t('howPlate')} result={r.ok ? { ok: true, value: r.normalized } : { ok: false }} />;
}
