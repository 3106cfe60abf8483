/** This device's Web Push subscription (docs/api-extensions.md "Web Push"). */
import type { PushKeyDto } from '../../../shared/dto/push.js';
import { get, post, request } from './http.js';

export const pushKey = () => get<PushKeyDto>('/push/key');
export const savePushSubscription = (subscription: PushSubscriptionJSON, label: string) =>
  post<void>('/push/subscriptions', { ...subscription, label });
export const deletePushSubscription = (endpoint: string) => request<void>('DELETE', '/push/subscriptions', { endpoint });
