/**
 * Audit events of format 2 against the real store (issue 29, docs/data-subject-requests.md "Audit
 * trail"): an event's personal part is kept apart and chained through a salted commitment, so
 * erasing it (with its salt) for a data-subject request leaves the chain verifiable; editing it,
 * or removing it without an erasure event of the trail naming it, breaks the chain; events of
 * format 1 (no personal part, or written before format 2) verify as before beside them.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Actor } from '../../server/platform/actor.js';
import {
  auditAppendsSettled,
  erasePersonalDetails,
  getAuditEvent,
  recordAudit,
  verifyAuditChain,
} from '../../server/platform/auditTrail/auditTrail.js';
import { auditKeyId } from '../../server/platform/auditTrail/auditKeys.js';
import { auditMac, personalCommitment, type HashedAuditFields } from '../../server/platform/auditTrail/canonical.js';
import { TEST_AUDIT_KEY } from '../helpers/auditKey.js';
import { runNode } from '../helpers/cli.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

type EventDoc = { _id: number; at: Date; hash: string; prevHash: string; keyId?: string } & Record<string, unknown>;
const events = () => mongoose.connection.collection<EventDoc>('auditevents');

const admin: Actor = { id: 'u-admin', agencyId: 'ag-1', country: 'AR', roles: ['system_admin'], agencyKind: 'other' };
const request = { id: '0123456789abcdef01234567', number: 'SDT-2026-0001' };

async function trail(): Promise<void> {
  await recordAudit(storeInstance(), { actor: null, action: 'test.plain', details: { i: 1 } });
  await recordAudit(storeInstance(), {
    actor: admin,
    action: 'search.query',
    details: { detected: 'document' },
    personal: { q: '4.567.890' },
  });
  await recordAudit(storeInstance(), {
    actor: admin,
    action: 'search.query',
    details: { detected: 'name' },
    personal: { q: 'María José Benítez' },
  });
  await recordAudit(storeInstance(), { actor: null, action: 'test.plain', details: { i: 2 } });
}

describe('audit events with a personal part (format 2)', function () {
  this.timeout(120_000);
  beforeEach(async () => {
    await auditAppendsSettled(storeInstance());
    await resetDatabase();
    await trail();
  });

  it('stores the personal part apart, salted, and shows it with the details', async () => {
    const raw = (await events().findOne({ _id: 2 }))!;
    expect(raw).to.include({ fmt: 2 });
    expect(raw.details).to.deep.equal({ detected: 'document' });
    expect(raw.personal).to.deep.equal({ q: '4.567.890' });
    expect(raw.personalSalt).to.match(/^[0-9a-f]{32}$/);
    expect(raw.personalCommit).to.equal(personalCommitment(raw.personalSalt as string, { q: '4.567.890' }));
    // The MAC covers the commitment, not the part: with the part in the details it would differ.
    const key = Buffer.from(TEST_AUDIT_KEY, 'base64');
    const fields = { ...raw, seq: 2, at: raw.at.toISOString(), details: raw.details } as unknown as HashedAuditFields;
    expect(auditMac(fields, key, auditKeyId(key), raw.personalCommit as string)).to.equal(raw.hash);
    expect((await getAuditEvent(storeInstance(), 2))!.details).to.deep.equal({ detected: 'document', q: '4.567.890' });
    expect((await events().findOne({ _id: 1 }))!.fmt).to.equal(undefined);
    expect(await verifyAuditChain(storeInstance())).to.deep.include({ ok: true, checked: 4 });
  });

  it('an edited personal part breaks the chain at its event', async () => {
    await events().updateOne({ _id: 3 }, { $set: { 'personal.q': 'Otra Persona' } });
    expect(await verifyAuditChain(storeInstance())).to.deep.include({
      ok: false,
      brokenAt: 3,
      reason: 'its personal details do not match their commitment',
    });
  });

  it('personal details slipped into an event of format 1 break the chain', async () => {
    await events().updateOne({ _id: 4 }, { $set: { personal: { q: 'inventado' } } });
    expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 4 });
  });

  it('a personal part removed without an erasure breaks the chain, and so does one erased that no erasure event names', async () => {
    await events().updateOne({ _id: 2 }, { $unset: { personal: '', personalSalt: '' } });
    expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 2 });
    await events().updateOne({ _id: 2 }, { $set: { personalErased: { at: new Date(), requestNumber: 'SDT-2026-9999' } } });
    const res = await verifyAuditChain(storeInstance());
    expect(res).to.include({ ok: false, brokenAt: 2 });
    expect((res as { reason: string }).reason).to.match(/no erasure event/);
  });

  it('erased for a request, the event keeps its skeleton and the chain verifies (also with `puente audit-verify`)', async () => {
    const { erased, notErasable } = await erasePersonalDetails(storeInstance(), admin, [2, 3, 4], request);
    expect(erased).to.deep.equal([2, 3]);
    expect(notErasable).to.deep.equal([4]);
    const raw = (await events().findOne({ _id: 2 }))!;
    expect(raw.personal).to.equal(undefined);
    expect(raw.personalSalt).to.equal(undefined);
    expect(raw).to.include({ action: 'search.query', fmt: 2 });
    expect(raw.details).to.deep.equal({ detected: 'document' });
    const shown = (await getAuditEvent(storeInstance(), 2))!;
    expect(shown.details).to.deep.equal({ detected: 'document' });
    expect(shown.personalErased).to.include({ requestNumber: request.number });
    const announcement = (await getAuditEvent(storeInstance(), 5))!;
    expect(announcement).to.deep.include({ action: 'audit.personal_erased', targetId: request.id });
    expect(announcement.details).to.deep.equal({ requestNumber: request.number, seqs: [2, 3] });
    expect(await verifyAuditChain(storeInstance())).to.deep.include({ ok: true, checked: 5 });
    const all = JSON.stringify(await events().find({}).toArray());
    for (const s of ['4.567.890', 'Benítez']) expect(all).to.not.include(s);
    const cli = await runNode(['server/cli/main.ts', 'audit-verify']);
    expect(cli.code, cli.stdout + cli.stderr).to.equal(0);
    // Erasing again changes nothing and appends nothing.
    expect((await erasePersonalDetails(storeInstance(), admin, [2], request)).erased).to.deep.equal([]);
    expect(await verifyAuditChain(storeInstance())).to.deep.include({ ok: true, checked: 5 });
  });
});
