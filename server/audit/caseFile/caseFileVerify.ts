/**
 * Checking a case file against the audit trail (`puente audit-verify --case-file F`, or `--seq N
 * --sha256 H` with what a printed PDF shows). The content's hash is recomputed from the file, and
 * the export's own audit event must record that hash, for that alert; `audit-verify` checks the
 * whole chain first, so the event itself is known untampered.
 */
import { CASE_FILE_AUDIT_ACTION } from '../../../shared/dto/caseFile.js';
import { getAuditEvent } from '../../platform/auditTrail/auditTrail.js';
import { canonicalJson, sha256Hex } from '../../platform/auditTrail/canonical.js';
import type { Instance } from '../../platform/instance.js';

/** The content's hash: SHA-256 of its canonical JSON (keys sorted at every depth, no whitespace, UTF-8). */
export const caseFileDigest = (content: unknown): string => sha256Hex(canonicalJson(content));

/** What a case file claims: its export's audit event, and the hash of its content as found in it. */
export interface CaseFileClaim {
  seq: number;
  sha256: string;
  alertId: string | null;
  reference: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a case file's JSON form; refuses one whose content no longer matches the hash it states. */
export function readCaseFile(text: string): Checked<CaseFileClaim> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, reason: 'not JSON / no es JSON' };
  }
  if (!isRecord(parsed) || !isRecord(parsed.content) || !isRecord(parsed.provenance))
    return { ok: false, reason: 'not a Puente case file (content, provenance) / no es un expediente de Puente' };
  const { content, provenance } = parsed;
  const seq = provenance.auditSeq;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1)
    return { ok: false, reason: 'provenance.auditSeq is missing / falta el número de evento' };
  const sha256 = caseFileDigest(content);
  if (provenance.contentSha256 !== sha256)
    return {
      ok: false,
      reason: `the content was changed: its SHA-256 is ${sha256}, the file states ${String(provenance.contentSha256)} / el contenido fue modificado`,
    };
  const alert = isRecord(content.alert) ? content.alert : {};
  return {
    ok: true,
    value: {
      seq,
      sha256,
      alertId: typeof alert.id === 'string' ? alert.id : null,
      reference: typeof alert.reference === 'string' ? alert.reference : null,
    },
  };
}

/** Whether audit event `seq` records the export of a case file whose content hashes to `sha256` (of alert `alertId`, when given). */
export async function checkCaseFileExport(
  instance: Instance,
  claim: Pick<CaseFileClaim, 'seq' | 'sha256'> & { alertId?: string | null },
): Promise<Checked<{ at: string; actorId: string | null; actorAgencyId: string | null; reference: string | null }>> {
  const event = await getAuditEvent(instance, claim.seq);
  if (!event) return { ok: false, reason: `audit event ${claim.seq} does not exist / el evento no existe` };
  if (event.action !== CASE_FILE_AUDIT_ACTION || event.outcome !== 'success')
    return {
      ok: false,
      reason: `audit event ${claim.seq} is not a case-file export (${event.action}) / no es una exportación de expediente`,
    };
  if (event.details.contentSha256 !== claim.sha256.toLowerCase())
    return {
      ok: false,
      reason: `audit event ${claim.seq} records another content hash (${String(event.details.contentSha256)}) / la huella no coincide`,
    };
  if (claim.alertId && event.targetId !== claim.alertId)
    return { ok: false, reason: `audit event ${claim.seq} is about another alert / el evento es de otra alerta` };
  const reference = typeof event.details.reference === 'string' ? event.details.reference : null;
  return { ok: true, value: { at: event.at, actorId: event.actorId, actorAgencyId: event.actorAgencyId, reference } };
}
