/**
 * Who may do what with a data-subject request (docs/data-subject-requests.md): system
 * administrators only; approval by a second, different system administrator; nothing that reads
 * or changes the person's data (findings, export, rectification, erasure) before that approval.
 */
import type { Actor } from '../platform/actor.js';
import { hasRole } from '../platform/actor.js';
import type { SubjectRequestDoc } from './SubjectRequest.js';

export type SubjectRequestAction = 'open' | 'list' | 'view' | 'decide' | 'act' | 'complete';

export function can(actor: Actor, action: SubjectRequestAction, request?: Pick<SubjectRequestDoc, 'status' | 'openedBy'>): boolean {
  if (!hasRole(actor, 'system_admin')) return false;
  switch (action) {
    case 'open':
    case 'list':
    case 'view':
      return true;
    case 'decide':
      // The four-eyes rule: whoever opened it cannot approve (or refuse) it.
      return !!request && request.status === 'pending_approval' && request.openedBy !== actor.id;
    case 'act':
    case 'complete':
      return !!request && request.status === 'approved';
  }
}

/** What the caller may do with the request, for the screen to show only what is allowed. */
export function requestAbilities(actor: Actor, request: Pick<SubjectRequestDoc, 'status' | 'openedBy'>) {
  return { decide: can(actor, 'decide', request), act: can(actor, 'act', request), complete: can(actor, 'complete', request) };
}
