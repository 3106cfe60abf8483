import { expect } from 'chai';
import { ALERT_LIMITS, UPDATE_SHARES } from '../../shared/schemas/alerts.js';
import { overflownShare, updateBytes, type BudgetedUpdate } from '../../server/alerts/updateBudget.js';

const ORIGIN = 'origin';
const big = 'x'.repeat(5000);
const entry = (agencyId: string, kind: 'note' | 'hit', text = big): BudgetedUpdate => ({ kind, agencyId, text, location: null });
const weight = updateBytes(entry(ORIGIN, 'note'));
const room = (fraction: number) => Math.floor((ALERT_LIMITS.updateBytesPerAlert * fraction) / weight);

/** Adds updates by `agencyId` of `kind` while they fit; returns how many fitted and the refusal. */
function fill(updates: BudgetedUpdate[], agencyId: string, kind: 'note' | 'hit') {
  let added = 0;
  for (;;) {
    const next = entry(agencyId, kind);
    const refusal = overflownShare({ originAgencyId: ORIGIN, updates }, next);
    if (refusal) return { added, refusal };
    updates.push(next);
    added++;
  }
}

describe('alert update budget shares (issue #23 F5)', () => {
  it('one partner agency: notes up to its notes share (agency_share_full), then hits up to its whole share', () => {
    const updates: BudgetedUpdate[] = [];
    const notes = fill(updates, 'py', 'note');
    expect(notes.added).to.equal(room(UPDATE_SHARES.agencyNotes));
    expect(notes.refusal.code).to.equal('agency_share_full');
    const hits = fill(updates, 'py', 'hit');
    expect(notes.added + hits.added).to.equal(room(UPDATE_SHARES.agencyUpdates));
    expect(hits.refusal.code).to.equal('agency_share_full');
  });

  it('partners together leave room for hits and for the origin, whatever their number', () => {
    const updates: BudgetedUpdate[] = [];
    for (let i = 0; i < 40; i++) fill(updates, `n${i}`, 'note');
    const partnerNotes = updates.length;
    expect(partnerNotes).to.equal(room(UPDATE_SHARES.partnerNotes));
    for (let i = 0; i < 40; i++) fill(updates, `h${i}`, 'hit');
    expect(updates.length).to.equal(room(UPDATE_SHARES.partnerUpdates));
    expect(overflownShare({ originAgencyId: ORIGIN, updates }, entry('late', 'hit'))?.code).to.equal('alert_full');
    // The origin still has its quarter.
    expect(overflownShare({ originAgencyId: ORIGIN, updates }, entry(ORIGIN, 'hit'))).to.equal(null);
    expect(overflownShare({ originAgencyId: ORIGIN, updates }, entry(ORIGIN, 'note'))).to.equal(null);
  });

  it('the origin’s notes leave the last eighth to hits; a hidden note weighs nothing but keeps its place in the count', () => {
    const updates: BudgetedUpdate[] = [];
    const notes = fill(updates, ORIGIN, 'note');
    expect(notes.added).to.equal(room(UPDATE_SHARES.allNotes));
    expect(notes.refusal.code).to.equal('alert_full');
    expect(overflownShare({ originAgencyId: ORIGIN, updates }, entry('py', 'hit'))).to.equal(null);
    updates[0] = { ...updates[0]!, text: '' };
    expect(overflownShare({ originAgencyId: ORIGIN, updates }, entry(ORIGIN, 'note'))).to.equal(null);
    const many = Array.from({ length: ALERT_LIMITS.updatesPerAlert }, () => entry(ORIGIN, 'hit', ''));
    expect(overflownShare({ originAgencyId: ORIGIN, updates: many }, entry(ORIGIN, 'hit', 'x'))?.code).to.equal('alert_full');
  });
});
