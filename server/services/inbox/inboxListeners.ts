/**
 * Inbox items for causes owned elsewhere that only announce an event: a protected person's check
 * (built in its own module), recorded for the origin agency's operational roles when announced.
 */
import { domainEvents, type DomainEventMap } from '../domainEvents.js';
import { OPERATIONAL_ROLES } from './inboxCauses.js';
import { recordInboxItem } from './inbox.service.js';

export function wireInboxListeners(): () => void {
  const onProtectedPersonChecked = (e: DomainEventMap['protected_person.checked'][0]) =>
    void recordInboxItem({
      agencyId: e.originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      actorId: e.checkedByUserId,
      kind: 'protected_person_checked',
      subjectType: 'alert',
      subjectId: e.alertId,
      data: { reference: e.reference },
      dedupeKey: `ppc:${e.alertId}:${e.checkedByUserId}:${e.at.getTime()}`,
    });
  domainEvents.on('protected_person.checked', onProtectedPersonChecked);
  return () => domainEvents.off('protected_person.checked', onProtectedPersonChecked);
}
