/**
 * The keyed audit trail against the real store (issue 28): an attacker who can write the store
 * but lacks AUDIT_KEY cannot rewrite it unnoticed; a key rotation keeps the whole trail
 * verifiable and a retired key forges nothing after it; events written before the trail was
 * keyed still verify; anchors kept off the store detect the newest events deleted with the head
 * rewritten, and a rewrite by someone holding the key; production refuses to start without a key.
 */
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import mongoose from 'mongoose';
import {
  announceAuditKey,
  auditAppendsSettled,
  recordAudit,
  takeAuditAnchor,
  useAuditKeys,
  verifyAuditChain,
} from '../../server/platform/auditTrail/auditTrail.js';
import { auditKeyId, auditKeyring, resolveAuditKeyring, type AuditKeyring } from '../../server/platform/auditTrail/auditKeys.js';
import { createLogger } from '../../server/platform/config/logger.js';
import { formatAnchor, parseAnchors } from '../../server/platform/auditTrail/anchors.js';
import { auditHash, auditMac, ZERO_HASH, type HashedAuditFields } from '../../server/platform/auditTrail/canonical.js';
import { runScheduledJob } from '../../server/platform/jobs/scheduler.js';
import { coreJobs } from '../../server/jobs.js';
import { TEST_AUDIT_KEY } from '../helpers/auditKey.js';
import { runCli, runNode } from '../helpers/cli.js';
import { coreJob } from '../helpers/jobs.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testInstance, storeInstance } from '../helpers/instance.js';

type EventDoc = { _id: number; at: Date; hash: string; prevHash: string; keyId?: string } & Record<string, unknown>;
const events = () => mongoose.connection.collection<EventDoc>('auditevents');
const counters = () => mongoose.connection.collection<{ _id: string; seq: number; hash: string; epoch?: string }>('counters');

const TEST_KEY = Buffer.from(TEST_AUDIT_KEY, 'base64');
const testRing = auditKeyring(TEST_KEY);
const key1 = Buffer.alloc(32, 0x11);
const key2 = Buffer.alloc(32, 0x22);
const key3 = Buffer.alloc(32, 0x33);
const wrongKey = Buffer.alloc(32, 0x66);

async function record(n: number, action = 'test.event', on = storeInstance()): Promise<void> {
  for (let i = 0; i < n; i++) await recordAudit(on, { actor: null, action, details: { i } });
}

const fieldsOf = (doc: EventDoc, prevHash: string): HashedAuditFields =>
  ({ ...doc, seq: doc._id, at: doc.at.toISOString(), prevHash }) as unknown as HashedAuditFields;

/** How an attacker signs a rewritten event: its hash, and the key id it claims (none: plain SHA-256). */
type Signer = (fields: HashedAuditFields) => { hash: string; keyId?: string };
const plainSha256: Signer = (f) => ({ hash: auditHash(f) });
const macWith =
  (key: Buffer, keyId = auditKeyId(key)): Signer =>
  (f) => ({ hash: auditMac(f, key, keyId), keyId });

/**
 * What someone with write access to the store can do: change event `from`, then recompute the
 * hashes and links of it and every later event with `sign`, and set the head to match.
 */
async function rewriteFrom(from: number, change: (doc: EventDoc) => void, sign: Signer): Promise<void> {
  const docs = (await events().find({}).toArray()).filter((d) => d._id >= from).sort((a, b) => a._id - b._id);
  let prev = from === 1 ? ZERO_HASH : (await events().findOne({ _id: from - 1 }))!.hash;
  for (const doc of docs) {
    if (doc._id === from) change(doc);
    const { keyId: _old, ...rest } = doc;
    const signed = sign(fieldsOf(doc, prev));
    await events().replaceOne(
      { _id: doc._id },
      { ...rest, prevHash: prev, hash: signed.hash, ...(signed.keyId ? { keyId: signed.keyId } : {}) },
    );
    prev = signed.hash;
  }
  await counters().updateOne({ _id: 'audit_head' }, { $set: { seq: docs.at(-1)!._id, hash: prev } });
}

/** Events as a Puente before keys wrote them: plain SHA-256, no key id, the head on the last. */
async function writeUnkeyedTrail(n: number): Promise<void> {
  let prevHash = ZERO_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const at = new Date(Date.now() - (n - seq) * 1000);
    const stored = {
      actorId: null,
      actorAgencyId: null,
      action: 'test.before_keys',
      targetType: null,
      targetId: null,
      outcome: 'success' as const,
      ip: null,
      requestId: null,
      details: { seq },
      prevHash,
    };
    const hash = auditHash({ ...stored, seq, at: at.toISOString() });
    await events().insertOne({ _id: seq, at, ...stored, hash });
    prevHash = hash;
  }
  await counters().insertOne({ _id: 'audit_head', seq: n, hash: prevHash, epoch: randomUUID() });
}

/** A fresh start of this process with `ring` (as createPuente does), leaving the test run's keys in place afterwards. */
function startWith(ring: AuditKeyring): void {
  useAuditKeys(storeInstance(), ring);
}

describe('keyed audit trail (AUDIT_KEY, rotation, anchors)', function () {
  this.timeout(180_000);
  let tmp: string;
  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-audit-'));
  });
  beforeEach(async () => {
    await auditAppendsSettled(storeInstance()); // no head advance lands in the emptied store
    await resetDatabase();
    startWith(testRing);
  });
  after(async () => {
    useAuditKeys(storeInstance(), testRing); // the keys every other suite appends with
    await fs.rm(tmp, { recursive: true, force: true });
  });

  describe('an event changed without the key is detected', () => {
    beforeEach(async () => {
      await record(10);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 10 });
    });

    it('details changed, the chain recomputed with plain SHA-256 and the head rewritten: broken at that event', async () => {
      await rewriteFrom(4, (doc) => (doc.details = { i: 40 }), plainSha256);
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 4, checked: 3 });
      expect(res.ok === false && res.reason).to.match(/plain SHA-256/);
    });

    it('details changed, the chain recomputed under a wrong key claiming the real key id: broken at that event', async () => {
      await rewriteFrom(4, (doc) => (doc.details = { i: 40 }), macWith(wrongKey, auditKeyId(TEST_KEY)));
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 4, checked: 3, reason: 'its content does not match its hash' });
    });

    it('details changed, the chain recomputed under a key of the attacker’s own: broken at that event, its key named unknown', async () => {
      await rewriteFrom(4, (doc) => (doc.details = { i: 40 }), macWith(wrongKey));
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 4, unknownKeyId: auditKeyId(wrongKey) });
      expect(res.ok === false && res.reason).to.match(/neither AUDIT_KEY nor in AUDIT_KEY_PREVIOUS/);
    });

    it('the whole trail recomputed with plain SHA-256, as if never keyed: refused by a verifier holding AUDIT_KEY', async () => {
      await rewriteFrom(4, (doc) => (doc.details = { i: 40 }), plainSha256);
      await rewriteFrom(1, () => undefined, plainSha256); // and the keyed events before it
      const res = await verifyAuditChain(storeInstance());
      expect(res).to.include({ ok: false, brokenAt: 1, checked: 10 });
      expect(res.ok === false && res.reason).to.match(/no event has a keyed hash although AUDIT_KEY is set/);
      // The CLI says the same, exit 1.
      const cli = await runCli(['audit-verify']);
      expect(cli.code, cli.out).to.equal(1);
      expect(cli.stdout).to.match(/^BROKEN at seq 1: no event has a keyed hash/);
    });
  });

  describe('events written before the trail was keyed', () => {
    it('verify by their SHA-256; the rotation event that starts the key links to the last of them, and pins them', async () => {
      await writeUnkeyedTrail(5);
      // A verifier without keys sees a sound unkeyed trail; one holding AUDIT_KEY waits for the key's first event.
      expect(await verifyAuditChain(storeInstance(), { keyring: auditKeyring(null) })).to.deep.equal({ ok: true, checked: 5, unkeyed: 5 });
      expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 1 });

      startWith(testRing); // the first start of a version with keys
      expect(await announceAuditKey(storeInstance())).to.deep.equal({ seq: 6, previousKeyId: null, keyId: testRing.current!.id });
      await record(2);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 8, unkeyed: 5 });
      const rotation = (await events().findOne({ _id: 6 }))!;
      expect(rotation).to.deep.include({
        action: 'audit.key_rotated',
        keyId: testRing.current!.id,
        prevHash: (await events().findOne({ _id: 5 }))!.hash,
        details: { previousKeyId: null, keyId: testRing.current!.id },
      });
      // A restart with the same key appends nothing more.
      startWith(testRing);
      expect(await announceAuditKey(storeInstance())).to.equal(null);

      // The unkeyed part rewritten (anyone can recompute SHA-256): the keyed event after it no longer links.
      let prev = (await events().findOne({ _id: 2 }))!.hash;
      for (const seq of [3, 4, 5]) {
        const doc = (await events().findOne({ _id: seq }))!;
        if (seq === 3) doc.details = { seq: 30 };
        const hash = auditHash(fieldsOf(doc, prev));
        await events().updateOne({ _id: seq }, { $set: { details: doc.details, prevHash: prev, hash } });
        prev = hash;
      }
      expect(await verifyAuditChain(storeInstance())).to.include({
        ok: false,
        brokenAt: 6,
        reason: 'it does not link to the previous event (prevHash)',
      });
    });
  });

  describe('key rotation', () => {
    it('keeps the whole trail verifiable with AUDIT_KEY_PREVIOUS, through a server start and the CLI', async () => {
      startWith(auditKeyring(key1));
      await record(3);
      // A server started with the new key appends the rotation event before anything else.
      const server = await startTestServer({ AUDIT_KEY: key2.toString('base64'), AUDIT_KEY_PREVIOUS: key1.toString('base64') });
      try {
        const rotation = (await events().findOne({ _id: 4 }))!;
        expect(rotation).to.deep.include({
          action: 'audit.key_rotated',
          keyId: auditKeyId(key2),
          details: { previousKeyId: auditKeyId(key1), keyId: auditKeyId(key2) },
        });
        await record(2, 'test.event', server.instance);
      } finally {
        await server.stop();
      }
      startWith(auditKeyring(key3, [key1, key2]));
      await record(1);
      const all = auditKeyring(key3, [key1, key2]);
      expect(await verifyAuditChain(storeInstance(), { keyring: all })).to.deep.equal({ ok: true, checked: 8 });
      expect(
        (await events().find({}).toArray()).sort((a, b) => a._id - b._id).map((e) => [e._id, e.keyId && e.keyId.slice(0, 4), e.action]),
      ).to.deep.equal([
        [1, auditKeyId(key1).slice(0, 4), 'test.event'],
        [2, auditKeyId(key1).slice(0, 4), 'test.event'],
        [3, auditKeyId(key1).slice(0, 4), 'test.event'],
        [4, auditKeyId(key2).slice(0, 4), 'audit.key_rotated'],
        [5, auditKeyId(key2).slice(0, 4), 'test.event'],
        [6, auditKeyId(key2).slice(0, 4), 'test.event'],
        [7, auditKeyId(key3).slice(0, 4), 'audit.key_rotated'],
        [8, auditKeyId(key3).slice(0, 4), 'test.event'],
      ]);
      // Without the retired keys the verifier cannot vouch for their events.
      expect(await verifyAuditChain(storeInstance(), { keyring: auditKeyring(key3, [key2]) })).to.include({
        ok: false,
        brokenAt: 1,
        unknownKeyId: auditKeyId(key1),
      });
      const env = { AUDIT_KEY: key3.toString('base64'), AUDIT_KEY_PREVIOUS: `${key1.toString('base64')},${key2.toString('base64')}` };
      const cli = await runCli(['audit-verify'], env);
      expect(cli.code, cli.out).to.equal(0);
      expect(cli.stdout).to.match(/^ok: 8 events checked/);
    });

    it('a retired key forges nothing after the rotation: neither an event under it, nor a rotation back to it', async () => {
      startWith(auditKeyring(key1));
      await record(2);
      startWith(auditKeyring(key2, [key1]));
      await record(2);
      const ring = auditKeyring(key2, [key1]);
      expect(await verifyAuditChain(storeInstance(), { keyring: ring })).to.deep.equal({ ok: true, checked: 5 });
      // Someone holding the leaked key1 rewrites the newest event under it…
      await rewriteFrom(5, (doc) => (doc.details = { i: 99 }), macWith(key1));
      const res = await verifyAuditChain(storeInstance(), { keyring: ring });
      expect(res).to.include({ ok: false, brokenAt: 5 });
      expect(res.ok === false && res.reason).to.match(/no rotation event announces the change/);
      // …or dresses it as a rotation back to key1.
      await rewriteFrom(
        5,
        (doc) => ((doc.action = 'audit.key_rotated'), (doc.details = { previousKeyId: auditKeyId(key2), keyId: auditKeyId(key1) })),
        macWith(key1),
      );
      const back = await verifyAuditChain(storeInstance(), { keyring: ring });
      expect(back).to.include({ ok: false, brokenAt: 5 });
      expect(back.ok === false && back.reason).to.match(/never returns to an earlier key/);
    });

    it('a verifier without any audit key says it cannot check a keyed trail (exit 2), not that it is broken', async () => {
      await record(2);
      const cli = await runCli(['audit-verify'], { AUDIT_KEY: '', DATA_DIR: tmp });
      expect(cli.code, cli.out).to.equal(2);
      expect(cli.stderr).to.contain(`names key ${testRing.current!.id}`).and.to.contain('no audit key is configured here');
    });
  });

  describe('anchors', () => {
    beforeEach(async () => {
      await record(10);
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 10 });
    });

    it('the newest events deleted and the head rewritten to match: the chain alone verifies, the anchors do not (CLI exit 1)', async () => {
      const file = path.join(tmp, `deleted-${randomUUID()}.anchors`);
      const taken = await runCli(['audit-anchor', '--append', file]);
      expect(taken.code, taken.out).to.equal(0);
      const line = taken.stdout.trim();
      expect(JSON.parse(line)).to.deep.include({
        anchor: 'puente-audit-anchor',
        seq: 10,
        mac: (await events().findOne({ _id: 10 }))!.hash,
      });
      expect(await fs.readFile(file, 'utf8')).to.equal(`${line}\n`);

      await events().deleteMany({ _id: { $gte: 8 } });
      await counters().updateOne({ _id: 'audit_head' }, { $set: { seq: 7, hash: (await events().findOne({ _id: 7 }))!.hash } });
      expect(await verifyAuditChain(storeInstance()), 'the known limit of a chain alone').to.deep.equal({ ok: true, checked: 7 });
      const res = await verifyAuditChain(storeInstance(), { anchors: parseAnchors(await fs.readFile(file, 'utf8')) });
      expect(res).to.include({ ok: false, brokenAt: 8, checked: 7 });
      expect(res.ok === false && res.reason).to.match(
        /the trail ends at 7 but the anchor taken at .* records event 10: the newest events were deleted/,
      );

      const cli = await runCli(['audit-verify', '--anchors', file]);
      expect(cli.code, cli.out).to.equal(1);
      expect(cli.stdout).to.match(/^BROKEN at seq 8: the trail ends at 7 but the anchor .* records event 10/);
    });

    it('the head rewritten by someone holding the key: detected against the anchor at its sequence', async () => {
      const anchors = [await takeAuditAnchor(storeInstance())];
      await record(2);
      anchors.push(await takeAuditAnchor(storeInstance()));
      expect(await verifyAuditChain(storeInstance(), { anchors })).to.deep.equal({ ok: true, checked: 12, anchors: 2 });
      // An insider with AUDIT_KEY rewrites event 12 and the head: the keyed chain is sound again…
      await rewriteFrom(12, (doc) => (doc.details = { i: 'rewritten' }), macWith(TEST_KEY));
      expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 12 });
      // …but not the one anchored.
      const res = await verifyAuditChain(storeInstance(), { anchors });
      expect(res).to.include({ ok: false, brokenAt: 12, checked: 11 });
      expect(res.ok === false && res.reason).to.match(/not the one anchored at .*: the event was rewritten after that anchor/);
    });

    it('the scheduled anchor appends the head once per period (its lease), and the trail verifies against it', async () => {
      const file = path.join(tmp, `job-${randomUUID()}.anchors`);
      const job = coreJob(storeInstance(), 'audit.anchor', { auditAnchor: { file, everyMs: 60 * 60_000 } });
      expect(job.everyMs).to.equal(60 * 60_000);
      const runs = await Promise.all([runScheduledJob(storeInstance(), job), runScheduledJob(storeInstance(), job)]);
      expect(runs.map((r) => r.ran).sort()).to.deep.equal([false, true]);
      const anchors = parseAnchors(await fs.readFile(file, 'utf8'));
      expect(anchors.map((a) => a.seq)).to.deep.equal([10]);
      const cli = await runCli(['audit-verify', '--anchors', file]);
      expect(cli.code, cli.out).to.equal(0);
      expect(cli.stdout).to.match(/^ok: 10 events checked, 1 of 1 anchors matched/);
      // Without AUDIT_ANCHOR_FILE there is no such job.
      expect(
        coreJobs(testInstance(), { inactiveAccountDays: 90, lockoutMinutes: 15, auditAnchor: null }).map((j) => j.name),
      ).to.not.include('audit.anchor');
    });

    it('`audit-anchor --syslog-server` sends the line through logger; a bad anchor file is refused with its line (exit 2)', async () => {
      const socket = dgram.createSocket('udp4');
      const received = new Promise<string>((resolve) => socket.once('message', (m) => resolve(m.toString())));
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      try {
        const res = await runCli(['audit-anchor', '--syslog-server', `127.0.0.1:${socket.address().port}`]);
        expect(res.code, res.out).to.equal(0);
        const message = await received;
        expect(message).to.contain('puente-audit-anchor').and.to.contain(res.stdout.trim());
        // A line copied from syslog reads as an anchor.
        expect(parseAnchors(message)).to.deep.equal(parseAnchors(res.stdout));
      } finally {
        socket.close();
      }
      const bad = path.join(tmp, `bad-${randomUUID()}.anchors`);
      await fs.writeFile(bad, `${formatAnchor(await takeAuditAnchor(storeInstance()))}\nnot an anchor\n`);
      const cli = await runCli(['audit-verify', '--anchors', bad]);
      expect(cli.code, cli.out).to.equal(2);
      expect(cli.stderr).to.contain('line 2 is not an audit anchor');
    });
  });

  describe('AUDIT_KEY absent', () => {
    const settings = (dataDir: string, isProduction = false) => ({ isProduction, dataDir, audit: { key: null, previousKeys: [] } });
    const capture = () => {
      const lines: string[] = [];
      const logger = createLogger('info', new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }));
      return { logger, lines };
    };

    it('outside production: generated once into DATA_DIR/audit.key (0600), said in the log, the same key at every start', async () => {
      const dataDir = path.join(tmp, `data-${randomUUID()}`);
      const first = capture();
      const [a, b] = await Promise.all([
        resolveAuditKeyring(settings(dataDir), first.logger, { generate: true }),
        resolveAuditKeyring(settings(dataDir), first.logger, { generate: true }),
      ]);
      expect(a.current!.id, 'two processes starting at once keep one key').to.equal(b.current!.id);
      const file = path.join(dataDir, 'audit.key');
      expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
      expect(auditKeyId(Buffer.from((await fs.readFile(file, 'utf8')).trim(), 'base64'))).to.equal(a.current!.id);
      const logged = first.lines.map((l) => JSON.parse(l) as { msg: string; keyFile: string; auditKeyId: string });
      expect(
        logged.some((l) => /generated an audit key into DATA_DIR/.test(l.msg) && l.keyFile === file && l.auditKeyId === a.current!.id),
      ).to.equal(true);
      expect(first.lines.join('')).to.not.contain((await fs.readFile(file, 'utf8')).trim());

      await fs.chmod(file, 0o644);
      const again = capture();
      expect((await resolveAuditKeyring(settings(dataDir), again.logger, { generate: true })).current!.id).to.equal(a.current!.id);
      expect(again.lines.join('')).to.contain('using the audit key kept in DATA_DIR').and.to.contain('made it 0600');
      expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
      // A command that only reads makes no key.
      const empty = path.join(tmp, `empty-${randomUUID()}`);
      expect((await resolveAuditKeyring(settings(empty), capture().logger, { generate: false })).current).to.equal(null);
      await fs.access(empty).then(
        () => expect.fail('a read-only command created DATA_DIR'),
        () => undefined,
      );
    });

    it('in production: no key is generated, the start fails', async () => {
      const dataDir = path.join(tmp, `prod-${randomUUID()}`);
      const err = await resolveAuditKeyring(settings(dataDir, true), capture().logger, { generate: true }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.match(/AUDIT_KEY must be set in production/);
      await fs.access(dataDir).then(
        () => expect.fail('a key directory was made'),
        () => undefined,
      );
    });
  });

  describe('production', () => {
    it('refuses to start without AUDIT_KEY, saying so', async () => {
      const res = await runNode(['server/index.ts'], {
        NODE_ENV: 'production',
        SESSION_SECRET: 'a-production-secret-of-at-least-32-characters',
        DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
        PUBLIC_URL: 'https://puente.example.org',
        DATA_DIR: tmp,
        AUDIT_KEY: '',
      });
      expect(res.code).to.equal(78);
      expect(res.stderr).to.contain('AUDIT_KEY: must be set in production');
      expect(res.stderr).to.not.match(/SESSION_SECRET|DATA_ENCRYPTION_KEY|PUBLIC_URL/);
    });
  });
});
