/**
 * Issue 28, "Backup and restore": `puente backup` taken while officers post keyed alerts and an
 * agency administrator adds contacts and invites users, the store wiped, `puente restore`, a server
 * started on it. Everything acknowledged before the backup began is there, the audit chain
 * verifies, a device's catch-up cursor from before the backup goes on from where it was while one
 * the lost store issued after it is told to reload (`reset: true`), and a new alert gets a fresh
 * reference. A damaged archive is refused without touching the store, and so is a restore into a
 * store that is not empty; a second backup, of the restored store at rest, restores identically.
 *
 * Real processes throughout: a spawned server, the CLI as its own process, a FerretDB of the test's
 * own (ownStore.ts: SQLite, or PostgreSQL on the second backend).
 */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import { seedBulkAlerts } from '../../server/seed/index.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { catchUpFrom, repeated, since } from '../helpers/catchUp.js';
import { runCliWithEnv, type CliResult } from '../helpers/cli.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { describeAnswers, inPool, keyedPost, sendUntilStored } from '../helpers/keyedPosts.js';
import { OwnStore, useSharedStore } from '../helpers/ownStore.js';
import { tinyPng, uploadPhoto } from '../helpers/photoUpload.js';
import { freePort } from '../helpers/ports.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { openSocket } from '../helpers/sockets.js';
import { Alert, Contact, User } from '../helpers/models.js';
import { storeInstance } from '../helpers/instance.js';

/** Alerts acknowledged before the backup starts, then kept coming while it runs. */
const BEFORE_BACKUP = 24;
/** Alerts in the store from the start (written in bulk), so that copying them takes seconds of load. */
const BULK = 1000;
const AT_ONCE = 3;

interface Acked {
  id: string;
  at: number;
}

/** Every document of every collection, as stored (BSON), by collection: what a restore must give back. */
async function storeContents(exceptHeads: string[]): Promise<Record<string, string[]>> {
  const db = mongoose.connection.db!;
  const out: Record<string, string[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const docs = await db.collection(name).find({}, { promoteValues: false }).toArray();
    const kept = docs.filter((d) => !(name === 'counters' && exceptHeads.includes(String(d._id))));
    if (kept.length) out[name] = kept.map((d) => Buffer.from(mongoose.mongo.BSON.serialize(d)).toString('base64')).sort();
  }
  return out;
}

const documentCount = async () => {
  let n = 0;
  for (const { name } of await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray())
    n += await mongoose.connection.db!.collection(name).countDocuments({});
  return n;
};

describe('backup under write load, restore into a wiped store (issue 28)', function () {
  this.timeout(600_000);
  let own: OwnStore;
  let dir: string;
  let env: Record<string, string>;
  let server: SpawnedServer | null = null;
  let url: string;
  let officers: BuiltUser[];
  let admin: BuiltUser;
  let watcher: BuiltUser;
  let agencyId: string;

  const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> =>
    runCliWithEnv(args, { NODE_ENV: 'test', MONGODB_URI: own.uri, MONGODB_DB: own.dbName, ...extra });
  /** A server on the store, once its alert copy serves (`/readyz` 200). */
  const start = async () => {
    server = await spawnServer(env, 180_000);
    for (let i = 0; i < 1200 && (await fetch(`${url}/readyz`).catch(() => null))?.status !== 200; i++)
      await new Promise((r) => setTimeout(r, 100));
  };
  const stop = async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    server = null;
  };

  before(async () => {
    own = await OwnStore.start();
    await own.useInThisProcess();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-backup-'));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = {
      MONGODB_URI: own.uri,
      MONGODB_DB: own.dbName,
      PORT: String(port),
      JOBS_ENABLED: 'false',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
      ALERT_COPY_SNAPSHOT: path.join(dir, 'alert-copy.snapshot'),
    };
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    agencyId = String(ar._id);
    officers = [await buildUser({ agency: ar, mfa: true }), await buildUser({ agency: py, mfa: true })];
    admin = await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true });
    watcher = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    await seedBulkAlerts(storeInstance(), BULK);
    await start();
  });
  after(async () => {
    await stop();
    await useSharedStore();
    await own.remove();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('finds every acknowledged alert, contact and user, verifies the audit chain, keeps or resets cursors, numbers anew', async () => {
    const posters = await Promise.all(officers.map((o) => signIn(url, o)));
    const adminClient = await signIn(url, admin);
    const alerts: Acked[] = [];
    const contacts: Acked[] = [];
    const users: Acked[] = [];
    const failed: string[] = [];
    let posted = 0;
    let stopLoad = false;

    const postAlerts = async (n: number) => {
      const batch = Array.from({ length: n }, () => {
        const title = `Respaldo ${posted++}`;
        return keyedPost(posters[posted % 2]!, title, alertBody({ title }));
      });
      await inPool(batch, AT_ONCE, async (post) => {
        const outcome = await sendUntilStored(post, { withinMs: 60_000, timeoutMs: 30_000 });
        if (outcome.id) alerts.push({ id: outcome.id, at: Date.now() });
        else failed.push(`${post.title}: ${describeAnswers(outcome.answers)}`);
      });
    };
    const adminWork = async (client: ApiClient) => {
      for (let i = 0; !stopLoad; i++) {
        const contact = await client.post('/api/v1/contacts', {
          agencyId,
          kind: 'desk',
          name: `Mesa de respaldo ${i}`,
          unit: null,
          position: null,
          phones: [{ number: `+54 370 455-${String(7000 + i)}`, is24h: false, whatsapp: false }],
          emails: [],
          languages: ['es'],
          availability: null,
          notes: null,
        });
        if (contact.status === 201) contacts.push({ id: String(contact.body.id), at: Date.now() });
        const user = await client.post('/api/v1/users', {
          email: `respaldo.${i}.${Date.now()}@example.org`,
          displayName: `Invitado ${i}`,
          agencyId,
          roles: ['officer'],
        });
        if (user.status === 201) users.push({ id: String(user.body.user.id), at: Date.now() });
      }
    };

    // An alert with a photo, whose bytes must come back.
    const withPhoto = await posters[0]!.post('/api/v1/alerts', alertBody({ title: 'Respaldo con foto' }));
    expect(withPhoto.status).to.equal(201);
    alerts.push({ id: String(withPhoto.body.id), at: Date.now() });
    const photo = await uploadPhoto(posters[0]!, String(withPhoto.body.id), await tinyPng(64), 'image/png').expect(201);
    const photoPath = `/api/v1/alerts/${String(withPhoto.body.id)}/photos/${String(photo.body.id)}`;
    const photoBytes = (await posters[0]!.get(photoPath).buffer(true).expect(200)).body as Buffer;
    expect(photoBytes.length).to.be.greaterThan(0);

    // A device that has caught up with the first alerts, and keeps its cursor.
    await postAlerts(4);
    const device = await openSocket(url, { cookie: (await signIn(url, watcher)).cookieHeader() });
    const beforeCursor = (await since(device, null)).cursor;
    const seenByDevice = alerts.length;
    const admins = adminWork(adminClient);
    await postAlerts(BEFORE_BACKUP - seenByDevice);

    // The backup, while alerts keep coming.
    const archive = path.join(dir, 'puente.pbk');
    const backupBegan = Date.now();
    let backingUp = true;
    const during = (async () => {
      while (backingUp) await postAlerts(AT_ONCE);
    })();
    const backup = await cli(['backup', archive]);
    const backupEnded = Date.now();
    backingUp = false;
    await during;
    expect(backup.code, backup.out).to.equal(0);
    expect(backup.stdout).to.match(/^backup written: .*sha256 [0-9a-f]{64}\n$/);
    expect(backup.stderr, 'progress per collection').to.match(/alerts: [\d,]+ documents/);
    // After the backup: more alerts, and a device whose cursor the restored store will not know.
    await postAlerts(3);
    const lostCursor = (await since(device, null)).cursor;
    device.close();
    stopLoad = true;
    await admins;
    await stop();

    expect(failed, 'every post ends in a 201').to.deep.equal([]);
    const acked = (list: Acked[]) => list.filter((a) => a.at <= backupBegan).map((a) => a.id);
    const alertsBefore = acked(alerts);
    expect(alertsBefore.length).to.be.at.least(BEFORE_BACKUP);
    expect(acked(contacts).length, 'contacts created before the backup').to.be.greaterThan(0);
    expect(acked(users).length, 'users invited before the backup').to.be.greaterThan(0);
    expect(
      alerts.filter((a) => a.at > backupBegan && a.at < backupEnded).length,
      'alerts acknowledged while the backup ran',
    ).to.be.greaterThan(0);
    console.log(
      `      ${alerts.length} alerts (${alertsBefore.length} before the backup), ${contacts.length} contacts, ${users.length} users; ` +
        `backup: ${backup.stdout.trim()}`,
    );

    // The store wiped.
    await mongoose.connection.db!.dropDatabase();
    expect(await documentCount()).to.equal(0);

    // A damaged archive (one alert's title changed, the gzip stream still valid) is refused, the store untouched.
    const damaged = path.join(dir, 'damaged.pbk');
    const text = zlib.gunzipSync(await fs.readFile(archive)).toString('utf8');
    await fs.writeFile(damaged, zlib.gzipSync(text.replace('"Respaldo 1"', '"Respaldo X"')));
    const checked = await cli(['restore', '--check', damaged]);
    expect(checked.code, checked.out).to.equal(65);
    expect((await cli(['restore', '--check', archive])).stdout).to.match(/^archive ok: .* sha256 [0-9a-f]{64}\n$/);
    const refused = await cli(['restore', damaged]);
    expect(refused.code, refused.out).to.equal(65);
    expect(refused.stderr).to.match(/checksum/);
    expect(await mongoose.connection.db!.listCollections().toArray(), 'no collection made').to.deep.equal([]);

    const restore = await cli(['restore', archive]);
    expect(restore.code, restore.out).to.equal(0);
    expect(restore.stdout).to.match(/audit trail: ok/);
    expect(restore.stderr).to.match(/archive checked: .*checksum matches/);
    const restored = await documentCount();

    // Into a store that is not empty: refused, nothing changed.
    const again = await cli(['restore', archive]);
    expect(again.code, again.out).to.equal(73);
    expect(again.stderr).to.match(/not empty: .*alerts.*--replace/s);
    expect(await documentCount()).to.equal(restored);

    // No restored alert is ahead of the restored change log: the head covers every alert's change.
    const head = await mongoose.connection.db!.collection<{ _id: string; seq: number }>('counters').findOne({ _id: 'alert_changes_head' });
    const [newest] = await Alert.find({}, { changeSeq: 1 }).sort({ changeSeq: -1 }).limit(1).lean();
    expect(head!.seq).to.be.at.least(newest!.changeSeq);

    const verify = await cli(['audit-verify']);
    expect(verify.code, verify.out).to.equal(0);
    expect(verify.stdout).to.match(/^ok: \d+ events checked/);

    const found = async (collection: string, ids: string[]) => {
      // Every id the server hands out for these (alerts, contacts, users) is an ObjectId.
      const keys = ids.map((id) => new mongoose.Types.ObjectId(id));
      const docs = await mongoose.connection
        .db!.collection(collection)
        .find({ _id: { $in: keys } }, { projection: { _id: 1 } })
        .toArray();
      const held = new Set(docs.map((d) => String(d._id)));
      return ids.filter((id) => !held.has(id));
    };
    expect(await found(Alert.collection.collectionName, alertsBefore), 'alerts acknowledged before the backup').to.deep.equal([]);
    expect(await found(Contact.collection.collectionName, acked(contacts)), 'contacts').to.deep.equal([]);
    expect(await found(User.collection.collectionName, acked(users)), 'users').to.deep.equal([]);

    // A server on the restored store: everyone signs in again (sessions are not kept).
    await start();
    const poster = await signIn(url, officers[0]!);
    const photoBack = (await poster.get(photoPath).buffer(true).expect(200)).body as Buffer;
    expect(photoBack.equals(photoBytes), 'the photo, byte for byte').to.equal(true);
    const back = await openSocket(url, { cookie: (await signIn(url, watcher)).cookieHeader() });
    try {
      const expected = new Set(alertsBefore.slice(seenByDevice));
      const first = await since(back, beforeCursor);
      expect(first.reset, 'a cursor from before the backup goes on').to.not.equal(true);
      const { ids } = await catchUpFrom(back, beforeCursor, expected);
      expect(repeated(ids), 'no alert twice').to.deep.equal([]);
      expect(
        [...expected].filter((id) => !ids.includes(id)),
        'every alert since the cursor',
      ).to.deep.equal([]);
      const lost = await since(back, lostCursor);
      expect(lost.reset, 'a cursor the lost store issued after the backup').to.equal(true);
    } finally {
      back.close();
    }

    const references = (await Alert.find({}, { reference: 1 }).lean()).map((a) => a.reference);
    const fresh = await poster.post('/api/v1/alerts', alertBody({ title: 'Después de restaurar' }));
    expect(fresh.status, JSON.stringify(fresh.body)).to.equal(201);
    const reference = String(fresh.body.reference);
    expect(references).to.not.include(reference);
    const numberOf = (r: string) => Number(r.split('-')[2]);
    const sameSeries = references.filter((r) => r.slice(0, 8) === reference.slice(0, 8)).map(numberOf);
    expect(numberOf(reference), 'after every restored reference of its series').to.equal(Math.max(...sameSeries) + 1);
    await stop();
  });

  it('restores a backup of a store at rest identically, also over a store told to be replaced; reference hints raised', async () => {
    await stop();
    // Reference hints behind the alerts, as an archive holds them when alerts were posted after
    // `counters` was copied: without the restore raising them, posts would try every number from
    // the hint up and fail after 64 taken ones.
    const hints = mongoose.connection.db!.collection<{ _id: string; seq: number }>('counters');
    const series = (await hints.find({ _id: /^alertref:/ } as never).toArray()).map((h) => h._id);
    expect(series.length).to.be.greaterThan(0);
    const before = await storeContents(['alert_changes_head', 'audit_head']);
    await hints.updateMany({ _id: { $in: series } }, { $set: { seq: 0 } });
    const archive = path.join(dir, 'rest.pbk');
    const backup = await cli(['backup', archive]);
    expect(backup.code, backup.out).to.equal(0);
    // Refused when the archive's name is taken: an archive is never overwritten.
    expect((await cli(['backup', archive])).code).to.equal(1);

    const replaced = await cli(['restore', '--replace', archive]);
    expect(replaced.code, replaced.out).to.equal(0);
    expect(replaced.stderr).to.match(/--replace: dropped \d+ collections/);
    const after = await storeContents(['alert_changes_head', 'audit_head']);
    // Left out by design: nothing of them comes back.
    for (const name of ['sessions', 'doclocks', 'leases', 'usedtotpcodes', 'backuprecords']) delete before[name];
    expect(Object.keys(after).sort()).to.deep.equal(Object.keys(before).sort());
    for (const name of Object.keys(before)) expect(after[name], name).to.deep.equal(before[name]);
  });
});
