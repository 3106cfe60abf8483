/**
 * Inbox items for causes owned elsewhere that only announce an event: a protected person's check
 * (built in its own module), recorded for the origin agency's operational roles when announced.
 */
import { Agency } from '../../models/Agency.js';
import { domainEvents, type DomainEventMap } from '../domainEvents.js';
import { OPERATIONAL_ROLES } from './inboxCauses.js';
import { recordInboxItem } from './inbox.service.js';

export function wireInboxListeners(): () => void {
  const recordCheck = async (e: DomainEventMap['protected_person.checked'][0]) => {
    // Which agency checked, and where: what the origin needs to follow up (issue 24 item 1).
    const checker = await Agency.findById(e.checkedByAgencyId, { name: 1 }).lean<{ name?: string }>();
    await recordInboxItem({
      agencyId: e.originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      actorId: e.checkedByUserId,
      kind: 'protected_person_checked',
      subjectType: 'alert',
      subjectId: e.alertId,
      data: { reference: e.reference, ...(checker?.name ? { agencyName: checker.name } : {}), ...(e.place ? { place: e.place } : {}) },
      dedupeKey: `ppc:${e.alertId}:${e.checkedByUserId}:${e.at.getTime()}`,
    });
  };
  const onProtectedPersonChecked = (e: DomainEventMap['protected_person.checked'][0]) =>
    void recordCheck(e).catch((err: unknown) =>
      domainEvents.emit('maintenance.failed', { task: 'inbox.protected_person_checked', err, details: { alertId: e.alertId } }),
    );
  domainEvents.on('protected_person.checked', onProtectedPersonChecked);
  return () => domainEvents.off('protected_person.checked', onProtectedPersonChecked);
}
