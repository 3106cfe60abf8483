/**
 * The soak's memory figures (bench/soak/memory.ts): a heap that saws between collections has a flat
 * floor however its peaks fall; a heap whose floor rises is growth.
 */
import { expect } from 'chai';
import { floorMbPerMinute, heapAfterFullCollections, mbPerMinute, type MemorySample } from '../../bench/soak/memory.js';

/** Samples every 5 s over `minutes`: garbage piles up for `cycleS` seconds, then a collection drops it to the floor. */
function sawtooth(minutes: number, floorMb: (minute: number) => number, cycleS: number): MemorySample[] {
  const samples: MemorySample[] = [];
  for (let t = 0; t <= minutes * 60; t += 5) {
    const minute = t / 60;
    const garbageMb = 6 * ((t % cycleS) / 5);
    samples.push({ minute, heapUsedBytes: (floorMb(minute) + garbageMb) * 1e6, rssBytes: 240e6, cpuSeconds: 0, sockets: 0, server5xx: 0 });
  }
  return samples;
}

describe('soak memory slopes', () => {
  it('a flat floor under a sawtooth is flat, even when the window ends on a peak', () => {
    // 35 s cycles: the last samples of the window sit high on a tooth, which tilts a fit of every sample.
    const samples = sawtooth(10, () => 85, 35);
    expect(Math.abs(floorMbPerMinute(samples, 'heapUsedBytes', 5))).to.be.below(0.3);
  });

  it('a floor rising 2 MB a minute is seen as 2 MB a minute', () => {
    const samples = sawtooth(10, (minute) => 85 + 2 * minute, 35);
    expect(floorMbPerMinute(samples, 'heapUsedBytes', 5)).to.be.within(1.7, 2.3);
    expect(mbPerMinute(samples, 'heapUsedBytes', 5)).to.be.within(1, 3);
  });

  it('reads the heap each full collection leaves from node --trace-gc lines, not the scavenges', () => {
    const trace = [
      '[20213:0x309ed490]      440 ms: Scavenge 60.1 (76.8) -> 58.9 (77.1) MB, 1.20 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure;',
      '[20213:0x309ed490]    61012 ms: Mark-Compact 210.3 (240.1) -> 95.2 (238.0) MB, 18.08 / 0.01 ms  (average mu = 0.9) finalize incremental marking via stack guard;',
      '[20213:0x309ed490]   152000 ms: Mark-Compact (reduce) 120.4 (150.0) -> 96.8 (140.2) MB, 20.1 / 0.0 ms  (average mu = 0.9) low memory notification;',
    ].join('\n');
    expect(heapAfterFullCollections(trace)).to.deep.equal([95.2, 96.8]);
  });
});
