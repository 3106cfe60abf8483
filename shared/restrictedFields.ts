/**
 * Which people of an alert are restricted, and the parts a restricted alert keeps for viewers with
 * restricted access (PRODUCT.md "sensitivity"), zod-free so the client uses the same rule: the
 * server withholds them from other viewers (server/alerts/restrictedSubjects.ts, used by the
 * presenter, search, index keys and watches), and the client never writes them to the device
 * (client/src/live/offlineCopies.ts).
 */
import type { SUBJECT_ROLES } from './schemas/alertEnums.js';

/** Subject roles whose identity (and photo) goes wherever the alert goes; any other — a victim, an unknown value — does not. */
export const OPEN_SUBJECT_ROLES: readonly string[] = ['suspect', 'witness', 'other'] satisfies (typeof SUBJECT_ROLES)[number][];

/** Whether a subject is restricted: on a restricted alert, anyone but a suspect, witness or other person (a victim). */
export function isRestrictedSubject(a: { sensitivity: string }, s: { role: string }): boolean {
  return a.sensitivity === 'restricted' && !OPEN_SUBJECT_ROLES.includes(s.role);
}

/** Victim fields that identify a person. */
export const VICTIM_IDENTITY_FIELDS = ['givenNames', 'familyNames', 'mothersName', 'aliases', 'dateOfBirth', 'documents'] as const;
