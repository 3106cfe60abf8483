/** Web Push subscriptions as the browser hands them over (PushSubscription.toJSON()). */
import { z } from 'zod';

/** base64url without padding, as browsers encode subscription keys. */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** A push service's URL; whether plain http is accepted is the server's decision (config). */
export const pushEndpoint = z.url().max(1024);

export const pushSubscribeSchema = z.strictObject({
  endpoint: pushEndpoint,
  /** Browsers send `expirationTime` (almost always null); accepted and ignored. */
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    // An uncompressed P-256 point (65 bytes) and a 16-byte secret, per RFC 8291.
    p256dh: base64url(86, 88),
    auth: base64url(22, 24),
  }),
  /** A short label of the device for the user's own list (e.g. "Chrome en Android"). */
  label: z.string().trim().max(80).optional(),
});
export type PushSubscribeInput = z.infer<typeof pushSubscribeSchema>;

export const pushUnsubscribeSchema = z.strictObject({ endpoint: pushEndpoint });
export type PushUnsubscribeInput = z.infer<typeof pushUnsubscribeSchema>;
