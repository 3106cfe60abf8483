/** The retention rule (server/alerts/retention/retentionRule.ts): when notices go out and when the purge is due. */
import { expect } from 'chai';
import {
  addYears,
  closedAtOf,
  dayMonthYear,
  noticeDue,
  purgeDateOf,
  purgeDue,
  ruleDateOf,
  type RetentionFacts,
} from '../../server/alerts/retention/retentionRule.js';
import { DAY_MS } from '../../shared/time.js';

const closedAt = Date.UTC(2021, 2, 10, 15, 0);
const facts = (over: Partial<RetentionFacts> = {}): RetentionFacts => ({
  closedAt,
  extendedUntil: null,
  noticeFor: null,
  noticeDays: null,
  noticeAt: null,
  purgedAt: null,
  ...over,
});
/** The facts after the notice `due` went out at `at`, as the job stores it. */
const sent = (f: RetentionFacts, due: { days: number; ruleDate: number }, at: number): RetentionFacts => ({
  ...f,
  noticeFor: due.ruleDate,
  noticeDays: due.days,
  noticeAt: at,
});

describe('retention rule', () => {
  const rule = addYears(closedAt, 5);

  it('keeps the personal data RETENTION_YEARS calendar years after closure, or until a later extension', () => {
    expect(new Date(rule).toISOString()).to.equal('2026-03-10T15:00:00.000Z');
    expect(ruleDateOf(facts(), 5)).to.equal(rule);
    expect(ruleDateOf(facts(), 2)).to.equal(Date.UTC(2023, 2, 10, 15, 0));
    const later = rule + 400 * DAY_MS;
    expect(ruleDateOf(facts({ extendedUntil: later }), 5)).to.equal(later);
    expect(ruleDateOf(facts({ extendedUntil: rule - DAY_MS }), 5), 'an earlier date never shortens it').to.equal(rule);
  });

  it('sends the notices at 120, 30 and 7 days before, each exactly once, then purges on the date', () => {
    let f = facts();
    const log: string[] = [];
    // An hourly run over the last 130 days.
    for (let at = rule - 130 * DAY_MS; at <= rule + DAY_MS; at += 60 * 60_000) {
      const due = noticeDue(f, at, 5);
      if (due) {
        log.push(`notice ${due.days} at ${Math.round((rule - at) / DAY_MS)} days before`);
        expect(due.purgeAt).to.equal(rule);
        f = sent(f, due, at);
      }
      if (purgeDue(f, at, 5)) {
        log.push(`purge at ${(at - rule) / 60_000} min after`);
        f = { ...f, purgedAt: at };
      }
    }
    expect(log).to.deep.equal([
      'notice 120 at 120 days before',
      'notice 30 at 30 days before',
      'notice 7 at 7 days before',
      'purge at 0 min after',
    ]);
  });

  it('never purges without the last notice, and then not before a week has passed', () => {
    const long = rule + 300 * DAY_MS; // the job was stopped, or the rule is new to an alert closed long ago
    expect(purgeDue(facts(), long, 5)).to.equal(false);
    const due = noticeDue(facts(), long, 5)!;
    expect(due.days).to.equal(7);
    expect(due.purgeAt).to.equal(long + 7 * DAY_MS);
    const f = sent(facts(), due, long);
    expect(purgeDateOf(f, long + DAY_MS, 5)).to.equal(long + 7 * DAY_MS);
    expect(purgeDue(f, long + 7 * DAY_MS - 1, 5)).to.equal(false);
    expect(purgeDue(f, long + 7 * DAY_MS, 5)).to.equal(true);
    expect(noticeDue(f, long + DAY_MS, 5), 'nothing sent twice').to.equal(null);
  });

  it('a run that skipped a threshold sends only the one reached, and an extension starts the notices again', () => {
    const first = noticeDue(facts(), rule - 20 * DAY_MS, 5)!;
    expect(first.days).to.equal(30);
    let f = sent(facts(), first, rule - 20 * DAY_MS);
    expect(noticeDue(f, rule - 10 * DAY_MS, 5)).to.equal(null);
    expect(noticeDue(f, rule - 7 * DAY_MS, 5)?.days).to.equal(7);
    const until = addYears(rule, 1);
    f = { ...f, extendedUntil: until };
    expect(purgeDue(f, rule, 5), 'extended: not due on the old date').to.equal(false);
    expect(noticeDue(f, rule, 5), 'nothing to say a year ahead').to.equal(null);
    expect(noticeDue(f, until - 120 * DAY_MS, 5)).to.deep.equal({ days: 120, ruleDate: until, purgeAt: until });
  });

  it('a purged alert has nothing due', () => {
    const f = facts({ purgedAt: rule, noticeFor: rule, noticeDays: 7, noticeAt: rule - 7 * DAY_MS });
    expect(noticeDue(f, rule + DAY_MS, 5)).to.equal(null);
    expect(purgeDue(f, rule + DAY_MS, 5)).to.equal(false);
  });

  it('an alert is closed from its last status transition, and not at all while active', () => {
    const history = [
      { at: new Date(1000), by: 'u', agencyId: 'a', action: 'created' as const, toStatus: 'active' },
      { at: new Date(2000), by: 'u', agencyId: 'a', action: 'status_changed' as const, fromStatus: 'active', toStatus: 'resolved' },
      { at: new Date(3000), by: 'system', agencyId: 'a', action: 'access_lapsed' as const, fields: ['grantedAgencyIds'] },
    ];
    expect(closedAtOf({ status: 'resolved', history, updatedAt: new Date(3000) })).to.equal(2000);
    expect(closedAtOf({ status: 'active', history, updatedAt: new Date(3000) })).to.equal(null);
    expect(closedAtOf({ status: 'expired', history: [], updatedAt: new Date(5000) })).to.equal(5000);
  });

  it('writes the note date as dd/mm/aaaa in the portal time (UTC−3)', () => {
    expect(dayMonthYear(Date.UTC(2031, 2, 10, 15, 0))).to.equal('10/03/2031');
    expect(dayMonthYear(Date.UTC(2031, 2, 10, 1, 0)), '01:00 UTC is still the 9th in Asunción and Buenos Aires').to.equal('09/03/2031');
  });
});
