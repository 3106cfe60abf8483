/**
 * The inbox's ears: every cause announced with `noteInboxCause` (inboxCauses.ts), and a protected
 * person's check (built in its own module), recorded for the origin agency's operational roles.
 */
import { agencyFields, OPERATIONAL_ROLES } from '../identity/index.js';
import type { DomainEventMap } from '../platform/domainEvents.js';
import { recordInboxItem } from './inbox.service.js';
import { wireInboxCauses } from './inboxCauses.js';
import type { Instance } from '../platform/instance.js';

export function wireInboxListeners(instance: Instance): () => void {
  const unwireCauses = wireInboxCauses(instance);
  const recordCheck = async (e: DomainEventMap['protected_person.checked'][0]) => {
    // Which agency checked, and where: what the origin needs to follow up (issue 24 item 1).
    const checker = (await agencyFields(instance, [e.checkedByAgencyId], 'name')).get(e.checkedByAgencyId);
    await recordInboxItem(instance, {
      agencyId: e.originAgencyId,
      roles: [...OPERATIONAL_ROLES],
      actorId: e.checkedByUserId,
      kind: 'protected_person_checked',
      subjectType: 'alert',
      subjectId: e.alertId,
      data: { reference: e.reference, ...(checker ? { agencyName: checker } : {}), ...(e.place ? { place: e.place } : {}) },
      dedupeKey: `ppc:${e.alertId}:${e.checkedByUserId}:${e.at.getTime()}`,
    });
  };
  const onProtectedPersonChecked = (e: DomainEventMap['protected_person.checked'][0]) =>
    void recordCheck(e).catch((err: unknown) =>
      instance.events.emit('maintenance.failed', { task: 'inbox.protected_person_checked', err, details: { alertId: e.alertId } }),
    );
  instance.events.on('protected_person.checked', onProtectedPersonChecked);
  return () => {
    unwireCauses();
    instance.events.off('protected_person.checked', onProtectedPersonChecked);
  };
}
