/** An agency's reminders: hits not acknowledged in time, alerts whose review date is near, one-click review. */
import type { OverdueHitDto } from '../../../shared/dto/admin.js';
import type { AlertDto, AlertSummaryDto, Page } from '../../../shared/dto/alert.js';
import { get, post } from './http.js';

export const listOverdueHits = () => get<Page<OverdueHitDto>>('/alerts/overdue-hits');
export const listReviewDue = () => get<Page<AlertSummaryDto>>('/alerts/review-due');
export const reviewAlert = (id: string) => post<AlertDto>(`/alerts/${encodeURIComponent(id)}/review`);
