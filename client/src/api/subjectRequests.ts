/** Data-subject requests (system administrators): open, list, decide, findings, rectify, erase, close. */
import type { Page } from '../../../shared/dto/alert.js';
import type { SubjectFindingsDto, SubjectRequestDto } from '../../../shared/dto/subjectRequest.js';
import type { AlertTextField, OpenSubjectRequestInput, SubjectRectification } from '../../../shared/schemas/subjectRequests.js';
import { get, post } from './http.js';

const base = (id: string) => `/subject-requests/${encodeURIComponent(id)}`;

export const listSubjectRequests = () => get<Page<SubjectRequestDto>>('/subject-requests?limit=50');
export const openSubjectRequest = (input: OpenSubjectRequestInput) => post<SubjectRequestDto>('/subject-requests', input);
export const getSubjectRequest = (id: string) => get<SubjectRequestDto>(base(id));
export const decideSubjectRequest = (id: string, decision: 'approve' | 'refuse', note?: string) =>
  post<SubjectRequestDto>(`${base(id)}/decision`, { decision, ...(note ? { note } : {}) });
export const subjectFindings = (id: string) => get<SubjectFindingsDto>(`${base(id)}/findings`);
export const rectifySubject = (id: string, alertId: string, subjectId: string, changes: SubjectRectification) =>
  post<SubjectRequestDto>(`${base(id)}/rectify`, { alertId, subjectId, changes });
export const eraseFromAlert = (
  id: string,
  body: { alertId: string; subjectIds: string[]; phones: string[]; updateIds: string[]; texts: AlertTextField[] },
) => post<SubjectRequestDto>(`${base(id)}/erase`, body);
export const completeSubjectRequest = (id: string) => post<SubjectRequestDto>(`${base(id)}/complete`);
/** Where the browser downloads an export (each download is audited by the server). */
export const exportUrl = (id: string, format: 'pdf' | 'json') => `/api/v1${base(id)}/export?format=${format}`;
