/** Data-subject requests over the API (docs/data-subject-requests.md, docs/api-extensions.md). */
import type { AlertTextField, SubjectRequestLaw, SubjectRequestStatus, SubjectRight } from '../schemas/subjectRequests.js';
import type { DocumentDto, SubjectDto } from './alert.js';

export interface SubjectRequestActionDto {
  at: string;
  by: string;
  byName: string | null;
  kind: 'export' | 'rectify' | 'erase' | 'complete';
  alertId: string | null;
  reference: string | null;
  summary: Record<string, unknown>;
  auditSeq: number;
}

export interface SubjectRequestDto {
  id: string;
  number: string;
  law: SubjectRequestLaw;
  right: SubjectRight;
  reference: string | null;
  /** Null once a completed suppression erased them (`queryErased`). */
  identifier: string | null;
  name: string | null;
  queryErased: boolean;
  status: SubjectRequestStatus;
  openedBy: string;
  openedByName: string | null;
  openedAt: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  completedAt: string | null;
  actions: SubjectRequestActionDto[];
  /** What the caller may do now: decide (the second administrator), act and complete (once approved). */
  abilities: { decide: boolean; act: boolean; complete: boolean };
}

export type MatchedOnDto = 'document' | 'phone' | 'name';

export interface FoundSubjectDto {
  subjectId: string;
  /** Position in the alert (0-based). */
  index: number;
  matchedOn: MatchedOnDto[];
  subject: SubjectDto;
}

export interface FoundUpdateDto {
  id: string;
  kind: 'note' | 'hit';
  at: string;
  agencyId: string;
  text: string;
  matchedOn: MatchedOnDto[];
}

/** The alert's own free text that names the person (its title, summary, …). */
export interface FoundTextDto {
  field: AlertTextField;
  text: string;
  matchedOn: MatchedOnDto[];
}

export interface FoundAlertDto {
  id: string;
  reference: string;
  title: string;
  status: string;
  originAgencyId: string;
  originAgencyName: string | null;
  originCountry: string;
  subjects: FoundSubjectDto[];
  phones: Array<{ phone: string; e164: string | null }>;
  updates: FoundUpdateDto[];
  texts: FoundTextDto[];
}

export interface FoundContactDto {
  id: string;
  agencyId: string;
  agencyName: string | null;
  kind: string;
  name: string;
  unit: string | null;
  position: string | null;
  phones: Array<{ number: string; e164: string }>;
  emails: string[];
  matchedOn: MatchedOnDto[];
}

export interface FoundAuditEventDto {
  seq: number;
  at: string;
  action: string;
  actorId: string | null;
  actorAgencyId: string | null;
  matchedOn: MatchedOnDto[];
  /** Where in the event's details the person was found (e.g. `q`, `textParts[0]`). */
  paths: string[];
  /** The event's details with its personal part (what it records). */
  details: Record<string, unknown>;
  /** Whether the person is in the event's erasable personal part (format 2); false for older events. */
  erasable: boolean;
  /** Set when the personal part was already erased. */
  erased: boolean;
}

export interface SubjectFindingsDto {
  request: { id: string; number: string; law: SubjectRequestLaw; right: SubjectRight };
  generatedAt: string;
  query: { identifier: string | null; name: string | null; documents: string[]; phones: string[]; nameTokens: string[] };
  alerts: FoundAlertDto[];
  contacts: FoundContactDto[];
  auditEvents: FoundAuditEventDto[];
  /** Counts, for the screen and the export's summary. */
  counts: { alerts: number; subjects: number; phones: number; updates: number; contacts: number; auditEvents: number };
}

/** The JSON export: the findings and how they were produced (audited as event `auditSeq`). */
export interface SubjectExportJson {
  format: 'puente-solicitud-titular/1';
  findings: SubjectFindingsDto;
  provenance: { exportedBy: { userId: string; name: string }; exportedAt: string; auditSeq: number; contentSha256: string };
}

export type { DocumentDto };
