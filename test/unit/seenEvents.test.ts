/** The client's de-duplication of `match:new` / `watch:hit` (sent at least once): client/src/state/seenEvents.ts. */
import { expect } from 'chai';
import { SeenEvents } from '../../client/src/state/seenEvents.js';

describe('seen live events', () => {
  it('an event heard again with the same id is not shown again; another id is', () => {
    const seen = new SeenEvents();
    expect(seen.firstSighting('m-a')).to.equal(true);
    expect(seen.firstSighting('m-a')).to.equal(false);
    expect(seen.firstSighting('m-b')).to.equal(true);
  });

  it('an event without an id (an older server) is always shown', () => {
    const seen = new SeenEvents();
    expect(seen.firstSighting(undefined)).to.equal(true);
    expect(seen.firstSighting(undefined)).to.equal(true);
  });

  it('keeps only the latest ids, forgetting the oldest first', () => {
    const seen = new SeenEvents(2);
    for (const id of ['1', '2', '3']) seen.firstSighting(id);
    expect(seen.firstSighting('3')).to.equal(false);
    expect(seen.firstSighting('2')).to.equal(false);
    expect(seen.firstSighting('1'), 'forgotten').to.equal(true);
  });

  it('clear() forgets everything (sign-out)', () => {
    const seen = new SeenEvents();
    seen.firstSighting('x');
    seen.clear();
    expect(seen.firstSighting('x')).to.equal(true);
  });
});
