import { expect } from 'chai';
import {
  addPosting,
  classOf,
  encodePosting,
  hasSlot,
  postingCount,
  postingsOf,
  removePosting,
  slotOf,
  type PostingValue,
} from '../../server/alerts/copy/postings.js';

const slots = (index: Map<string, PostingValue>, k: string) => [...postingsOf(index.get(k))].map((p) => [slotOf(p), classOf(p)]);

describe('alert copy postings (compact inverted index)', () => {
  it('keeps one holder as a number, more as a sorted list, each slot once with its latest class', () => {
    const index = new Map<string, PostingValue>();
    addPosting(index, 'doc:1', encodePosting(7, 'o'));
    expect(typeof index.get('doc:1')).to.equal('number');
    addPosting(index, 'doc:1', encodePosting(7, 'v'));
    expect(slots(index, 'doc:1')).to.deep.equal([[7, 'v']]);
    for (const s of [3, 12, 5, 9, 1]) addPosting(index, 'doc:1', encodePosting(s, 'o'));
    addPosting(index, 'doc:1', encodePosting(9, 'v'));
    expect(slots(index, 'doc:1')).to.deep.equal([
      [1, 'o'],
      [3, 'o'],
      [5, 'o'],
      [7, 'v'],
      [9, 'v'],
      [12, 'o'],
    ]);
    expect(postingCount(index.get('doc:1'))).to.equal(6);
    expect(hasSlot(index.get('doc:1'), 5)).to.equal(true);
    expect(hasSlot(index.get('doc:1'), 6)).to.equal(false);
  });

  it('removes holders, back to a number at one and to nothing at none', () => {
    const index = new Map<string, PostingValue>();
    for (const s of [2, 4, 6]) addPosting(index, 'k', encodePosting(s, 'o'));
    removePosting(index, 'k', 4);
    removePosting(index, 'k', 99);
    expect(slots(index, 'k')).to.deep.equal([
      [2, 'o'],
      [6, 'o'],
    ]);
    removePosting(index, 'k', 2);
    expect(typeof index.get('k')).to.equal('number');
    removePosting(index, 'k', 6);
    expect(index.has('k')).to.equal(false);
  });

  it('grows past its first capacity and stays sorted when slots arrive out of order', () => {
    const index = new Map<string, PostingValue>();
    const order = Array.from({ length: 200 }, (_, i) => (i * 37) % 200);
    for (const s of order) addPosting(index, 'ph:MR', encodePosting(s, s % 3 ? 'o' : 'v'));
    const got = slots(index, 'ph:MR');
    expect(got.map(([s]) => s)).to.deep.equal(Array.from({ length: 200 }, (_, i) => i));
    expect(got.filter(([, f]) => f === 'v')).to.have.length(67);
  });
});
