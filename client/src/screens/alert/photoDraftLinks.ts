/** Which person of the new-alert draft each photo shows, kept right as persons are removed (issue 23 F0). */
import type { PhotoTarget } from '../../api/alerts.js';

/**
 * The draft without person `i`: photos of later persons follow them to their new position, and a
 * photo of the removed person falls back to an unidentified person (never silently to someone else).
 */
export function withoutSubject<S, P extends PhotoTarget>(d: { subjects: S[]; photos: P[] }, i: number): { subjects: S[]; photos: P[] } {
  const photos = d.photos.map((p): P => {
    if (p.subjectIndex === null || p.subjectIndex < i) return p;
    return p.subjectIndex === i ? { ...p, subjectIndex: null, shows: 'person' } : { ...p, subjectIndex: p.subjectIndex - 1 };
  });
  return { subjects: d.subjects.filter((_, j) => j !== i), photos };
}
