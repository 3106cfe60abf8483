/**
 * The soak's memory figures (bench/soak/memory.ts): a heap that saws between collections has a flat
 * floor however its peaks fall; a heap whose floor rises is growth.
 */
import { expect } from 'chai';
import {
  floorMbPerMinute,
  fullCollectionFigures,
  heapSpaceTrends,
  heapAfterFullCollections,
  mbPerMinute,
  rssAfterFullCollections,
  slope,
  V8_MB,
  type MemorySample,
} from '../../bench/soak/memory.js';

/** Samples every 5 s over `minutes`: garbage piles up for `cycleS` seconds, then a collection drops it to the floor. */
function sawtooth(minutes: number, floorMb: (minute: number) => number, cycleS: number): MemorySample[] {
  const samples: MemorySample[] = [];
  for (let t = 0; t <= minutes * 60; t += 5) {
    const minute = t / 60;
    const garbageMb = 6 * ((t % cycleS) / 5);
    samples.push({
      minute,
      heapUsedBytes: (floorMb(minute) + garbageMb) * 1e6,
      rssBytes: 240e6,
      externalBytes: 5e6,
      cpuSeconds: 0,
      sockets: 0,
      server5xx: 0,
      // The new space grows to 32 MB in the first 3 minutes and stays; the old space grows 0.5 MB a minute.
      heapSpaceBytes: { new_space: Math.min(32, 8 + 8 * minute) * 1e6, old_space: (100 + 0.5 * minute) * 1e6 },
    });
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

  it('tells a heap space sized once from one that goes on growing', () => {
    const [newSpace, oldSpace] = heapSpaceTrends(
      sawtooth(10, () => 85, 35),
      5,
    );
    expect(newSpace).to.include({ space: 'new_space', firstMb: 32, lastMb: 32, maxMb: 32 });
    expect(Math.abs(newSpace!.mbPerMinute)).to.be.below(0.01);
    expect(oldSpace!.space).to.equal('old_space');
    expect(oldSpace!.mbPerMinute).to.be.closeTo(0.5, 0.01);
  });

  it('reads the heap each full collection leaves from node --trace-gc lines, not the scavenges', () => {
    const trace = [
      '[20213:0x309ed490]      440 ms: Scavenge 60.1 (76.8) -> 58.9 (77.1) MB, 1.20 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure;',
      '[20213:0x309ed490]    61012 ms: Mark-Compact 210.3 (240.1) -> 95.2 (238.0) MB, 18.08 / 0.01 ms  (average mu = 0.9) finalize incremental marking via stack guard;',
      '[20213:0x309ed490]   152000 ms: Mark-Compact (reduce) 120.4 (150.0) -> 96.8 (140.2) MB, 20.1 / 0.0 ms  (average mu = 0.9) low memory notification;',
    ].join('\n');
    expect(heapAfterFullCollections(trace)).to.deep.equal([95.2, 96.8]);
    expect(fullCollectionFigures(trace)).to.deep.equal([
      { heapAfterMb: 95.2, committedAfterMb: 238.0 },
      { heapAfterMb: 96.8, committedAfterMb: 140.2 },
    ]);
  });

  it('subtracts the heap V8 keeps after each collection from RSS: what grows outside the JavaScript heap', () => {
    const samples = sawtooth(20, () => 85, 35).map((s) => ({ ...s, rssBytes: (200 + 2 * s.minute) * 1e6 }));
    // V8 keeps more each time (1 MB/min of its MB): RSS's 2 MB/min is half the heap's, half outside it.
    const collections = Array.from({ length: 13 }, (_, k) => {
      const minute = (k * 90 + 1) / 60;
      return { minute, heapAfterMb: 80, committedAfterMb: (100 + minute) / V8_MB };
    });
    const points = rssAfterFullCollections(samples, collections);
    expect(points).to.have.length(13);
    const outside = slope(points.map((p) => ({ x: p.minute, y: p.outsideHeapMb! })));
    expect(outside).to.be.within(0.9, 1.1);
    expect(rssAfterFullCollections(samples, [{ minute: 5, heapAfterMb: 80 }])[0]).to.not.have.property('outsideHeapMb');
  });
  it('reads RSS at the same point of every tooth: flat when it only saws, its growth when it grows', () => {
    // RSS climbs 30 MB between full collections (every 90 s) and falls back after each.
    const rssSawing = (base: (minute: number) => number): MemorySample[] =>
      sawtooth(20, () => 85, 35).map((s) => ({ ...s, rssBytes: (base(s.minute) + 30 * (((s.minute * 60) % 90) / 90)) * 1e6 }));
    const collections = Array.from({ length: 13 }, (_, k) => ({ minute: (k * 90 + 1) / 60, heapAfterMb: 80 }));
    const fit = (samples: MemorySample[]) => {
      const points = rssAfterFullCollections(samples, collections);
      expect(points).to.have.length(collections.length);
      return slope(points.map((p) => ({ x: p.minute, y: p.rssMb })));
    };
    expect(Math.abs(fit(rssSawing(() => 240)))).to.be.below(0.2);
    expect(fit(rssSawing((minute) => 240 + 1.5 * minute))).to.be.within(1.3, 1.7);
    // A collection with no sample soon after it gives no point rather than a later tooth's.
    expect(rssAfterFullCollections(rssSawing(() => 240).slice(0, 10), [{ minute: 5, heapAfterMb: 80 }])).to.deep.equal([]);
  });
});
