/**
 * The new-alert form's photos when a person is removed (issue 23 F0): a photo of the removed person
 * becomes an unidentified person's (restricted on a restricted alert), never another person's, and
 * photos of later persons follow them to their new position.
 */
import { expect } from 'chai';
import { withoutSubject } from '../../client/src/screens/alert/photoDraftLinks.js';

describe('new-alert draft: removing a person keeps its photos aimed right', () => {
  it('re-aims photos by person, not by position', () => {
    const image = new Blob(['x']);
    const person = (role: string, givenNames: string) => ({ role, givenNames });
    const d = {
      subjects: [person('suspect', 'Ramón'), person('victim', 'Lucía'), person('witness', 'Pedro')],
      photos: [
        { image, key: 'of-suspect', subjectIndex: 0, shows: 'person' as const },
        { image, key: 'of-victim', subjectIndex: 1, shows: 'person' as const },
        { image, key: 'of-witness', subjectIndex: 2, shows: 'person' as const },
        { image, key: 'of-car', subjectIndex: null, shows: 'no_person' as const },
      ],
    };
    const after = withoutSubject(d, 0);
    expect(after.subjects.map((s) => s.givenNames)).to.deep.equal(['Lucía', 'Pedro']);
    expect(after.photos.map((p) => [p.key, p.subjectIndex, p.shows])).to.deep.equal([
      ['of-suspect', null, 'person'],
      ['of-victim', 0, 'person'],
      ['of-witness', 1, 'person'],
      ['of-car', null, 'no_person'],
    ]);
    const victimGone = withoutSubject(after, 0);
    expect(victimGone.photos.map((p) => [p.key, p.subjectIndex, p.shows])).to.deep.equal([
      ['of-suspect', null, 'person'],
      ['of-victim', null, 'person'],
      ['of-witness', 0, 'person'],
      ['of-car', null, 'no_person'],
    ]);
  });
});
