/**
 * Subjects keep a stable id and photos link to it (issue #10 item 3): a photo's link never
 * depends on the subject's position, so reordering or dropping subjects cannot re-aim a
 * restricted victim's photo at someone else, nor leave it unprotected.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../platform/errors.js';
import type { AlertDoc, AlertPhotoRef, AlertSubject } from './Alert.js';

/** The subject's id; subjects stored before ids are named by the position they were stored at. */
export const subjectIdOf = (s: AlertSubject, index: number): string => s.id ?? `i${index}`;

/** The subject a photo shows (null: the alert as a whole); legacy photos link by stored position. */
export const photoSubjectId = (p: AlertPhotoRef): string | null =>
  p.subjectId ?? (p.subjectIndex === null || p.subjectIndex === undefined ? null : `i${p.subjectIndex}`);

/** The subjects of a new alert, each with a fresh id (ids are the server's to give). */
export const withNewSubjectIds = <S extends Omit<AlertSubject, 'id'> & { id?: string }>(subjects: S[]): S[] =>
  subjects.map((s) => ({ ...s, id: randomUUID() }));

export interface SubjectEdit {
  subjects: AlertSubject[];
  /** The alert's photos, each linked by subjectId; photos of dropped subjects are left out. */
  photos: AlertPhotoRef[];
  droppedPhotoIds: string[];
}

/**
 * Applies an edit of `subjects` to `current`: a subject sent with an id keeps that stored subject
 * (and its photos), one without an id is new; a stored subject not sent back is dropped with its
 * photos. Unknown or repeated ids are refused.
 */
export function editSubjects(current: Pick<AlertDoc, 'subjects' | 'photos'>, requested: AlertSubject[]): SubjectEdit {
  const known = new Set(current.subjects.map(subjectIdOf));
  const kept = new Set<string>();
  const subjects = requested.map((s, i) => {
    if (s.id === undefined) return { ...s, id: randomUUID() };
    if (!known.has(s.id) || kept.has(s.id))
      throw new DomainError('validation_failed', 'subject id', [
        { path: `subjects.${i}.id`, message: 'not a subject of this alert, or repeated' },
      ]);
    kept.add(s.id);
    return s;
  });
  const photos: AlertPhotoRef[] = [];
  const droppedPhotoIds: string[] = [];
  for (const p of current.photos) {
    const linked = photoSubjectId(p);
    if (linked !== null && !kept.has(linked)) droppedPhotoIds.push(p.id);
    else photos.push({ ...p, subjectId: linked, subjectIndex: null });
  }
  return { subjects, photos, droppedPhotoIds };
}
