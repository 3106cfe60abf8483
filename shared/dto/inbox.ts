/** One inbox item as the recipient sees it. Text is rendered by the client from `kind` and `data`. */
import type { InboxKind, InboxSubjectType } from '../schemas/inbox.js';

/** Small facts the client renders: references and kinds, never a person's data. */
export interface InboxItemData {
  reference?: string;
  hitType?: string | null;
  status?: string;
  /** The other alert of a match, when it may be seen. */
  otherReference?: string;
  /** Roles a grant waits for (role names only). */
  roles?: string[];
  /** A protected person's check: the agency that checked, and where, as its officer typed it. */
  agencyName?: string;
  place?: string;
  /** Retention notices: when the alert's personal data is purged, and how many days before it was sent. */
  purgeAt?: string;
  daysBefore?: number;
}

export interface InboxItemDto {
  id: string;
  kind: InboxKind;
  /** What the item is about; null when the reader may no longer see it (`available: false`). */
  subject: { type: InboxSubjectType; id: string } | null;
  data: InboxItemData;
  available: boolean;
  read: boolean;
  createdAt: string;
}

export interface InboxPageDto {
  items: InboxItemDto[];
  nextCursor: string | null;
  unread: number;
}
