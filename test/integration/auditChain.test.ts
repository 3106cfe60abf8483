/**
 * The audit trail's hash chain against the real store: appends from several processes without
 * transactions, tamper detection (edit, removal, reorder, truncation, head), escaping that
 * survives the store round trip, listing, and the `puente audit-verify` command.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { DomainError } from '../../server/platform/errors.js';
import type { Actor } from '../../server/platform/actor.js';
import {
  auditAppendsSettled,
  auditVerifyMemory,
  listAuditEvents,
  recordAudit,
  verifyAuditChain,
  VERIFY_PROGRESS_EVERY,
} from '../../server/platform/auditTrail/auditTrail.js';
import { auditHash, auditMac, ZERO_HASH } from '../../server/platform/auditTrail/canonical.js';
import { auditKeyId } from '../../server/platform/auditTrail/auditKeys.js';
import { TEST_AUDIT_KEY } from '../helpers/auditKey.js';
import { runNode } from '../helpers/cli.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const events = () => mongoose.connection.collection<{ _id: number } & Record<string, unknown>>('auditevents');
const counters = () => mongoose.connection.collection<{ _id: string; seq: number; hash: string }>('counters');

const auditVerifyCli = (env: Record<string, string> = {}) => runNode(['server/cli/main.ts', 'audit-verify'], env);

async function record(n: number, action = 'test.event'): Promise<void> {
  for (let i = 0; i < n; i++) await recordAudit(storeInstance(), { actor: null, action, details: { i } });
}

const officer: Actor = {
  id: 'u-officer',
  agencyId: 'ag-1',
  country: 'AR',
  roles: ['officer'],
  agencyKind: 'police',
  ip: '10.1.2.3',
  requestId: 'req-1',
};

describe('audit chain (server/platform/auditTrail)', function () {
  this.timeout(120_000);
  before(() => resetDatabase());
  beforeEach(async () => {
    // A test's last append may still be advancing the head: emptied under it, the store would keep
    // that head and no event (seen on FerretDB/PostgreSQL as "event 1 is missing (events up to 2 exist)").
    await auditAppendsSettled(storeInstance());
    await resetDatabase();
  });

  describe('appending', () => {
    it('50 concurrent recordAudit calls get seqs 1..50, contiguous, and the chain verifies', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => recordAudit(storeInstance(), { actor: null, action: 'test.concurrent', details: { i } })),
      );
      expect(results.map((r) => r.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
      const first = results.find((r) => r.seq === 1)!;
      expect(first.prevHash).to.equal(ZERO_HASH);
      for (const r of results) {
        if (r.seq > 1) expect(r.prevHash).to.equal(results.find((p) => p.seq === r.seq - 1)!.hash);
      }
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 50 });
      expect(await counters().findOne({ _id: 'audit_head' })).to.include({ seq: 50, hash: results.find((r) => r.seq === 50)!.hash });
    });

    it('stays gap-free with several processes appending at once', async () => {
      const child = (tag: string) =>
        runNode([
          '--input-type=module',
          '-e',
          `const { connectMongoose, disconnectMongoose } = await import(${JSON.stringify(pathToFileURL(`${REPO}server/platform/store/mongoose.ts`).href)});
           const { recordAudit, useAuditKeys } = await import(${JSON.stringify(pathToFileURL(`${REPO}server/platform/auditTrail/auditTrail.ts`).href)});
           const { auditKeyring } = await import(${JSON.stringify(pathToFileURL(`${REPO}server/platform/auditTrail/auditKeys.ts`).href)});
           const { testInstance } = await import(${JSON.stringify(pathToFileURL(`${REPO}test/helpers/instance.ts`).href)});
           const instance = testInstance();
           useAuditKeys(instance, auditKeyring(Buffer.from(process.env.AUDIT_KEY, 'base64')));
           await connectMongoose(instance.store, process.env.MONGODB_URI, process.env.MONGODB_DB);
           await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(instance, { actor: null, actorIdOverride: '${tag}', action: 'test.multi', details: { i } })));
           await disconnectMongoose(instance.store);`,
        ]);
      const [a, b] = await Promise.all([child('proc-a'), child('proc-b'), record(25, 'test.multi')]);
      expect(a!.code, a!.stderr).to.equal(0);
      expect(b!.code, b!.stderr).to.equal(0);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 75 });
      const ids = (await events().find({}).toArray()).map((e) => e._id).sort((x, y) => x - y);
      expect(ids).to.deep.equal(Array.from({ length: 75 }, (_, i) => i + 1));
    });

    it('repairs a head left behind by a writer that died between insert and head update', async () => {
      await record(5);
      await counters().deleteOne({ _id: 'audit_head' }); // as if every head update had been lost
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 5 });
      const next = await recordAudit(storeInstance(), { actor: null, action: 'test.after_crash' });
      expect(next.seq).to.equal(6);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 6 });
      expect(await counters().findOne({ _id: 'audit_head' })).to.include({ seq: 6, hash: next.hash });
    });

    it('records actor, agency, ip and request id (from the actor unless given), UTC ms time and a correct MAC', async () => {
      const e = await recordAudit(storeInstance(), { actor: officer, action: 'alert.view', targetType: 'alert', targetId: 'al-1' });
      expect(e).to.include({ seq: 1, actorId: 'u-officer', actorAgencyId: 'ag-1', ip: '10.1.2.3', requestId: 'req-1', outcome: 'success' });
      expect(e.at).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const anon = await recordAudit(storeInstance(), {
        actor: null,
        action: 'auth.login_failed',
        outcome: 'failure',
        actorAgencyIdOverride: 'ag-2',
        ip: '192.0.2.9',
        details: { email: 'nobody@example.org' },
      });
      expect(anon).to.include({ actorId: null, actorAgencyId: 'ag-2', ip: '192.0.2.9', requestId: null, outcome: 'failure' });
      const { hash, ...fields } = anon;
      const key = Buffer.from(TEST_AUDIT_KEY, 'base64');
      expect(auditMac(fields, key, auditKeyId(key))).to.equal(hash);
      expect(auditHash(fields), 'not a plain SHA-256').to.not.equal(hash);
      expect(anon.prevHash).to.equal(e.hash);
    });
  });

  describe('escaping (log injection) survives the store round trip', () => {
    it('returns CR/LF and a forged log line escaped, in details and in top-level fields', async () => {
      const forged = 'x\r\n2026-11-28T12:00:00.000Z INFO auth.login admin@ok success';
      const e = await recordAudit(storeInstance(), { actor: null, action: 'search.query', targetId: forged, details: { q: forged } });
      expect(e.details.q).to.equal('x\\r\\n2026-11-28T12:00:00.000Z INFO auth.login admin@ok success');
      expect(e.targetId).to.equal(e.details.q);
      const [stored] = (await listAuditEvents(storeInstance(), {}, { limit: 1 })).items;
      expect(stored!.details.q).to.equal(e.details.q);
      expect(JSON.stringify(stored)).to.not.match(/[\r\n]/);
    });

    it('stores awkward values the store would refuse or alter, and the chain still verifies', async () => {
      const e = await recordAudit(storeInstance(), {
        actor: null,
        action: 'test.awkward',
        details: {
          nul: 'a\u0000b',
          lone: 'x\uD800y',
          cut: `${'a'.repeat(999)}😀tail`,
          nested: [[1, 2], ['b']],
          $where: 'k',
          'a.b': 1,
          nan: Number.NaN,
          big: 2n ** 70n,
          when: new Date('2026-01-02T03:04:05.678Z'),
          unicode: 'Ñeembucú — “Pilar” 日本',
          gone: undefined,
        },
      });
      expect(e.details).to.include({ nul: 'a\\u0000b', lone: 'x\uFFFDy', nan: null, big: '1180591620717411303424' });
      expect(e.details.when).to.equal('2026-01-02T03:04:05.678Z');
      expect(e.details.nested).to.deep.equal(['[1,2]', '["b"]']);
      expect(e.details.unicode).to.equal('Ñeembucú — “Pilar” 日本');
      expect(Object.keys(e.details).some((k) => k.startsWith('$') || k.includes('.'))).to.equal(false);
      expect(e.details).to.not.have.property('gone');
      expect(e.details.cut).to.equal(`${'a'.repeat(999)}…`); // never half a surrogate pair
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 1 });
    });
  });

  describe('tamper detection', () => {
    // The chain is sound before each tampering (and the head has advanced past the last event:
    // an append returns before its head's advance lands, and tampering with the head meanwhile
    // would race that advance rather than test the check).
    beforeEach(async () => {
      await record(10);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 10 });
    });

    it('an edited field is detected at that event', async () => {
      await events().updateOne({ _id: 4 }, { $set: { outcome: 'failure' } });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 4, checked: 3 });
    });

    it('an edited detail, or a re-dated event, is detected', async () => {
      await events().updateOne({ _id: 7 }, { $set: { 'details.i': 70 } });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 7 });
      await resetDatabase();
      await record(10);
      await events().updateOne({ _id: 2 }, { $set: { at: new Date('2020-01-01T00:00:00Z') } });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 2 });
    });

    it('an edited event whose hash was recomputed without the key is detected at that event', async () => {
      const doc = (await events().findOne({ _id: 5 }))!;
      const forged = { ...doc, action: 'test.forged' } as Record<string, unknown>;
      const fields = { ...forged, seq: 5, at: (doc.at as Date).toISOString() } as unknown as Parameters<typeof auditHash>[0];
      await events().updateOne({ _id: 5 }, { $set: { action: 'test.forged', hash: auditHash(fields) } });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 5 });
    });

    it('a deleted event is detected as a gap', async () => {
      await events().deleteOne({ _id: 6 });
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 6, checked: 5 });
      expect(res.ok === false && res.reason).to.match(/missing/);
    });

    it('after a gap, verification holds at most its window of later events, not the rest of the trail', async () => {
      await record(40);
      await events().deleteOne({ _id: 6 });
      const res = await verifyAuditChain(storeInstance(), { window: 8 });
      expect(res).to.include({ ok: false, brokenAt: 6, checked: 5 });
      expect(res.ok === false && res.reason).to.match(/event 6 is missing/);
      expect(auditVerifyMemory.peakHeld, 'events held at once').to.be.at.most(8);
      // The default window tolerates what appends reorder and still finds the gap.
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 6, checked: 5 });
      expect(auditVerifyMemory.peakHeld).to.equal(44);
    });

    it('the first event deleted is detected', async () => {
      await events().deleteOne({ _id: 1 });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 1, checked: 0 });
    });

    it('swapped contents (reordered events) are detected at the first of them', async () => {
      const a = (await events().findOne({ _id: 3 }))!;
      const b = (await events().findOne({ _id: 5 }))!;
      const { _id: _a, ...restA } = a;
      const { _id: _b, ...restB } = b;
      await events().replaceOne({ _id: 3 }, restB);
      await events().replaceOne({ _id: 5 }, restA);
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 3 });
    });

    it('a deleted last event (truncation) is detected against the head', async () => {
      await events().deleteOne({ _id: 10 });
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 10, checked: 9 });
      expect(res.ok === false && res.reason).to.match(/head/);
    });

    it('a head that does not match its event is detected', async () => {
      await counters().updateOne({ _id: 'audit_head' }, { $set: { hash: 'f'.repeat(64) } });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 10 });
    });

    it('a foreign document slipped into the trail is reported', async () => {
      await mongoose.connection.collection('auditevents').insertOne({ _id: 'x' as never, action: 'test.foreign' });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 11 });
    });

    it('events written after the head (an append in flight) still verify', async () => {
      await counters().updateOne({ _id: 'audit_head' }, { $set: { seq: 8, hash: (await events().findOne({ _id: 8 }))!.hash as string } });
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 10 });
    });

    it('reports progress every 10,000 events by default, each time that many more are verified', async () => {
      expect(VERIFY_PROGRESS_EVERY).to.equal(10_000);
      const byDefault: number[] = [];
      await verifyAuditChain(storeInstance(), { onProgress: (n) => byDefault.push(n) });
      expect(byDefault, 'no report before 10,000 events').to.deep.equal([]);
      const everyThree: number[] = [];
      expect(await verifyAuditChain(storeInstance(), { progressEvery: 3, onProgress: (n) => everyThree.push(n) })).to.deep.include({
        ok: true,
        checked: 10,
      });
      expect(everyThree).to.deep.equal([3, 6, 9]);
    });
  });

  describe('listing', () => {
    it('is newest first, pages with an opaque cursor, and filters by actor, action, agency and time', async () => {
      await record(3, 'test.a');
      await new Promise((r) => setTimeout(r, 5));
      const mid = new Date();
      await new Promise((r) => setTimeout(r, 5));
      await recordAudit(storeInstance(), { actor: officer, action: 'alert.view' });
      await recordAudit(storeInstance(), { actor: { ...officer, id: 'u-2', agencyId: 'ag-2' }, action: 'alert.view' });
      const p1 = await listAuditEvents(storeInstance(), {}, { limit: 2 });
      expect(p1.items.map((e) => e.seq)).to.deep.equal([5, 4]);
      expect(p1.nextCursor).to.be.a('string');
      const p2 = await listAuditEvents(storeInstance(), {}, { limit: 2, cursor: p1.nextCursor! });
      expect(p2.items.map((e) => e.seq)).to.deep.equal([3, 2]);
      const p3 = await listAuditEvents(storeInstance(), {}, { limit: 2, cursor: p2.nextCursor! });
      expect(p3.items.map((e) => e.seq)).to.deep.equal([1]);
      expect(p3.nextCursor).to.equal(null);
      expect((await listAuditEvents(storeInstance(), { agencyId: 'ag-1' }, { limit: 10 })).items.map((e) => e.seq)).to.deep.equal([4]);
      expect((await listAuditEvents(storeInstance(), { actorId: 'u-2' }, { limit: 10 })).items.map((e) => e.seq)).to.deep.equal([5]);
      expect((await listAuditEvents(storeInstance(), { action: 'test.a' }, { limit: 10 })).items).to.have.length(3);
      expect((await listAuditEvents(storeInstance(), { from: mid }, { limit: 10 })).items.map((e) => e.seq)).to.deep.equal([5, 4]);
      expect((await listAuditEvents(storeInstance(), { to: mid }, { limit: 10 })).items.map((e) => e.seq)).to.deep.equal([3, 2, 1]);
    });

    it('refuses a forged cursor with validation_failed', async () => {
      for (const cursor of [
        'garbage!',
        Buffer.from('{"seq":-1}').toString('base64url'),
        Buffer.from('{"seq":{"$gt":0}}').toString('base64url'),
      ]) {
        try {
          await listAuditEvents(storeInstance(), {}, { limit: 5, cursor });
          expect.fail(`cursor ${cursor} was accepted`);
        } catch (err) {
          expect(err).to.be.instanceOf(DomainError);
          expect((err as DomainError).code).to.equal('validation_failed');
        }
      }
    });
  });

  describe('`puente audit-verify`', () => {
    it('exits 0 on a good chain and 1 after tampering, naming the broken seq', async () => {
      await record(10);
      const good = await auditVerifyCli();
      expect(good.code, good.stderr).to.equal(0);
      expect(good.stdout).to.match(/^ok: 10 events checked/);
      await events().updateOne({ _id: 2 }, { $set: { action: 'test.other' } });
      const bad = await auditVerifyCli();
      expect(bad.code, bad.stderr).to.equal(1);
      expect(bad.stdout).to.match(/^BROKEN at seq 2: /);
    });

    it('exits 2 with a clear message when the store cannot be reached', async () => {
      const res = await auditVerifyCli({ MONGODB_URI: 'mongodb://127.0.0.1:9/' });
      expect(res.code).to.equal(2);
      expect(res.stderr).to.match(/cannot open the store at MONGODB_URI/);
    });
  });
});
