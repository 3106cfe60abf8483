/**
 * An alert's case file for court (issue 29): everything the exporter may see of the alert — the
 * record as the presenter gives it to them (alert.presenter.ts, the allow-list), history, updates
 * and hits, photos, matches, their own watch hits, and who viewed it when their agency may see
 * that list — with a provenance block. The export is one audit event (`alert.case_file_export`)
 * that records the SHA-256 of the content, and it is listed in "who viewed this alert" as an export.
 */
import { createHash } from 'node:crypto';
import {
  CASE_FILE_AUDIT_ACTION,
  CASE_FILE_FORMAT,
  type CaseFileAgency,
  type CaseFileContent,
  type CaseFileJson,
  type CaseFilePhoto,
} from '../../../shared/dto/caseFile.js';
import { COUNTRY_ZONES } from '../../../shared/time.js';
import {
  canSeeRestricted,
  listAlertViews,
  loadAlertFor,
  photoBytesFor,
  presentAlert,
  recordAlertView,
  type AlertDoc,
} from '../../alerts/index.js';
import { agenciesByIds, userById } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { ownWatchesMatching, visibleMatchesOf } from '../../search/index.js';
import { caseFileDigest } from './caseFileVerify.js';
import type { Instance } from '../../platform/instance.js';

export type CaseFileFormat = 'pdf' | 'json';

/** An export, ready to be sent: its JSON form, and what the PDF needs besides. */
export interface CaseFileExport {
  json: CaseFileJson;
  /** The exporter's time zone (My account, else their country's): the PDF shows times in it. */
  zone: string;
  /** `puente-<reference>-expediente` (the extension is the format's). */
  baseName: string;
  /** The bytes of one of the file's photos, checked again for this exporter; null when gone. */
  photo: (photoId: string) => Promise<{ mime: string; data: Buffer } | null>;
}

const UNKNOWN_AGENCY = (id: string): CaseFileAgency => ({ id, name: 'Organismo desconocido', shortName: '', country: '' });

/** The case file's content for this exporter, as plain JSON (what the JSON form carries and the hash covers). */
async function caseFileContent(
  instance: Instance,
  actor: Actor,
  alert: AlertDoc,
): Promise<{ content: CaseFileContent; names: Map<string, CaseFileAgency> }> {
  const { abilities, cursor: _cursor, photos, ...shown } = presentAlert(instance, alert, actor);
  const alertId = String(alert._id);
  const [matches, watchHits, views] = await Promise.all([
    visibleMatchesOf(instance, actor, alert),
    ownWatchesMatching(instance, actor, alert),
    // Who viewed the alert is the issuing agency's list (policy `viewViews`), as in the app.
    abilities.viewViews ? listAlertViews(instance, actor, alertId).then((page) => page.items) : Promise.resolve(null),
  ]);
  // One photo at a time: the file holds up to 40, of up to a few megabytes each.
  const hashed: CaseFilePhoto[] = [];
  for (const p of photos) {
    const bytes = await photoBytesFor(instance, actor, alert, p.id);
    hashed.push({ ...p, sha256: bytes ? createHash('sha256').update(bytes.data).digest('hex') : null });
  }
  const referenced = [
    shown.originAgencyId,
    ...shown.distribution.agencyIds,
    ...shown.history.map((h) => h.agencyId),
    ...shown.updates.map((u) => u.agencyId),
    ...matches.map((m) => m.originAgencyId),
    ...(views ?? []).map((v) => v.agencyId),
  ];
  const found = await agenciesByIds(instance, [...referenced, actor.agencyId], ['name', 'shortName', 'country']);
  const names = new Map<string, CaseFileAgency>(
    found.map((a) => [String(a._id), { id: String(a._id), name: a.name, shortName: a.shortName, country: a.country }]),
  );
  const agencies = [...new Set(referenced)]
    .map((id) => names.get(id))
    .filter((a): a is CaseFileAgency => !!a)
    .sort((a, b) => a.name.localeCompare(b.name, 'es') || (a.id < b.id ? -1 : 1));
  const content: CaseFileContent = {
    format: CASE_FILE_FORMAT,
    alert: { ...shown, photos: hashed },
    issuingAgency: names.get(shown.originAgencyId) ?? UNKNOWN_AGENCY(shown.originAgencyId),
    agencies,
    restrictedIdentityShown: canSeeRestricted(actor, alert),
    matches,
    watchHits,
    views,
  };
  // Exactly the JSON form (Dates as ISO strings, no undefined members): what is hashed is what is sent.
  return { content: JSON.parse(JSON.stringify(content)) as CaseFileContent, names };
}

/** How to check a case file, in Spanish (the provenance's `verify`, also printed in the PDF). */
export function verifyInstructions(baseName: string, seq: number, sha256: string): string {
  return (
    `Con el archivo JSON (${baseName}.json, que el PDF lleva adjunto: pdfdetach -saveall), un administrador del sistema ` +
    `ejecuta en el servidor «npx puente audit-verify --case-file ${baseName}.json»: verifica la cadena de auditoría completa, ` +
    `que el evento N.º ${seq} registra esta exportación y que la huella SHA-256 del contenido coincide con la registrada. ` +
    `Sin el JSON: «npx puente audit-verify --seq ${seq} --sha256 ${sha256}».`
  );
}

/**
 * Exports an alert's case file (prosecutors of an agency the alert reaches: alert.policy
 * `exportCaseFile`). Audited before anything is sent, then listed in the alert's views as an export.
 */
export async function exportCaseFile(instance: Instance, actor: Actor, alertId: string, format: CaseFileFormat): Promise<CaseFileExport> {
  const alert = await loadAlertFor(instance, actor, alertId, 'exportCaseFile');
  const [{ content, names }, me] = await Promise.all([
    caseFileContent(instance, actor, alert),
    userById(instance, actor.id, ['displayName', 'timeZone']),
  ]);
  const contentSha256 = caseFileDigest(content);
  const event = await recordAudit(instance, {
    actor,
    action: CASE_FILE_AUDIT_ACTION,
    targetType: 'alert',
    targetId: alertId,
    details: {
      reference: alert.reference,
      format,
      contentSha256,
      restrictedIdentityShown: content.restrictedIdentityShown,
      photos: content.alert.photos.length,
      updates: content.alert.updates.length,
    },
  });
  await recordAlertView(instance, alertId, actor, 'export', event.seq);
  const baseName = `puente-${alert.reference}-expediente`;
  const agency = names.get(actor.agencyId);
  return {
    json: {
      content,
      provenance: {
        exportedBy: {
          userId: actor.id,
          name: me?.displayName ?? 'Cuenta desconocida',
          agencyId: actor.agencyId,
          agencyName: agency?.name ?? 'Organismo desconocido',
          country: actor.country,
        },
        exportedAt: event.at,
        auditSeq: event.seq,
        auditAction: CASE_FILE_AUDIT_ACTION,
        contentSha256,
        verify: verifyInstructions(baseName, event.seq, contentSha256),
      },
    },
    zone: me?.timeZone ?? COUNTRY_ZONES[actor.country],
    baseName,
    photo: (photoId) => photoBytesFor(instance, actor, alert, photoId),
  };
}
