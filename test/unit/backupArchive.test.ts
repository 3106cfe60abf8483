/**
 * The backup archive's format (server/platform/backup/archive.ts): what is written comes back with
 * every BSON type as it was, and an archive that was altered, damaged or cut short is refused
 * whole, before a restore could act on any of it.
 */
import { expect } from 'chai';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import {
  ArchiveInvalid,
  ArchiveWriter,
  parseDocument,
  readArchive,
  verifyArchive,
  type ArchiveRecord,
} from '../../server/platform/backup/archive.js';

const { BSON } = mongoose.mongo;

const documents = [
  {
    _id: new BSON.ObjectId(),
    small: new BSON.Int32(5),
    real: new BSON.Double(2),
    big: BSON.Long.fromNumber(2 ** 40),
    at: new Date('2026-12-06T10:00:00Z'),
    bytes: new BSON.Binary(Buffer.from([0, 1, 2, 255])),
    text: 'Línea con "comillas", \\ y salto\nde línea',
    nested: { list: [new BSON.Int32(1), null, { deep: true }] },
  },
  { _id: 'string-id', empty: {} },
];

describe('backup archive format', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-archive-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  async function write(file: string): Promise<void> {
    const w = await ArchiveWriter.create(file, {
      startedAt: new Date().toISOString(),
      database: 'db',
      keyCheck: 'k',
      leftOut: { sessions: 'why' },
    });
    await w.section({ collection: 'things', indexes: [{ key: { small: 1 }, name: 'small_1', unique: true }] });
    for (const d of documents) await w.document(d);
    await w.section({ collection: 'log_r0', indexes: [], log: 'log' });
    await w.document({ _id: new BSON.Int32(1) });
    await w.logHead({ log: 'log', head: { _id: 'log_head', seq: 1, hash: 'h' } });
    await w.finish();
  }

  async function records(file: string): Promise<ArchiveRecord[]> {
    const all: ArchiveRecord[] = [];
    for await (const r of readArchive(file)) all.push(r);
    return all;
  }

  async function refusal(file: string): Promise<string> {
    try {
      await verifyArchive(file);
    } catch (err) {
      expect(err).to.be.instanceOf(ArchiveInvalid);
      return (err as Error).message;
    }
    throw new Error('the archive was accepted');
  }

  /** The archive's text, changed by `edit`, compressed again (a valid gzip stream). */
  async function rewrite(file: string, edit: (text: string) => string): Promise<void> {
    const text = zlib.gunzipSync(await fs.readFile(file)).toString('utf8');
    await fs.writeFile(file, zlib.gzipSync(edit(text)));
  }

  it('gives back every document as stored (BSON-identical), with sections, log heads and counts', async () => {
    const file = path.join(dir, 'a.pbk');
    await write(file);
    expect((await fs.stat(file)).mode & 0o777).to.equal(0o600);
    const all = await records(file);
    expect(all.map((r) => r.kind)).to.deep.equal([
      'header',
      'section',
      'document',
      'document',
      'section',
      'document',
      'logHead',
      'manifest',
    ]);
    const docs = all.flatMap((r) => (r.kind === 'document' && r.collection === 'things' ? [parseDocument(r.line)] : []));
    docs.forEach((d, i) => expect(Buffer.from(BSON.serialize(d)).equals(BSON.serialize(documents[i]!)), `document ${i}`).to.equal(true));
    const manifest = all.at(-1)!;
    expect(manifest.kind === 'manifest' && manifest.manifest.collections).to.deep.equal({
      things: { documents: 2 },
      log_r0: { documents: 1 },
    });
    const verified = await verifyArchive(file);
    expect(verified.logHeads).to.deep.equal([{ log: 'log', head: { _id: 'log_head', seq: 1, hash: 'h' } }]);
    expect(verified.header.leftOut).to.deep.equal({ sessions: 'why' });
  });

  it('never overwrites an archive', async () => {
    const file = path.join(dir, 'a.pbk');
    await write(file);
    const before = await fs.readFile(file);
    let code: string | undefined;
    await write(file).catch((err: NodeJS.ErrnoException) => (code = err.code));
    expect(code).to.equal('EEXIST');
    expect((await fs.readFile(file)).equals(before)).to.equal(true);
  });

  it('refuses a document changed inside a valid gzip stream (checksum)', async () => {
    const file = path.join(dir, 'a.pbk');
    await write(file);
    await rewrite(file, (t) => t.replace('string-id', 'string-iD'));
    expect(await refusal(file)).to.match(/checksum/);
  });

  it('refuses damaged compressed data, a cut-short archive, a removed line and altered counts', async () => {
    const file = path.join(dir, 'a.pbk');
    await write(file);
    const good = await fs.readFile(file);

    const flipped = Buffer.from(good);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    await fs.writeFile(file, flipped);
    expect(await refusal(file)).to.match(/damaged|checksum/);

    await fs.writeFile(file, good.subarray(0, Math.floor(good.length * 0.6)));
    expect(await refusal(file)).to.match(/damaged|manifest/);

    await fs.writeFile(file, good);
    await rewrite(file, (t) => t.replace(/\n!\{"manifest".*\n$/, '\n'));
    expect(await refusal(file)).to.match(/without its manifest/);

    await fs.writeFile(file, good);
    await rewrite(file, (t) => t.replace('"things":{"documents":2}', '"things":{"documents":3}'));
    expect(await refusal(file)).to.match(/things: the manifest counts 3/);

    await fs.writeFile(file, good);
    await rewrite(file, (t) => `${t}{"_id":"after"}\n`);
    expect(await refusal(file)).to.match(/after the manifest/);
  });

  it('refuses what is no Puente backup', async () => {
    const file = path.join(dir, 'x');
    await fs.writeFile(file, zlib.gzipSync('{"_id":1}\n'));
    expect(await refusal(file)).to.match(/not a Puente backup/);
    await fs.writeFile(file, 'plain text');
    expect(await refusal(file)).to.match(/damaged/);
    expect(await refusal(path.join(dir, 'missing'))).to.match(/ENOENT/);
  });
});
