/**
 * What a push message carries to a device (docs/security.md "Issue 24 — what reaches the officer"):
 * no personal data — the kind of event, the alert's kind, priority and reference, and where to go.
 */
export type PushTopic = 'urgent_alert' | 'alert_hit' | 'watch_hit' | 'access_decision';

export interface PushPayload {
  topic: PushTopic;
  title: string;
  body: string;
  /** A path of the app, opened when the notification is tapped. */
  url: string;
  /** Notifications with the same tag replace each other on the device. */
  tag: string;
}

export interface PushKeyDto {
  /** The VAPID public key, base64url, for pushManager.subscribe's applicationServerKey. */
  publicKey: string;
}
