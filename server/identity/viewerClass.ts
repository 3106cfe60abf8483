/**
 * Which payload class a user's sockets receive. A class stands for what changes what an alert shows
 * to a viewer of a given agency and country (alertAbilities): restricted access, and operational
 * roles — both from roles.policy.ts.
 */
import { VIEWER_CLASSES, type ViewerClass } from '../../shared/events.js';
import type { Actor as Viewer } from '../platform/actor.js';
import { isOperational, opensRestricted } from './roles.policy.js';

/**
 * `p`: restricted access (role and agency kind); `o`: operational without it; `n`: neither. Whoever
 * opens restricted identity is operational too (RESTRICTED_ROLES ⊂ OPERATIONAL_ROLES), hence p first.
 * A prosecutor role in an agency whose kind does not fit it opens nothing restricted but still acts
 * on alerts: `o`, as HTTP answers it.
 */
export function viewerClassOf(user: Pick<Viewer, 'roles' | 'agencyKind'>): ViewerClass {
  if (opensRestricted(user)) return 'p';
  if (isOperational(user)) return 'o';
  return 'n';
}

/** A representative viewer of each class (without agency and country), for computing that class's payload. */
export const CLASS_VIEWERS: Record<ViewerClass, Pick<Viewer, 'roles' | 'agencyKind'>> = {
  p: { roles: ['prosecutor'], agencyKind: 'prosecutor' },
  o: { roles: ['officer'], agencyKind: null },
  n: { roles: [], agencyKind: null },
};

/** The classes whose members act on alerts: told what needs acting on (`protected:checked`). */
export const OPERATIONAL_CLASSES: readonly ViewerClass[] = VIEWER_CLASSES.filter((c) => isOperational(CLASS_VIEWERS[c]));
