/**
 * A new alert is stored by insertNewAlert (the creation path) exactly as Mongoose's save() stores
 * it: same fields, same values, timestamps set; a taken reference fails with the same duplicate-key
 * error, which the reference claim relies on.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { createAlertSchema } from '../../shared/schemas/alerts.js';
import { insertNewAlert } from '../../server/alerts/Alert.js';
import { normalizeAlertContent } from '../../server/alerts/normalize.js';
import { withNewSubjectIds } from '../../server/alerts/subjectLinks.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Alert } from '../helpers/models.js';
import { storeInstance } from '../helpers/instance.js';

const by = String(new mongoose.Types.ObjectId());

function built(reference: string) {
  const normalized = normalizeAlertContent(createAlertSchema.parse(alertBody()) as never, 'AR');
  return new Alert({
    _id: new mongoose.Types.ObjectId(),
    ...normalized,
    subjects: withNewSubjectIds(normalized.subjects),
    status: 'active',
    originAgencyId: by,
    originCountry: 'AR',
    createdBy: by,
    reviewAt: new Date('2026-12-30T00:00:00Z'),
    history: [{ at: new Date('2026-11-30T00:00:00Z'), by, agencyId: by, action: 'created', toStatus: 'active' }],
    version: 0,
    reference,
    changeSeq: 7,
  });
}

const raw = (id: unknown) => Alert.collection.findOne({ _id: id as mongoose.Types.ObjectId });

describe('storing a new alert', () => {
  before(() => resetDatabase());

  it('stores what save() stores, with its timestamps, and returns it as stored', async () => {
    const saved = built('AR-2026-900001');
    const inserted = built('AR-2026-900002');
    inserted.set({ subjects: saved.toObject().subjects });
    const before = Date.now();
    await saved.save({ validateBeforeSave: false });
    const returned = await insertNewAlert(storeInstance(), inserted);
    const [a, b] = [await raw(saved._id), await raw(inserted._id)];
    expect(Object.keys(b!).sort()).to.deep.equal(Object.keys(a!).sort());
    const comparable = (d: Record<string, unknown>) => {
      const { _id: _a, reference: _b, createdAt: _c, updatedAt: _d, ...rest } = d;
      return rest;
    };
    expect(comparable(b!)).to.deep.equal(comparable(a!));
    expect((b!.createdAt as Date).getTime()).to.be.at.least(before);
    expect(b!.updatedAt).to.deep.equal(b!.createdAt);
    expect(returned).to.deep.equal(b);
  });

  it('a taken reference fails with the duplicate-key error the reference claim retries on', async () => {
    await insertNewAlert(storeInstance(), built('AR-2026-900010'));
    const err = await insertNewAlert(storeInstance(), built('AR-2026-900010')).then(
      () => null,
      (e: unknown) => e as { code?: number; message?: string },
    );
    expect(err?.code).to.equal(11000);
    expect(String(err?.message)).to.not.match(/index: _id_/);
  });
});
