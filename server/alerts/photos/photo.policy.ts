/**
 * Which photos of an alert a viewer may see (shared/photoAccess.ts has the rule). The presenter
 * (everything an alert is presented in) and the photo bytes and thumbnails decide with these.
 */
import { photoIsRestricted } from '../../../shared/photoAccess.js';
import type { AlertDoc, AlertPhotoRef } from '../Alert.js';
import { photoSubjectId, subjectIdOf } from '../subjectLinks.js';
import { canSeeRestricted, type Viewer } from '../alert.policy.js';

/** The role of the subject the photo is linked to: null when none, `gone` when that subject was dropped. */
function linkedRole(a: Pick<AlertDoc, 'subjects'>, p: AlertPhotoRef): string | null {
  const linked = photoSubjectId(p);
  if (linked === null) return null;
  return a.subjects.find((s, i) => subjectIdOf(s, i) === linked)?.role ?? 'gone';
}

/** True when only viewers with restricted access may see this photo of this alert. */
export function photoNeedsRestrictedAccess(a: Pick<AlertDoc, 'sensitivity' | 'subjects'>, p: AlertPhotoRef): boolean {
  return photoIsRestricted({ sensitivity: a.sensitivity, linkedRole: linkedRole(a, p), shows: p.shows });
}

/** Whether the viewer (who may see the alert) may see this photo of it. */
export function canSeePhoto(a: AlertDoc, v: Viewer, p: AlertPhotoRef): boolean {
  return !photoNeedsRestrictedAccess(a, p) || canSeeRestricted(v, a);
}
