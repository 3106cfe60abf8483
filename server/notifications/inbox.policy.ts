/**
 * Who an inbox item reaches, and whether its subject may still be shown when it is read. An item
 * is written for whoever could see its subject then; access can end later (a grant lapses, a
 * distribution narrows, a role goes), so the subject is judged again at every read by the rule
 * that decides the subject itself.
 */
import type { AccessRequestDoc } from '../search/index.js';
import { canSeeAlert, type AlertDoc } from '../alerts/index.js';
import type { InboxItemDoc } from './InboxItem.js';
import { op } from '../platform/store/index.js';
import { hasRole, type Actor } from '../platform/actor.js';
import { canSeeUser } from '../identity/index.js';

/** The store filter of the items addressed to the actor (never those they caused themselves). */
export function addressedToFilter(actor: Pick<Actor, 'id' | 'agencyId' | 'roles'>): Record<string, unknown> {
  const roles = op({ $in: [...actor.roles] });
  return {
    $or: [{ userId: actor.id }, { userId: null, agencyId: actor.agencyId, roles }, { userId: null, agencyId: null, roles }],
    actorId: op({ $ne: actor.id }),
  };
}

/** The same rule in memory (live pushes): whether the item is addressed to the actor. */
export function isAddressedTo(
  actor: Pick<Actor, 'id' | 'agencyId' | 'roles'>,
  item: Pick<InboxItemDoc, 'userId' | 'agencyId' | 'roles' | 'actorId'>,
): boolean {
  if (item.actorId === actor.id) return false;
  if (item.userId !== null) return item.userId === actor.id;
  if (item.agencyId !== null && item.agencyId !== actor.agencyId) return false;
  return item.roles.some((r) => actor.roles.includes(r));
}

/** What the subjects of a page of items are, read once for the page. */
export interface InboxSubjects {
  alerts: ReadonlyMap<string, AlertDoc | null>;
  accessRequests: ReadonlyMap<string, AccessRequestDoc | null>;
  users: ReadonlyMap<string, { agencyId: string } | null>;
}

/** Whether the actor may be shown what the item is about, now. */
export function canSeeSubject(actor: Actor, item: Pick<InboxItemDoc, 'subjectType' | 'subjectId' | 'kind'>, s: InboxSubjects): boolean {
  switch (item.subjectType) {
    case 'alert': {
      const alert = s.alerts.get(item.subjectId);
      return !!alert && canSeeAlert(actor, alert);
    }
    case 'accessRequest': {
      const request = s.accessRequests.get(item.subjectId);
      return !!request && (request.requesterId === actor.id || request.originAgencyId === actor.agencyId);
    }
    case 'user': {
      if (item.subjectId === actor.id) return true;
      const user = s.users.get(item.subjectId);
      return !!user && hasRole(actor, 'system_admin') && canSeeUser(actor, user);
    }
    default:
      return false;
  }
}
