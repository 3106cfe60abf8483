/**
 * Who may see an alert (PRODUCT.md "distribution"), written once as the ways an alert reaches
 * viewers (REACHES). Everything that decides visibility reads these rows: the predicate for one
 * viewer (canSeeAlert: HTTP, the in-memory list, catch-up, search, watches), the store query
 * (visibleAlertsFilter) and the agencies and countries an alert reaches (reachOf: socket rooms in
 * alertPublisher.ts, and through them match rooms in searchPublisher.ts). alert.policy.ts exports them.
 */
import type { Country } from '../../shared/schemas/common.js';
import type { Actor } from '../platform/actor.js';
import { op } from '../platform/store/index.js';

export interface AlertAccessFacts {
  originAgencyId: string;
  originCountry: Country | string;
  distribution: { scope: 'agency' | 'country' | 'bilateral' | 'agencies'; agencyIds?: string[] };
  grantedAgencyIds?: string[];
  sensitivity: 'standard' | 'restricted';
  status: string;
}

export type Viewer = Pick<Actor, 'agencyId' | 'country' | 'roles' | 'agencyKind'>;

type Scope = AlertAccessFacts['distribution']['scope'];

/** The countries of the portal: a bilateral alert reaches every viewer of both. */
export const BOTH_COUNTRIES: readonly Country[] = ['AR', 'PY'];

/** Where an alert names the agencies it reaches: the store path, and how to read it in memory. */
const AGENCY_FIELDS = {
  originAgencyId: (a: AlertAccessFacts): string | readonly string[] | undefined => a.originAgencyId,
  'distribution.agencyIds': (a: AlertAccessFacts) => a.distribution.agencyIds,
  grantedAgencyIds: (a: AlertAccessFacts) => a.grantedAgencyIds,
};

/**
 * One way an alert reaches viewers: alerts of `scope` (of any scope when absent) reach the agencies
 * named at `agencies`, or every viewer of the countries `countries` says — the alert's own country,
 * or both countries.
 */
type Reach = { scope?: Scope } & ({ agencies: keyof typeof AGENCY_FIELDS } | { countries: 'originCountry' | 'both' });

export const REACHES: readonly Reach[] = [
  // Its own agency, whatever the scope.
  { agencies: 'originAgencyId' },
  { scope: 'bilateral', countries: 'both' },
  { scope: 'country', countries: 'originCountry' },
  { scope: 'agencies', agencies: 'distribution.agencyIds' },
  // Agencies granted access by an access request.
  { agencies: 'grantedAgencyIds' },
];

const applies = (r: Reach, a: AlertAccessFacts): boolean => r.scope === undefined || a.distribution.scope === r.scope;

const named = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** Object level: the alert reaches the viewer's agency or country. */
export function canSeeAlert(v: Viewer, a: AlertAccessFacts): boolean {
  for (const r of REACHES) {
    if (!applies(r, a)) continue;
    if ('agencies' in r) {
      const ids = AGENCY_FIELDS[r.agencies](a);
      if (typeof ids === 'string' ? ids === v.agencyId : ids?.includes(v.agencyId)) return true;
    } else if (r.countries === 'both' ? BOTH_COUNTRIES.includes(v.country) : a.originCountry === v.country) return true;
  }
  return false;
}

/** The store filter for "alerts this viewer may see" (the in-memory list's reference). */
export function visibleAlertsFilter(v: Viewer): Record<string, unknown> {
  const clauses: Record<string, unknown>[] = [];
  for (const r of REACHES) {
    const clause: Record<string, unknown> = r.scope === undefined ? {} : { 'distribution.scope': r.scope };
    // An agency path matches a field equal to the id, or a list holding it, as canSeeAlert reads it.
    if ('agencies' in r) clause[r.agencies] = v.agencyId;
    else if (r.countries === 'originCountry') clause.originCountry = v.country;
    else if (!BOTH_COUNTRIES.includes(v.country)) continue;
    clauses.push(clause);
  }
  return { $or: op(clauses) };
}

/** Whom an alert reaches: agencies by id (its own first), and countries whose every viewer sees it. */
export interface Reached {
  agencies: string[];
  countries: Country[];
}

export function reachOf(a: AlertAccessFacts): Reached {
  const agencies = new Set<string>();
  const countries = new Set<string>();
  for (const r of REACHES) {
    if (!applies(r, a)) continue;
    if ('agencies' in r) for (const id of named(AGENCY_FIELDS[r.agencies](a))) agencies.add(id);
    else if (r.countries === 'both') for (const c of BOTH_COUNTRIES) countries.add(c);
    else countries.add(a.originCountry);
  }
  return { agencies: [...agencies], countries: BOTH_COUNTRIES.filter((c) => countries.has(c)) };
}
