/**
 * A second process for the document-lock tests (run with `runNode`), sharing the run's store:
 *   race <doc> <times>   — increments `n` and appends to `list` of probe document <doc> under its
 *                          lock, as a read → modify → write that loses updates without the lock;
 *   stall <doc>          — takes the lock and writes every 100 ms until a write is refused;
 *                          prints `held`, `wrote <i>` and `refused <message>` lines.
 * Lock timing comes from DOC_LOCK_STALE_MS / DOC_LOCK_RENEW_MS when set.
 */
import { connectMongoose, disconnectMongoose } from '../../server/platform/store/mongoose.js';
import { setDocLockTiming, withDocLock } from '../../server/platform/store/docLock.js';
import { LockProbe } from './lockProbe.js';
import { storeInstance } from './instance.js';

const [mode, doc = 'probe', times = '20'] = process.argv.slice(2);
const staleMs = Number(process.env.DOC_LOCK_STALE_MS ?? 0);
const renewMs = Number(process.env.DOC_LOCK_RENEW_MS ?? 0);
if (staleMs && renewMs) setDocLockTiming({ staleMs, renewMs });

await connectMongoose(storeInstance().store, process.env.MONGODB_URI ?? '', process.env.MONGODB_DB ?? '');
try {
  if (mode === 'race') {
    for (let i = 0; i < Number(times); i++) {
      await withDocLock(storeInstance().store, `probe:${doc}`, async () => {
        const current = await LockProbe.findById(doc).lean();
        await LockProbe.updateOne(
          { _id: doc },
          { $set: { n: (current?.n ?? 0) + 1, list: [...(current?.list ?? []), `${process.pid}:${i}`] } },
        );
      });
    }
    console.log('done');
  } else if (mode === 'stall') {
    await withDocLock(storeInstance().store, `probe:${doc}`, async () => {
      console.log('held');
      for (let i = 0; ; i++) {
        try {
          await LockProbe.updateOne({ _id: doc }, { $set: { writer: `stalled:${i}` } });
        } catch (err) {
          console.log(`refused ${(err as Error).name}: ${(err as Error).message}`);
          return;
        }
        console.log(`wrote ${i}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }).catch((err: Error) => console.log(`ended ${err.name}`));
  } else throw new Error(`unknown mode ${mode}`);
} finally {
  await disconnectMongoose(storeInstance().store);
}
