/**
 * The parts of an alert that a restricted alert keeps for viewers with restricted access
 * (PRODUCT.md "sensitivity"), zod-free so the client uses the same list: the server withholds
 * them from other viewers (server/presenters/alert.presenter.ts), and the client never writes
 * them to the device (client/src/live/offlineCopies.ts).
 */

/** Victim fields that identify a person. */
export const VICTIM_IDENTITY_FIELDS = ['givenNames', 'familyNames', 'mothersName', 'aliases', 'dateOfBirth', 'documents'] as const;
