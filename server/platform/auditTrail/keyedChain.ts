/**
 * Which hash each event of the trail must carry, for verifyAuditChain (auditTrail.ts), walking the
 * events in order:
 * - events without `keyId` (written before the trail was keyed) carry SHA-256 and may only come
 *   before every keyed one: a trail never goes back to plain hashes, so a rewrite without the key
 *   cannot pass for one of them;
 * - a keyed event carries the HMAC under the key its `keyId` names, which the verifier must hold
 *   (AUDIT_KEY or AUDIT_KEY_PREVIOUS);
 * - the key only changes at a rotation event keyed with the new key, and never back to a key the
 *   trail has left: someone holding a retired (perhaps leaked) key can forge nothing after it;
 * - a verifier holding AUDIT_KEY refuses a non-empty trail with no keyed event at all: a server
 *   keys the trail at its first start with a key, so only a rewrite without the key leaves one.
 */
import type { AuditKeyring } from './auditKeys.js';
import { auditHash, auditMac, type HashedAuditFields } from './canonical.js';

/** An event as the chain sees it: the hashed fields (details without any personal part), its hash,
 * and, on format 2, the commitment to its personal part the MAC covers instead of the part. */
export interface ChainedEvent extends HashedAuditFields {
  hash: string;
  personalCommit?: string;
}

/** The action of the event that starts a key's part of the trail. */
export const KEY_ROTATED_ACTION = 'audit.key_rotated';

export interface KeyedChainCheck {
  /** Why this event (the next in the chain, its stored `keyId` as read) breaks the rules, or null. */
  event(dto: ChainedEvent, keyId: unknown): string | null;
  /** Why a trail of `checked` sound events breaks them, or null (at its end). */
  end(checked: number): string | null;
  /** Events verified by their plain SHA-256 (written before the trail was keyed). */
  readonly unkeyed: number;
  /** The key id of the last failure, when it was a key the verifier does not hold. */
  readonly unknownKeyId: string | null;
}

function announces(dto: ChainedEvent, keyId: string): boolean {
  return dto.action === KEY_ROTATED_ACTION && dto.details.keyId === keyId;
}

export function keyedChainCheck(ring: AuditKeyring): KeyedChainCheck {
  /** The key of the last keyed event; null while none was met. */
  let inUse: string | null = null;
  const left = new Set<string>();
  let unkeyed = 0;
  let unknownKeyId: string | null = null;

  const event = (dto: ChainedEvent, keyId: unknown): string | null => {
    if (keyId === undefined || keyId === null) {
      if (dto.personalCommit !== undefined) return 'it has a personal part (format 2) but no keyed hash';
      if (inUse) return `its hash is plain SHA-256 (no key) after events keyed with ${inUse}: it was written without the audit key`;
      if (auditHash(dto) !== dto.hash) return 'its content does not match its hash';
      unkeyed++;
      return null;
    }
    if (typeof keyId !== 'string') return 'the stored event is malformed';
    const key = ring.byId.get(keyId);
    if (!key) {
      unknownKeyId = keyId;
      return `its hash is keyed with key ${keyId}, which is neither AUDIT_KEY nor in AUDIT_KEY_PREVIOUS (a forged event, or that key is not configured here)`;
    }
    if (auditMac(dto, key.key, keyId, dto.personalCommit) !== dto.hash) return 'its content does not match its hash';
    if (inUse !== null && keyId !== inUse) {
      if (!announces(dto, keyId))
        return `its hash is keyed with key ${keyId} but the trail uses key ${inUse} and no rotation event announces the change`;
      if (left.has(keyId))
        return `its hash is keyed with key ${keyId}, which the trail rotated away from: a rotation never returns to an earlier key`;
      left.add(inUse);
    }
    inUse = keyId;
    return null;
  };

  const end = (checked: number): string | null =>
    ring.current && checked > 0 && inUse === null
      ? 'no event has a keyed hash although AUDIT_KEY is set: if no Puente has run since the key was set, start one ' +
        '(it keys the trail from its next event) and verify again; otherwise the trail was rewritten without the key'
      : null;

  return {
    event,
    end,
    get unkeyed() {
      return unkeyed;
    },
    get unknownKeyId() {
      return unknownKeyId;
    },
  };
}
