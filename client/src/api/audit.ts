/** /api/v1/audit: the trail (filters, one event) and the chain verification. */
import type { AuditVerifyDto, LabelledAuditEventDto } from '../../../shared/dto/admin.js';
import type { Page } from '../../../shared/dto/alert.js';
import { get, query } from './http.js';

export interface AuditFilters {
  actorId?: string;
  agencyId?: string;
  action?: string;
  outcome?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export const listAudit = (filters: AuditFilters, cursor?: string | null, limit = 20) =>
  get<Page<LabelledAuditEventDto>>(`/audit${query({ ...filters, cursor, limit })}`);
export const getAuditEvent = (seq: number) => get<LabelledAuditEventDto>(`/audit/${seq}`);
export const verifyAudit = () => get<AuditVerifyDto>('/audit/verify');
