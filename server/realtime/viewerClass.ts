/** Which payload class a user's sockets receive (roles that change what an alert shows). */
import type { Role } from '../../shared/schemas/common.js';
import type { ViewerClass } from '../../shared/events.js';

export function viewerClassOf(roles: readonly Role[]): ViewerClass {
  if (roles.includes('prosecutor')) return 'p';
  if (roles.includes('officer') || roles.includes('agency_admin')) return 'o';
  return 'n';
}

/** Representative roles of a class, for computing that class's payload. */
export const CLASS_ROLES: Record<ViewerClass, Role[]> = { p: ['prosecutor'], o: ['officer'], n: [] };
