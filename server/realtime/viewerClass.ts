/** Which payload class a user's sockets receive (what changes what an alert shows). */
import type { ViewerClass } from '../../shared/events.js';
import type { Viewer } from '../policies/alert.policy.js';
import { opensRestricted } from '../policies/roles.policy.js';

/** `p`: restricted access (role and agency kind, roles.policy.ts); `o`: operational; `n`: neither. */
export function viewerClassOf(user: Pick<Viewer, 'roles' | 'agencyKind'>): ViewerClass {
  if (opensRestricted(user)) return 'p';
  if (user.roles.includes('officer') || user.roles.includes('agency_admin')) return 'o';
  return 'n';
}

/** A representative viewer of each class (without agency and country), for computing that class's payload. */
export const CLASS_VIEWERS: Record<ViewerClass, Pick<Viewer, 'roles' | 'agencyKind'>> = {
  p: { roles: ['prosecutor'], agencyKind: 'prosecutor' },
  o: { roles: ['officer'], agencyKind: null },
  n: { roles: [], agencyKind: null },
};
