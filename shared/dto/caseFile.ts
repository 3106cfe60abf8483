/**
 * An alert's case file for court (issue 29; docs/api-extensions.md "Case file for court"): what
 * `GET /api/v1/alerts/:id/case-file.json` answers and what the PDF carries as its attachment. The
 * `content` is exactly what the exporter may see in the app; `provenance` says who exported it,
 * when, under which audit event, and the SHA-256 of `content` that event records.
 */
import type { AlertDto, AlertKind, AlertMatchDto, AlertStatus, AlertViewDto, PhotoRefDto } from './alert.js';

export const CASE_FILE_FORMAT = 'puente.case-file/1';

/** The audit action an export is recorded as. */
export const CASE_FILE_AUDIT_ACTION = 'alert.case_file_export';

/** An agency the file names (by id elsewhere in it). */
export interface CaseFileAgency {
  id: string;
  name: string;
  shortName: string;
  country: string;
}

/** A photo the exporter may see, with the SHA-256 of its stored bytes (null: the file is gone). */
export interface CaseFilePhoto extends PhotoRefDto {
  sha256: string | null;
}

/** A match with another alert the exporter may see, and what they may read of that alert anyway. */
export interface CaseFileMatch extends AlertMatchDto {
  kind: AlertKind;
  status: AlertStatus;
  originAgencyId: string;
}

/** One of the exporter's own watches that this alert matches. */
export interface CaseFileWatchHit {
  id: string;
  kind: string;
  value: string;
  createdAt: string;
}

export interface CaseFileContent {
  format: typeof CASE_FILE_FORMAT;
  /** The alert as `GET /alerts/:id` shows it to the exporter (without `abilities` and `cursor`). */
  alert: Omit<AlertDto, 'abilities' | 'cursor' | 'photos'> & { photos: CaseFilePhoto[] };
  issuingAgency: CaseFileAgency;
  /** Every agency the file refers to by id (origin, distribution, history, updates, matches, views). */
  agencies: CaseFileAgency[];
  /** False when victims' identity on this restricted alert is withheld from the exporter (as in the app). */
  restrictedIdentityShown: boolean;
  matches: CaseFileMatch[];
  watchHits: CaseFileWatchHit[];
  /** Who viewed or exported the alert before this export (newest first); null when the exporter's agency may not see the list (only the issuing agency may). */
  views: AlertViewDto[] | null;
}

export interface CaseFileProvenance {
  exportedBy: { userId: string; name: string; agencyId: string; agencyName: string; country: string };
  exportedAt: string;
  /** The sequence number of this export's own event in the audit trail. */
  auditSeq: number;
  auditAction: typeof CASE_FILE_AUDIT_ACTION;
  /** SHA-256 (hex) of the canonical JSON of `content`: keys sorted at every depth, no whitespace, UTF-8. */
  contentSha256: string;
  /** How to check it, in Spanish. */
  verify: string;
}

export interface CaseFileJson {
  content: CaseFileContent;
  provenance: CaseFileProvenance;
}
