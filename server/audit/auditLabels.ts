/**
 * Names for the ids an audit event carries, so a person reads who did what to which record:
 * the actor's name, the actor's agency, and the target (an account's name and e-mail, an alert's
 * reference, an agency's or a contact's name). Looked up in one query per collection per page.
 */
import type { AuditEventDto, AuditEventLabels } from '../../shared/dto/admin.js';
import { agenciesByIds, usersByIds } from '../identity/index.js';
import { alertReferences } from '../alerts/index.js';
import { contactNames } from '../directory/index.js';
import { isObjectIdHex } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

const idsOf = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v && isObjectIdHex(v)))];

const namesById = <T extends { _id: unknown }>(docs: T[], label: (doc: T) => string) =>
  new Map(docs.map((d) => [String(d._id), label(d)] as const));

/** The events with `actorName`, `agencyName` and `targetLabel` (null when there is nothing to name). */
export async function withAuditLabels(instance: Instance, events: AuditEventDto[]): Promise<Array<AuditEventDto & AuditEventLabels>> {
  const targetsOf = (type: string) => idsOf(events.filter((e) => e.targetType === type).map((e) => e.targetId));
  const [users, agencies, alerts, contacts] = await Promise.all([
    usersByIds(instance, idsOf([...events.map((e) => e.actorId), ...targetsOf('user')]), ['displayName', 'email']).then((found) =>
      namesById(found, (u) => `${u.displayName} (${u.email})`),
    ),
    agenciesByIds(instance, idsOf([...events.map((e) => e.actorAgencyId), ...targetsOf('agency')]), ['shortName', 'name']).then((found) =>
      namesById(found, (a) => `${a.shortName} — ${a.name}`),
    ),
    alertReferences(instance, targetsOf('alert')),
    contactNames(instance, targetsOf('contact')),
  ]);
  const targetNames: Record<string, Map<string, string>> = { user: users, agency: agencies, alert: alerts, contact: contacts };
  return events.map((e) => ({
    ...e,
    actorName: (e.actorId && users.get(e.actorId)) ?? null,
    agencyName: (e.actorAgencyId && agencies.get(e.actorAgencyId)) ?? null,
    targetLabel: (e.targetType && e.targetId && targetNames[e.targetType]?.get(e.targetId)) ?? null,
  }));
}
