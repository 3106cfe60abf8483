/**
 * An alert's budget of updates (issue #10 item 8) and its shares (issue #23 F5): the whole alert
 * holds ALERT_LIMITS.updatesPerAlert updates and updateBytesPerAlert bytes; within that, notes
 * leave room for hits, partner agencies leave room for the origin agency, and one partner agency
 * may use only its own share (half of it for notes). A hidden note keeps its place in the count
 * but weighs nothing any more (its text is no longer held).
 */
import { ALERT_LIMITS, UPDATE_SHARES } from '../../shared/schemas/alerts.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { AlertUpdateEntry } from './Alert.js';

export type BudgetedUpdate = Pick<AlertUpdateEntry, 'kind' | 'agencyId' | 'text' | 'location'>;

/** What an update weighs against the alert's bound: the UTF-8 bytes of its text and location. */
export const updateBytes = (u: Pick<AlertUpdateEntry, 'text' | 'location'>): number =>
  Buffer.byteLength(JSON.stringify({ text: u.text, location: u.location ?? null }));

interface Share {
  /** The fraction of the alert's count and bytes the members may use together. */
  fraction: number;
  /** Whether an update counts against this share, for a new update by `agencyId` on an alert from `originAgencyId`. */
  member: (u: BudgetedUpdate, originAgencyId: string, agencyId: string) => boolean;
  code: ErrorCode;
  message: string;
}

const isNote = (u: BudgetedUpdate) => u.kind === 'note';
const byPartner = (u: BudgetedUpdate, origin: string) => u.agencyId !== origin;
const byPoster = (u: BudgetedUpdate, origin: string, agencyId: string) => agencyId !== origin && u.agencyId === agencyId;

/** The most specific first: a partner over its own share is told so. */
const SHARES: Share[] = [
  {
    fraction: UPDATE_SHARES.agencyNotes,
    member: (u, o, a) => isNote(u) && byPoster(u, o, a),
    code: 'agency_share_full',
    message: 'your agency has used its share of notes on this alert; hits are still accepted',
  },
  {
    fraction: UPDATE_SHARES.agencyUpdates,
    member: byPoster,
    code: 'agency_share_full',
    message: 'your agency has used its share of updates on this alert',
  },
  {
    fraction: UPDATE_SHARES.partnerNotes,
    member: (u, o) => isNote(u) && byPartner(u, o),
    code: 'alert_full',
    message: 'partner agencies have used their share of notes on this alert; hits are still accepted',
  },
  {
    fraction: UPDATE_SHARES.partnerUpdates,
    member: byPartner,
    code: 'alert_full',
    message: 'the rest of this alert is kept for the originating agency',
  },
  { fraction: UPDATE_SHARES.allNotes, member: isNote, code: 'alert_full', message: 'the rest of this alert is kept for hits' },
  { fraction: 1, member: () => true, code: 'alert_full', message: 'this alert has reached its limit of updates' },
];

/** The share a new update would overflow, or null when it fits every share it belongs to. */
export function overflownShare(
  alert: { originAgencyId: string; updates: readonly BudgetedUpdate[] },
  next: BudgetedUpdate,
): Pick<Share, 'code' | 'message'> | null {
  for (const share of SHARES) {
    const member = (u: BudgetedUpdate) => share.member(u, alert.originAgencyId, next.agencyId);
    if (!member(next)) continue;
    const members = alert.updates.filter(member);
    const count = members.length + 1;
    const bytes = members.reduce((sum, u) => sum + updateBytes(u), updateBytes(next));
    if (
      count > Math.floor(ALERT_LIMITS.updatesPerAlert * share.fraction) ||
      bytes > Math.floor(ALERT_LIMITS.updateBytesPerAlert * share.fraction)
    )
      return { code: share.code, message: share.message };
  }
  return null;
}
