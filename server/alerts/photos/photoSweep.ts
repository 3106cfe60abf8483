/**
 * Removes photo files no alert links: left behind when a process crashed between storing an
 * upload's files and linking them to the alert, or when the delete after a refused upload failed.
 * Each run looks at a bounded batch of files older than SWEEP_MIN_AGE_MS (an upload in progress is
 * never that old), reading only their ids and alerts (never the image bytes), and resumes after
 * the last id it looked at, so every file is looked at in turn however many are linked.
 */
import mongoose from 'mongoose';
import { op, type Store } from '../../platform/store/index.js';
import { HOUR_MS } from '../../../shared/time.js';
import type { Instance } from '../../platform/instance.js';
import type { PhotoModel } from './Photo.js';

export const SWEEP_MIN_AGE_MS = HOUR_MS;
export const SWEEP_BATCH = 200;

interface SweepPositionDoc {
  _id: string;
  after: string;
}
const positions = (store: Store) => store.collection<SweepPositionDoc>('counters');

/** Sweeps one batch of one files collection; returns how many files it removed. */
async function sweepBatch(instance: Instance, model: PhotoModel, now: number): Promise<number> {
  const { Alert } = instance.models.alerts;
  const positionId = `photo_sweep:${model.collection.collectionName}`;
  const after = (await positions(instance.store).findOne({ _id: positionId }))?.after ?? '';
  const files = await model
    .find({ _id: op({ $gt: after }), createdAt: op({ $lt: new Date(now - SWEEP_MIN_AGE_MS) }) }, { _id: 1, alertId: 1 })
    .sort({ _id: 1 })
    .limit(SWEEP_BATCH)
    .lean<{ _id: string; alertId: string }[]>();
  const alertIds = [...new Set(files.map((f) => f.alertId))].filter((id) => mongoose.isObjectIdOrHexString(id));
  const linked = new Set<string>();
  const alerts = await Alert.find({ _id: op({ $in: alertIds }) }, { 'photos.id': 1 }).lean<{ photos?: { id: string }[] }[]>();
  for (const alert of alerts) for (const p of alert.photos ?? []) linked.add(p.id);
  const orphans = files.filter((f) => !linked.has(f._id)).map((f) => f._id);
  if (orphans.length) await model.deleteMany({ _id: op({ $in: orphans }) });
  // A short batch reached the end: the next run starts over.
  const next = files.length < SWEEP_BATCH ? '' : files[files.length - 1]!._id;
  await positions(instance.store).updateOne({ _id: positionId }, { $set: { after: next } }, { upsert: true });
  return orphans.length;
}

/** One run of the `photos.sweep_orphans` job: a batch of full images and one of thumbnails. */
export async function sweepOrphanedPhotos(instance: Instance, now = Date.now()): Promise<number> {
  const { Photo, PhotoThumb } = instance.models.alerts;
  return (await sweepBatch(instance, Photo, now)) + (await sweepBatch(instance, PhotoThumb, now));
}
