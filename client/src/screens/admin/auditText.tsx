/**
 * An audit event in words: what happened ("Cuenta deshabilitada"), by whom, from which agency, on
 * which record, using the names the API adds (`actorName`, `agencyName`, `targetLabel`); the
 * codes and ids stay behind the event's "Detalles técnicos".
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditEventDto, LabelledAuditEventDto, UserListItemDto } from '../../../../shared/dto/admin.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { auditWords, type AuditWord } from '../../../../shared/i18n/client/auditWords.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { listUsers } from '../../api/users.js';
import { translator } from '../../i18n/index.js';
import { agencyLabel } from '../../state/agencies.js';
import { SelectField } from '../../ui/Field.js';

const t = translator(admin);
const w = translator(auditWords);

export const TARGET_TYPES = ['user', 'alert', 'agency', 'contact', 'access_request', 'watch', 'search', 'audit', 'statistics'] as const;

const isWord = (key: string): key is AuditWord => key in auditWords.es;

/** What happened, in words; an action without words reads "Otra acción". */
export const actionText = (action: string): string => w(isWord(action) ? action : 'otherAction');

/** The kind of record, in words. */
export const resourceKindText = (type: string): string => {
  const key = `res_${type}`;
  return w(isWord(key) ? key : 'res_other');
};

export const actorText = (e: LabelledAuditEventDto): string =>
  e.actorId === null || e.actorId === 'system' ? t('system') : (e.actorName ?? t('unknownPerson'));

export const agencyText = (e: LabelledAuditEventDto): string | null =>
  e.agencyName ?? (e.actorAgencyId ? agencyLabel(e.actorAgencyId) : null);

/** "Cuenta: Ana Gómez (ana@…)", "Alerta: AR-2026-000123", "Evento N.º 12"; "—" when none. */
export function targetText(e: LabelledAuditEventDto): string {
  if (!e.targetType) return '—';
  if (e.targetType === 'audit' && e.targetId) return t('eventN', { seq: e.targetId });
  const kind = resourceKindText(e.targetType);
  return e.targetLabel ? `${kind}: ${e.targetLabel}` : kind;
}

/** The codes behind the words, for the "Detalles técnicos" disclosure. */
export const technicalFields = (e: AuditEventDto) => ({
  action: e.action,
  actorId: e.actorId,
  actorAgencyId: e.actorAgencyId,
  targetType: e.targetType,
  targetId: e.targetId,
  ip: e.ip,
  requestId: e.requestId,
  hash: e.hash,
  prevHash: e.prevHash,
  details: e.details,
  ...(e.personalErased ? { personalErased: e.personalErased } : {}),
});

/** Accounts to filter by, by name (the first page the API allows; an agency admin's own agency). */
export function PersonSelect({ value, onValue }: { value: string; onValue: (v: string) => void }) {
  const [people, setPeople] = useState<UserListItemDto[]>([]);
  useEffect(() => {
    listUsers({}, null, LIMITS.pageMax).then(
      (page) => setPeople(page.items),
      () => setPeople([]),
    );
  }, []);
  const options: Array<readonly [string, string]> = [
    ['system', t('system')],
    ...people.map((p) => [p.id, `${p.displayName} (${p.email})`] as const),
  ];
  if (value && !options.some(([v]) => v === value)) options.push([value, t('chosenPerson')]);
  return <SelectField id="au-actor" label={t('actorId')} value={value} onValue={onValue} options={options} empty={t('any')} />;
}
