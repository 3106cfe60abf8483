/**
 * Who may see a photo of an alert (SECURITY.md, issue 23 F0): on a restricted alert a photo is
 * shown without restricted access only when it is linked to a person who is not a victim, or
 * marked as showing no person; everything else fails closed. Pure, so the server decides with it
 * in every channel and the new-alert form tells the poster who will see each photo.
 */
import type { PHOTO_SHOWS } from './schemas/alertEnums.js';
import { isRestrictedSubject } from './restrictedFields.js';

export type PhotoShows = (typeof PHOTO_SHOWS)[number];

export interface PhotoFacts {
  sensitivity: string;
  /** The role of the subject the photo is linked to; null when it is linked to none; `gone` when its subject was dropped. */
  linkedRole: string | null | 'gone';
  /** What the poster said it shows; absent on photos stored before the question was asked. */
  shows: PhotoShows | null | undefined;
}

/** True when only viewers with restricted access may see the photo. */
export function photoIsRestricted(f: PhotoFacts): boolean {
  if (f.sensitivity !== 'restricted') return false;
  // A photo of a person is restricted as that person is (restrictedFields.ts); a dropped one (`gone`) is too.
  if (f.linkedRole !== null) return isRestrictedSubject(f, { role: f.linkedRole });
  return f.shows !== 'no_person';
}
