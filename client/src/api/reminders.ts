/** An agency's reminders: hits not acknowledged in time, alerts whose review date is near, one-click review. */
import type { OverdueHitDto } from '../../../shared/dto/admin.js';
import type { AlertDto, AlertRetentionDueDto, AlertSummaryDto, Page } from '../../../shared/dto/alert.js';
import { get, post } from './http.js';

export const listOverdueHits = () => get<Page<OverdueHitDto>>('/alerts/overdue-hits');
export const listReviewDue = () => get<Page<AlertSummaryDto>>('/alerts/review-due');
/** Closed alerts of the agency whose personal data is purged within 120 days (docs/security.md "Retention"). */
export const listRetentionDue = () => get<Page<AlertRetentionDueDto>>('/alerts/retention-due');
export const reviewAlert = (id: string) => post<AlertDto>(`/alerts/${encodeURIComponent(id)}/review`);
