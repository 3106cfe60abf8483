/**
 * An Idempotency-Key ends in one alert whatever point the first attempt died at (issue 26): the
 * claim names the alert's id, and the alert's insert under that id is the idempotent step.
 * A request that died is stood for by what it left in the store.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { claimIdempotencyKey, IDEMPOTENCY_KEEP_MS, purgeIdempotencyRecords } from '../../server/alerts/idempotency.js';
import { coreJob } from '../helpers/jobs.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { Alert, IdempotencyRecord } from '../helpers/models.js';

describe('alert idempotency keys survive a crash at any point', function () {
  this.timeout(60_000);
  const server = suiteServer();
  let officer: ApiClient;
  let officerId: string;

  before(async () => {
    const agency = await buildAgency({ country: 'AR' });
    const user = await buildUser({ agency, mfa: true });
    officerId = user.id;
    officer = await signIn(server.url, user);
  });

  const countTitled = (title: string) => Alert.countDocuments({ title });
  /** Claims `key` for `body` as a first attempt would, under a new alert id. */
  const claimFresh = (key: string, body: object) =>
    claimIdempotencyKey(server.instance, officerId, key, body, new mongoose.Types.ObjectId().toHexString());

  it('a claim left by a request that died before its insert does not block the key: the retry stores the alert, once', async () => {
    const body = alertBody({ title: 'Murió antes de guardar' });
    // What the first attempt left: its claim, naming the id it was about to insert under.
    const claim = await claimFresh('crash-before-insert', body);
    expect(claim.kind).to.equal('insert');
    const started = Date.now();
    const retry = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'crash-before-insert').expect(201);
    expect(Date.now() - started, 'the retry does not wait for a dead request').to.be.below(5000);
    expect(retry.body.id).to.equal(claim.kind === 'insert' ? claim.alertId : null);
    const again = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'crash-before-insert').expect(201);
    expect(again.body.id).to.equal(retry.body.id);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(await countTitled('Murió antes de guardar')).to.equal(1);
  });

  it('an alert stored by a request that died before recording it under its key is what the retry answers', async () => {
    const body = alertBody({ title: 'Murió después de guardar' });
    const template = (await officer.post('/api/v1/alerts', alertBody({ title: 'Plantilla' })).expect(201)).body;
    const claim = await claimFresh('crash-after-insert', body);
    if (claim.kind !== 'insert') throw new Error('expected a fresh claim');
    // The first attempt's insert landed; its claim was never told.
    const stored = (await Alert.findById(template.id).lean<AlertDoc>())!;
    await Alert.collection.insertOne({
      ...stored,
      _id: new mongoose.Types.ObjectId(claim.alertId),
      reference: 'AR-2026-CRASH1',
      title: 'Murió después de guardar',
    } as never);

    const retry = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'crash-after-insert').expect(201);
    expect(retry.body.id).to.equal(claim.alertId);
    expect(retry.body.reference).to.equal('AR-2026-CRASH1');
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(await countTitled('Murió después de guardar')).to.equal(1);
    const record = await IdempotencyRecord.findOne({ alertId: claim.alertId }).lean();
    expect(record?.resultId, 'the claim now names its result').to.equal(claim.alertId);
  });

  it('a failure after the insert answers an error, and the retry finds that alert instead of creating another', async () => {
    const body = alertBody({ title: 'Falla después de guardar' });
    const alerts = server.instance.models.alerts.Alert.collection;
    const original = alerts.insertOne.bind(alerts);
    // Fault injection: the insert lands, then the store connection fails before the answer.
    alerts.insertOne = (async (...args: Parameters<typeof original>) => {
      await original(...args);
      throw new Error('connection lost after the insert');
    }) as typeof alerts.insertOne;
    try {
      await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'fail-after-insert').expect(500);
    } finally {
      alerts.insertOne = original;
    }
    const retry = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'fail-after-insert').expect(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(await countTitled('Falla después de guardar')).to.equal(1);
  });

  it('concurrent retries under one key store one alert', async () => {
    const body = alertBody({ title: 'Reintentos a la vez' });
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'concurrent-4')),
    );
    expect(answers.map((a) => a.status)).to.deep.equal([201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).to.equal(1);
    expect(await countTitled('Reintentos a la vez')).to.equal(1);
  });

  it('old claims are purged by a scheduled job', async () => {
    const now = Date.now();
    await IdempotencyRecord.create({
      _id: 'old-claim',
      bodyHash: 'x',
      alertId: null,
      resultId: 'y',
      createdAt: new Date(now - IDEMPOTENCY_KEEP_MS - 1000),
    });
    await IdempotencyRecord.create({ _id: 'new-claim', bodyHash: 'x', alertId: null, resultId: 'y', createdAt: new Date(now) });
    await coreJob(server.instance, 'idempotency.purge_old').run();
    expect(await IdempotencyRecord.exists({ _id: 'old-claim' })).to.equal(null);
    expect(await IdempotencyRecord.exists({ _id: 'new-claim' })).to.not.equal(null);
    expect(await purgeIdempotencyRecords(server.instance, IDEMPOTENCY_KEEP_MS, now)).to.equal(0);
  });
});
