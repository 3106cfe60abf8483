/**
 * Restricted subjects on the server (PRODUCT.md "sensitivity"). Which subjects are restricted, and
 * which of their fields identify them, is the shared rule (shared/restrictedFields.ts); whether a
 * reader has restricted access to an alert is alert.policy.ts `canSeeRestricted`. The presenter
 * withholds the identity, search and watches match without it, the index files its keys apart
 * (class `v`) and protected hits are about it: each through these functions.
 */
import { isRestrictedSubject } from '../../shared/restrictedFields.js';
import type { AlertDoc, AlertSubject } from './Alert.js';

export { isRestrictedSubject, VICTIM_IDENTITY_FIELDS } from '../../shared/restrictedFields.js';

type Subjects = Pick<AlertDoc, 'sensitivity' | 'subjects'>;

/** Whether a reader sees this subject's identity: always an unrestricted one's; a restricted one's only with restricted access. */
export const identityShown = (a: Pick<AlertDoc, 'sensitivity'>, s: AlertSubject, restrictedAccess: boolean): boolean =>
  restrictedAccess || !isRestrictedSubject(a, s);

/** The subjects whose identity a reader may use (search, watches): all with restricted access, else the unrestricted ones. */
export const usableSubjects = (a: Subjects, restrictedAccess: boolean): AlertSubject[] =>
  restrictedAccess ? a.subjects : a.subjects.filter((s) => !isRestrictedSubject(a, s));

/** The alert's restricted subjects. */
export const restrictedSubjectsOf = (a: Subjects): AlertSubject[] => a.subjects.filter((s) => isRestrictedSubject(a, s));
