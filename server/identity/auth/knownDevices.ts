/**
 * "New sign-in from a new device": a device is the browser's User-Agent, digested (never stored as
 * such). The first sign-in of an account learns its device without telling anyone.
 */

import { createHash } from 'node:crypto';
import { isDuplicateKeyError } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export const deviceDigest = (userAgent: string | undefined) =>
  createHash('sha256')
    .update(userAgent ?? '')
    .digest('base64url')
    .slice(0, 22);

/** Learns the device of this sign-in; tells the owner when it is new and not the account's first. */
export async function noteSignInDevice(
  instance: Instance,
  userId: string,
  userAgent: string | undefined,
  signedInBefore: boolean,
): Promise<void> {
  const { KnownDevice } = instance.models.identity;
  const digest = deviceDigest(userAgent);
  try {
    await KnownDevice.create({ _id: `${userId}:${digest}`, userId, firstSeenAt: new Date() });
  } catch (err) {
    if (isDuplicateKeyError(err)) return; // known device
    throw err;
  }
  if (signedInBefore) await instance.events.noteInboxCause({ kind: 'new_device_sign_in', userId, deviceKey: digest });
}
