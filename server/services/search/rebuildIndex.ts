/**
 * Rebuilds the search index from every stored alert (after a change to how keys are made, or to
 * repair). Holds the indexer's lock throughout, then sets the indexer's position to the change-log
 * head read at the start, so changes made meanwhile are indexed right after.
 */
import mongoose from 'mongoose';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import { AlertIndexKeys, SearchIndex, type Posting } from '../../models/SearchIndex.js';
import { assertLockHeld, withDocLock } from '../../store/docLock.js';
import { alertChangeLog } from '../alerts/alertChanges.js';
import { keysOfAlert } from './indexKeys.js';
import { MAX_POSTINGS } from './indexWorker.js';

const WRITE_BATCH = 2000;

export async function rebuildSearchIndex(
  onProgress?: (done: number, total: number, phase: string) => void,
): Promise<{ alerts: number; keys: number }> {
  return withDocLock('indexer', async () => {
    const head = await alertChangeLog.head();
    const total = await Alert.estimatedDocumentCount();
    const postings = new Map<string, Posting[]>();
    const keyDocs: Array<{ _id: string; keys: Array<{ k: string; f: 'v' | 'o' }> }> = [];
    let alerts = 0;
    for await (const a of Alert.find({}).lean<AlertDoc>().cursor({ batchSize: 1000 })) {
      const id = String(a._id);
      const keys = keysOfAlert(a);
      keyDocs.push({ _id: id, keys: [...keys].map(([k, f]) => ({ k, f })) });
      for (const [k, f] of keys) {
        const list = postings.get(k) ?? [];
        if (list.length < MAX_POSTINGS) list.push({ a: id, f });
        postings.set(k, list);
      }
      if (++alerts % 1000 === 0) onProgress?.(alerts, total, 'alerts');
    }
    onProgress?.(alerts, Math.max(alerts, 1), 'alerts');
    await SearchIndex.deleteMany({});
    await AlertIndexKeys.deleteMany({});
    const entries = [...postings.entries()];
    for (let i = 0; i < entries.length; i += WRITE_BATCH) {
      const batch = entries.slice(i, i + WRITE_BATCH).map(([k, p]) => ({ _id: k, postings: p, common: p.length >= MAX_POSTINGS }));
      await assertLockHeld();
      await SearchIndex.collection.insertMany(batch as never[], { ordered: false });
      onProgress?.(Math.min(entries.length, i + WRITE_BATCH), entries.length, 'index');
    }
    for (let i = 0; i < keyDocs.length; i += WRITE_BATCH) {
      await assertLockHeld();
      await AlertIndexKeys.collection.insertMany(keyDocs.slice(i, i + WRITE_BATCH) as never[], { ordered: false });
    }
    await assertLockHeld();
    await mongoose.connection
      .collection<{ _id: string; seq: number }>('counters')
      .replaceOne({ _id: 'search_indexer' }, { seq: head.seq }, { upsert: true });
    return { alerts, keys: entries.length };
  });
}
