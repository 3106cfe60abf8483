/**
 * Need-to-know for alerts (PRODUCT.md "distribution", "sensitivity"). One module answers, for
 * HTTP, sockets, lists and search alike: who sees an alert, who sees restricted victim identity,
 * and what each viewer may do with it.
 */
import { ALERT_POSTING_ROLES } from '../../shared/schemas/adminEnums.js';
import { hasRole } from '../platform/actor.js';
import { exportsCaseFiles, isOperational, opensRestricted } from '../identity/index.js';
import type { AlertAbilities } from '../../shared/dto/alert.js';
import type { Role } from '../../shared/schemas/common.js';
import { canSeeAlert, type AlertAccessFacts, type Viewer } from './visibility.js';

/** Object level (who sees an alert) is written in visibility.ts; this module answers the rest. */
export { canSeeAlert, visibleAlertsFilter, type AlertAccessFacts, type Viewer } from './visibility.js';

export const isOriginMember = (v: Viewer, a: Pick<AlertAccessFacts, 'originAgencyId'>): boolean => v.agencyId === a.originAgencyId;

/**
 * Field level: victims' identity on a restricted alert is for the originating agency and for
 * prosecutors in an agency whose kind fits the role (roles.policy.ts) — never the role alone.
 */
export function canSeeRestricted(v: Viewer, a: Pick<AlertAccessFacts, 'originAgencyId' | 'sensitivity'>): boolean {
  return a.sensitivity !== 'restricted' || opensRestricted(v) || isOriginMember(v, a);
}

export type { AlertAbilities };

/** Roles of the issuing agency that decide how long its closed alerts' personal data is kept. */
const RETENTION_ROLES: readonly Role[] = ['officer', 'agency_admin'];

/** Whether the alert's personal data was purged (retention): it is then a skeleton nobody writes to. */
export const isPurged = (a: { retention?: { purgedAt?: unknown } | null }): boolean => !!a.retention?.purgedAt;

/** What the viewer may do with the alert: sent with every alert so the client hides the rest. */
export function alertAbilities(v: Viewer, a: AlertAccessFacts & { retention?: { purgedAt?: unknown } | null }): AlertAbilities {
  const visible = canSeeAlert(v, a);
  const origin = isOriginMember(v, a);
  const operational = isOperational(v);
  // A purged alert is read as its skeleton; nothing is written to it any more.
  const writable = !isPurged(a);
  return {
    view: visible,
    edit: origin && operational && writable,
    changeStatus: origin && operational && writable,
    addUpdate: visible && operational && writable,
    acknowledgeHits: origin && operational && writable,
    hideUpdates: origin && operational && writable,
    viewRestricted: visible && canSeeRestricted(v, a),
    viewViews: origin,
    addPhoto: origin && operational && writable,
    requestAccess: !visible,
    exportCaseFile: visible && exportsCaseFiles(v),
    extendRetention: origin && RETENTION_ROLES.some((r) => hasRole(v, r)) && writable && a.status !== 'active',
  };
}

export type AlertAction =
  | 'create'
  | 'view'
  | 'edit'
  | 'changeStatus'
  | 'addUpdate'
  | 'acknowledgeHits'
  | 'hideUpdates'
  | 'viewViews'
  | 'addPhoto'
  | 'exportCaseFile'
  | 'extendRetention';

/** can(actor, action, alert). `create` needs no alert: officers and prosecutors post alerts. */
export function can(v: Viewer, action: AlertAction, a?: AlertAccessFacts): boolean {
  if (action === 'create') return ALERT_POSTING_ROLES.some((r) => hasRole(v, r));
  if (!a) return false;
  const abilities = alertAbilities(v, a);
  return action === 'view' ? abilities.view : abilities[action];
}
