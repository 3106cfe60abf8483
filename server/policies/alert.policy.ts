/**
 * Need-to-know for alerts (PRODUCT.md "distribution", "sensitivity"). One module answers, for
 * HTTP, sockets, lists and search alike: who sees an alert, who sees restricted victim identity,
 * and what each viewer may do with it.
 */
import { ALERT_POSTING_ROLES } from '../../shared/schemas/adminEnums.js';
import type { Country } from '../../shared/schemas/common.js';
import { op } from '../store/mongoose.js';
import { hasRole, type Actor } from './actor.js';
import { opensRestricted } from './roles.policy.js';
import type { AlertAbilities } from '../../shared/dto/alert.js';

export interface AlertAccessFacts {
  originAgencyId: string;
  originCountry: Country | string;
  distribution: { scope: 'agency' | 'country' | 'bilateral' | 'agencies'; agencyIds?: string[] };
  grantedAgencyIds?: string[];
  sensitivity: 'standard' | 'restricted';
  status: string;
}

export type Viewer = Pick<Actor, 'agencyId' | 'country' | 'roles' | 'agencyKind'>;

export const isOriginMember = (v: Viewer, a: Pick<AlertAccessFacts, 'originAgencyId'>): boolean => v.agencyId === a.originAgencyId;

/** Object level: the alert is distributed to the viewer's agency. */
export function canSeeAlert(v: Viewer, a: AlertAccessFacts): boolean {
  if (isOriginMember(v, a)) return true;
  if (a.grantedAgencyIds?.includes(v.agencyId)) return true;
  switch (a.distribution.scope) {
    case 'agency':
      return false;
    case 'country':
      return v.country === a.originCountry;
    case 'bilateral':
      return v.country === 'AR' || v.country === 'PY';
    case 'agencies':
      return (a.distribution.agencyIds ?? []).includes(v.agencyId);
    default:
      return false;
  }
}

/**
 * Field level: victims' identity on a restricted alert is for the originating agency and for
 * prosecutors in an agency whose kind fits the role (roles.policy.ts) — never the role alone.
 */
export function canSeeRestricted(v: Viewer, a: Pick<AlertAccessFacts, 'originAgencyId' | 'sensitivity'>): boolean {
  return a.sensitivity !== 'restricted' || opensRestricted(v) || isOriginMember(v, a);
}

export type { AlertAbilities };

/** What the viewer may do with the alert: sent with every alert so the client hides the rest. */
export function alertAbilities(v: Viewer, a: AlertAccessFacts): AlertAbilities {
  const visible = canSeeAlert(v, a);
  const origin = isOriginMember(v, a);
  const operational = hasRole(v, 'officer') || hasRole(v, 'prosecutor') || hasRole(v, 'agency_admin');
  return {
    view: visible,
    edit: origin && operational,
    changeStatus: origin && operational,
    addUpdate: visible && operational,
    acknowledgeHits: origin && operational,
    hideUpdates: origin && operational,
    viewRestricted: visible && canSeeRestricted(v, a),
    viewViews: origin,
    addPhoto: origin && operational,
    requestAccess: !visible,
  };
}

export type AlertAction =
  'create' | 'view' | 'edit' | 'changeStatus' | 'addUpdate' | 'acknowledgeHits' | 'hideUpdates' | 'viewViews' | 'addPhoto';

/** can(actor, action, alert). `create` needs no alert: officers and prosecutors post alerts. */
export function can(v: Viewer, action: AlertAction, a?: AlertAccessFacts): boolean {
  if (action === 'create') return ALERT_POSTING_ROLES.some((r) => hasRole(v, r));
  if (!a) return false;
  const abilities = alertAbilities(v, a);
  return action === 'view' ? abilities.view : abilities[action];
}

/** The store filter for "alerts this viewer may see", used by lists and catch-up. */
export function visibleAlertsFilter(v: Viewer): Record<string, unknown> {
  return {
    $or: op([
      { originAgencyId: v.agencyId },
      { 'distribution.scope': 'bilateral' },
      { 'distribution.scope': 'country', originCountry: v.country },
      { 'distribution.scope': 'agencies', 'distribution.agencyIds': v.agencyId },
      { grantedAgencyIds: v.agencyId },
    ]),
  };
}
