/**
 * One visibility rule (issue 27): the predicate, the store query and the socket audience are all read
 * from visibility.ts's rows. For every distribution, grant and viewer they must agree with each
 * other and with the rule as PRODUCT.md states it.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { VIEWER_CLASSES } from '../../shared/events.js';
import type { Country } from '../../shared/schemas/common.js';
import type { AlertDoc } from '../../server/alerts/Alert.js';
import { alertAbilities, canSeeAlert, visibleAlertsFilter, type AlertAccessFacts, type Viewer } from '../../server/alerts/alert.policy.js';
import { audienceOf } from '../../server/alerts/alertPublisher.js';
import { CLASS_VIEWERS } from '../../server/identity/viewerClass.js';

const AGENCIES: Record<string, Country> = { arOrigin: 'AR', arOther: 'AR', pyNamed: 'PY', pyOther: 'PY', pyGranted: 'PY' };
const SCOPES = ['agency', 'country', 'bilateral', 'agencies'] as const;

/** The rule in PRODUCT.md's words: its agency, its grantees, then as its scope says. */
function expected(v: Pick<Viewer, 'agencyId' | 'country'>, a: AlertAccessFacts): boolean {
  if (v.agencyId === a.originAgencyId || (a.grantedAgencyIds ?? []).includes(v.agencyId)) return true;
  if (a.distribution.scope === 'country') return v.country === a.originCountry;
  if (a.distribution.scope === 'bilateral') return true;
  if (a.distribution.scope === 'agencies') return (a.distribution.agencyIds ?? []).includes(v.agencyId);
  return false;
}

/** Whether a stored document matches a filter of equality clauses under `$or` (Mongo's reading of them). */
function storeMatches(filter: Record<string, unknown>, doc: Record<string, unknown>): boolean {
  return Object.entries(filter).every(([path, want]) => {
    if (path === '$or') return (want as Record<string, unknown>[]).some((f) => storeMatches(f, doc));
    const got = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], doc);
    return Array.isArray(got) ? got.includes(want) : got === want;
  });
}

function* alerts(): Generator<AlertDoc> {
  for (const originAgencyId of ['arOrigin', 'pyNamed'])
    for (const scope of SCOPES)
      for (const agencyIds of [[], ['pyNamed'], ['arOther', 'pyNamed']])
        for (const grantedAgencyIds of [[], ['pyGranted'], ['pyNamed', 'pyGranted']])
          yield {
            _id: new mongoose.Types.ObjectId(),
            originAgencyId,
            originCountry: AGENCIES[originAgencyId],
            distribution: { scope, agencyIds },
            grantedAgencyIds,
            sensitivity: 'standard',
            status: 'active',
          } as unknown as AlertDoc;
}

describe('alert visibility: one rule, read three ways', () => {
  const countries = new Map(Object.entries(AGENCIES));

  it('the predicate, the store query and the socket rooms agree, for every distribution, grant and viewer', () => {
    let seen = 0;
    for (const a of alerts()) {
      const groups = audienceOf(a, countries);
      for (const [agencyId, country] of Object.entries(AGENCIES)) {
        const where = `${agencyId} on ${JSON.stringify({ origin: a.originAgencyId, ...a.distribution, granted: a.grantedAgencyIds })}`;
        const v: Viewer = { agencyId, country, roles: ['officer'], agencyKind: 'police' };
        const visible = canSeeAlert(v, a);
        expect(visible, where).to.equal(expected(v, a));
        expect(storeMatches(visibleAlertsFilter(v), a as unknown as Record<string, unknown>), `store: ${where}`).to.equal(visible);
        for (const cls of VIEWER_CLASSES) {
          // The rooms a socket of this agency and class joins (realtime/handshake.ts).
          const joined = [`agency:${agencyId}`, `country:${country}`, `agency:${agencyId}:${cls}`, `country:${country}:${cls}`];
          const reaching = groups.filter((g) => g.to.some((r) => joined.includes(r)) && !g.except.some((r) => joined.includes(r)));
          expect(reaching.length, `rooms: ${where} (${cls})`).to.equal(visible ? 1 : 0);
          // And the payload the socket gets is the one this viewer's class would get over HTTP.
          for (const g of reaching)
            expect(alertAbilities(g.viewer, a), `payload: ${where} (${cls})`).to.deep.equal(
              alertAbilities({ ...CLASS_VIEWERS[cls], agencyId, country }, a),
            );
        }
        if (visible) seen++;
      }
    }
    expect(seen, 'some viewers see some alerts').to.be.greaterThan(50);
  });
});
