/** Who viewed or exported an alert: one document per alert (primary-key read), each entry
 * pointing at its audit event, newest kept. */
import mongoose from 'mongoose';
import type { Actor } from '../../policies/actor.js';
import { assertLockHeld, withDocLock } from '../../store/docLock.js';
import { loadAlertFor } from './alerts.service.js';

const MAX_VIEWS = 1000;

interface ViewEntry {
  at: Date;
  userId: string;
  agencyId: string;
  country: string;
  action: 'view' | 'export';
  auditSeq: number;
}
interface ViewsDoc {
  _id: string;
  views: ViewEntry[];
}
const viewsCollection = () => mongoose.connection.collection<ViewsDoc>('alertviews');

export async function recordAlertView(alertId: string, actor: Actor, action: ViewEntry['action'], auditSeq: number): Promise<void> {
  const entry: ViewEntry = { at: new Date(), userId: actor.id, agencyId: actor.agencyId, country: actor.country, action, auditSeq };
  await withDocLock(`alertviews:${alertId}`, async () => {
    await assertLockHeld();
    await viewsCollection().updateOne({ _id: alertId }, { $push: { views: { $each: [entry], $slice: -MAX_VIEWS } } }, { upsert: true });
  });
}

/** GET /alerts/:id/views — for the originating agency. */
export async function listAlertViews(actor: Actor, alertId: string) {
  await loadAlertFor(actor, alertId, 'viewViews');
  const doc = await viewsCollection().findOne({ _id: alertId });
  const items = [...(doc?.views ?? [])].reverse().map((v) => ({ ...v, at: v.at.toISOString() }));
  return { items, nextCursor: null };
}
