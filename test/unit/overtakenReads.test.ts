/** A read that live events overtake is made again (client/src/state/overtakenReads.ts; the inbox badge). */
import { expect } from 'chai';
import { OvertakenReads } from '../../client/src/state/overtakenReads.js';

describe('reads overtaken by live changes', () => {
  it('a read during which no change arrived is used as it is, read once', async () => {
    const reads = new OvertakenReads();
    let made = 0;
    expect(await reads.read(async () => ++made)).to.equal(1);
    expect(made).to.equal(1);
  });

  it('a read during which a live change arrived is made again, and the second answer used', async () => {
    const reads = new OvertakenReads();
    // The server's count: 2 before the live item, 3 after. The first read is computed before it and answers after it.
    let serverCount = 2;
    const answers: number[] = [];
    const answer = await reads.read(async () => {
      const computed = serverCount;
      if (answers.push(computed) === 1) {
        serverCount = 3;
        reads.changed(); // inbox:new applied while the read was in flight
      }
      return computed;
    });
    expect(answers).to.deep.equal([2, 3]);
    expect(answer).to.equal(3);
  });

  it('changes that never stop end after the last read allowed, with its answer', async () => {
    const reads = new OvertakenReads(3);
    let made = 0;
    const answer = await reads.read(async () => {
      reads.changed();
      return ++made;
    });
    expect([made, answer]).to.deep.equal([3, 3]);
  });

  it('a change before the read started does not make it read again', async () => {
    const reads = new OvertakenReads();
    reads.changed();
    let made = 0;
    await reads.read(async () => ++made);
    expect(made).to.equal(1);
  });
});
