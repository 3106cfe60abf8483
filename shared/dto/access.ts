/**
 * Access requests as they leave the server (API.md "Search", docs/api-extensions.md "Access
 * grants expire"): lists, decision and revocation answers, `access:request` and `access:decision`.
 */
import type { AlertKind } from './alert.js';

/** `lapsed`: a grant past `expiresAt`; `revoked`: a grant ended early by the origin agency. */
export type AccessRequestStatus = 'pending' | 'granted' | 'refused' | 'lapsed' | 'revoked';

export interface AccessRequestDto {
  id: string;
  alertId: string;
  /** The alert's reference and kind (null if the alert is gone). */
  reference: string | null;
  kind: AlertKind | null;
  originAgencyId: string;
  requesterId: string;
  requesterAgencyId: string;
  /** The requester's display name when asking, for the agency that decides (null on requests from before it was kept). */
  requesterName: string | null;
  reason: string;
  status: AccessRequestStatus;
  note: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** When a grant lapses by itself; null unless granted (and on grants from before expiry existed). */
  expiresAt: string | null;
  /** When and by whom (`system` for a lapse) a grant ended, with the revoker's note. */
  endedAt: string | null;
  endedBy: string | null;
  endNote: string | null;
  createdAt: string;
}
