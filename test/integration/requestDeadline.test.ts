/**
 * Issue 26: a write answered `503 unavailable` by the request timeout stores nothing. Before, the
 * handler went on after the 503 and stored its alert (or change) later: devices received an alert
 * whose POST had failed, and a client retrying without an Idempotency-Key created it twice. The
 * request here waits past a 1 s timeout for a store read held by the test (a slow store), for this
 * process's turn at the alert's lock, or for another process's lock document; once released, it
 * must store nothing, and the waiters that timed out must have left the lock's queue.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { alertLockKey } from '../../server/alerts/alertMutation.js';
import { referenceHints } from '../../server/alerts/references.js';
import { LOCK_COLLECTION, locksReleased, withDocLock } from '../../server/platform/store/docLock.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { Alert } from '../helpers/models.js';
import type { Store } from '../../server/platform/store/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes lock `key` in this process; resolves, once held, to the function that releases it. */
async function holdLock(store: Store, key: string): Promise<() => Promise<void>> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const taken = new Promise<void>((r) => (holding = r));
  const holder = withDocLock(store, key, async () => {
    holding();
    await held;
  });
  await taken;
  return () => {
    release();
    return holder;
  };
}

/** Long enough for a handler let go after its 503 to have stored what it would store. */
const SETTLE_MS = 2000;

describe('a write answered 503 by the request timeout stores nothing (issue 26)', function () {
  this.timeout(60_000);
  const server = suiteServer({ REQUEST_TIMEOUT_MS: '1000' });
  let officer: ApiClient;

  before(async () => {
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });

  const countTitled = (title: string) => Alert.countDocuments({ title });
  const stateOf = async (id: string) => {
    const a = (await Alert.findById(id).lean<AlertDoc>())!;
    return { version: a.version, title: a.title, updates: a.updates?.length ?? 0, changeSeq: a.changeSeq };
  };

  it('a POST held past the timeout answers 503, stores no alert once let go, and its retry with the key stores one', async () => {
    const title = 'Respondida 503, nada guardado';
    const body = alertBody({ title });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let reads = 0;
    const read = referenceHints.read;
    referenceHints.read = async (instance, name) => {
      reads++;
      await held;
      return read(instance, name);
    };
    try {
      const res = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'held-past-timeout');
      expect(res.status).to.equal(503);
      expect(res.body.error.code).to.equal('unavailable');
      expect(reads).to.equal(1);
    } finally {
      referenceHints.read = read;
      release();
    }
    await sleep(SETTLE_MS);
    expect(await countTitled(title), 'stored after its 503').to.equal(0);

    const retry = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'held-past-timeout').expect(201);
    const again = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'held-past-timeout').expect(201);
    expect(again.body.id).to.equal(retry.body.id);
    expect(await countTitled(title)).to.equal(1);
  });

  it('an edit and a note waiting for the alert lock past the timeout change nothing, and leave the queue', async () => {
    const alert = (await officer.post('/api/v1/alerts', alertBody({ title: 'Bajo llave' })).expect(201)).body as { id: string };
    const before = await stateOf(alert.id);
    const release = await holdLock(server.instance.store, alertLockKey(alert.id));
    try {
      const [edit, note] = await Promise.all([
        officer.patch(`/api/v1/alerts/${alert.id}`, { title: 'Editada tras el 503', version: before.version }),
        officer.post(`/api/v1/alerts/${alert.id}/updates`, { kind: 'note', text: 'Nota tras el 503' }),
      ]);
      expect([edit.status, note.status]).to.deep.equal([503, 503]);
    } finally {
      await release();
    }
    // Next in the queue: nothing the timed-out requests would have done has run before this turn.
    const next = await withDocLock(server.instance.store, alertLockKey(alert.id), () => stateOf(alert.id));
    expect(next, 'changed after its 503').to.deep.equal(before);
    await sleep(SETTLE_MS);
    expect(await stateOf(alert.id)).to.deep.equal(before);
  });

  it('an edit waiting for a lock another process holds stops at the timeout and changes nothing once it is freed', async () => {
    const alert = (await officer.post('/api/v1/alerts', alertBody({ title: 'Llave ajena' })).expect(201)).body as { id: string };
    const before = await stateOf(alert.id);
    const locks = mongoose.connection.collection<{ _id: string; token: string; beat: number }>(LOCK_COLLECTION);
    // Another process's lock, renewed (not stale) while the request waits.
    await locks.insertOne({ _id: alertLockKey(alert.id), token: 'other-process', beat: 0 });
    try {
      const edit = await officer.patch(`/api/v1/alerts/${alert.id}`, { title: 'Editada tras el 503', version: before.version });
      expect(edit.status).to.equal(503);
    } finally {
      await locks.deleteOne({ _id: alertLockKey(alert.id), token: 'other-process' });
    }
    await sleep(SETTLE_MS);
    await locksReleased(server.instance.store);
    expect(await stateOf(alert.id), 'changed after its 503').to.deep.equal(before);
  });

  it('an edit whose write is already under way at the timeout is not answered as if nothing was stored', async () => {
    const alert = (await officer.post('/api/v1/alerts', alertBody({ title: 'Ya en curso' })).expect(201)).body as { id: string };
    const before = await stateOf(alert.id);
    // The change log's head lock: the edit stores its change, then waits for the head to pass it.
    const release = await holdLock(server.instance.store, 'log:alert_changes_head:head');
    try {
      const edit = await officer.patch(`/api/v1/alerts/${alert.id}`, { title: 'Guardada tarde', version: before.version });
      expect(edit.status).to.equal(503);
      expect(edit.body.error.code).to.equal('unavailable');
      expect(edit.body.error.details?.[0]?.message).to.contain('may have been stored');
    } finally {
      await release();
    }
    expect((await stateOf(alert.id)).title).to.equal('Guardada tarde');
  });
});
