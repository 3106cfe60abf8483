/**
 * The directory: every signed-in user reads and exports it (the first question at a border
 * crossing is who to call on the other side); agency admins keep their own agency's entries,
 * system admins any agency's.
 */
import { hasRole, type Actor } from '../platform/actor.js';
import type { ContactAbilities } from '../../shared/dto/contact.js';

export type ContactAction = 'list' | 'read' | 'export' | 'create' | 'update' | 'delete' | 'verify';

const READS: ReadonlySet<ContactAction> = new Set(['list', 'read', 'export']);

/** Whether the actor administers the directory entries of `agencyId`. */
export const managesAgency = (actor: Pick<Actor, 'agencyId' | 'roles'>, agencyId: string): boolean =>
  hasRole(actor, 'system_admin') || (hasRole(actor, 'agency_admin') && actor.agencyId === agencyId);

/** can(actor, action, contact): writes need the contact's (or the new contact's) agency. */
export function can(actor: Pick<Actor, 'agencyId' | 'roles'>, action: ContactAction, contact?: { agencyId: string }): boolean {
  if (READS.has(action)) return true;
  if (!contact) return false;
  return managesAgency(actor, contact.agencyId);
}

export type { ContactAbilities };

/** Sent with every contact so the client hides what the user may not do. */
export function contactAbilities(actor: Pick<Actor, 'agencyId' | 'roles'>, contact: { agencyId: string }): ContactAbilities {
  const manages = managesAgency(actor, contact.agencyId);
  return { edit: manages, delete: manages, verify: manages };
}
