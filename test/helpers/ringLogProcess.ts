/**
 * A second process for the change-log ring tests (run with `runNode`), sharing the run's store:
 *   append <log> <times> <segmentSize> <ringSegments>
 * appends <times> chained entries (`prev` = the head's link) to a ring log, then prints
 *   `done <first position> <last position>`.
 */
import { connectMongoose, disconnectMongoose } from '../../server/platform/store/mongoose.js';
import { SequencedLog } from '../../server/platform/store/sequencedLog.js';
import { storeInstance } from './instance.js';

const [mode, name = 'ringlog', times = '100', segmentSize = '16', ringSegments = '4'] = process.argv.slice(2);
if (mode !== 'append') throw new Error(`unknown mode ${mode}`);

await connectMongoose(storeInstance().store, process.env.MONGODB_URI ?? '', process.env.MONGODB_DB ?? '');
try {
  const log = new SequencedLog<{ _id: number; v: string; prev: string }>(
    storeInstance().store,
    name,
    `${name}_head`,
    (e) => `${e.v}@${e._id}`,
    'start',
    {
      segmentSize: Number(segmentSize),
      ringSegments: Number(ringSegments),
    },
  );
  const seqs: number[] = [];
  for (let i = 0; i < Number(times); i++)
    seqs.push((await log.append((h) => ({ _id: h.seq + 1, v: `${process.pid}:${i}`, prev: h.link })))._id);
  await log.head(); // the last advance, and the compaction it started
  await log.compacted();
  console.log(`done ${seqs[0]} ${seqs[seqs.length - 1]}`);
} finally {
  await disconnectMongoose(storeInstance().store);
}
