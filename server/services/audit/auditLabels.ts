/**
 * Names for the ids an audit event carries, so a person reads who did what to which record:
 * the actor's name, the actor's agency, and the target (an account's name and e-mail, an alert's
 * reference, an agency's or a contact's name). Looked up in one query per collection per page.
 */
import type { AuditEventDto, AuditEventLabels } from '../../../shared/dto/admin.js';
import { Agency } from '../../models/Agency.js';
import { Alert } from '../../models/Alert.js';
import { Contact } from '../../models/Contact.js';
import { User } from '../../models/User.js';
import { isObjectIdHex, op } from '../../store/mongoose.js';

const idsOf = (values: Array<string | null>) => [...new Set(values.filter((v): v is string => !!v && isObjectIdHex(v)))];

async function namesById<T extends { _id: unknown }>(ids: string[], load: (ids: string[]) => Promise<T[]>, label: (doc: T) => string) {
  const names = new Map<string, string>();
  if (ids.length) for (const doc of await load(ids)) names.set(String(doc._id), label(doc));
  return names;
}

/** The events with `actorName`, `agencyName` and `targetLabel` (null when there is nothing to name). */
export async function withAuditLabels(events: AuditEventDto[]): Promise<Array<AuditEventDto & AuditEventLabels>> {
  const targetsOf = (type: string) => idsOf(events.filter((e) => e.targetType === type).map((e) => e.targetId));
  const [users, agencies, alerts, contacts] = await Promise.all([
    namesById(
      idsOf([...events.map((e) => e.actorId), ...targetsOf('user')]),
      (ids) => User.find({ _id: op({ $in: ids }) }, { displayName: 1, email: 1 }).lean(),
      (u) => `${u.displayName} (${u.email})`,
    ),
    namesById(
      idsOf([...events.map((e) => e.actorAgencyId), ...targetsOf('agency')]),
      (ids) => Agency.find({ _id: op({ $in: ids }) }, { shortName: 1, name: 1 }).lean(),
      (a) => `${a.shortName} — ${a.name}`,
    ),
    namesById(
      targetsOf('alert'),
      (ids) => Alert.find({ _id: op({ $in: ids }) }, { reference: 1 }).lean(),
      (a) => a.reference,
    ),
    namesById(
      targetsOf('contact'),
      (ids) => Contact.find({ _id: op({ $in: ids }) }, { name: 1 }).lean(),
      (c) => c.name,
    ),
  ]);
  const targetNames: Record<string, Map<string, string>> = { user: users, agency: agencies, alert: alerts, contact: contacts };
  return events.map((e) => ({
    ...e,
    actorName: (e.actorId && users.get(e.actorId)) ?? null,
    agencyName: (e.actorAgencyId && agencies.get(e.actorAgencyId)) ?? null,
    targetLabel: (e.targetType && e.targetId && targetNames[e.targetType]?.get(e.targetId)) ?? null,
  }));
}
