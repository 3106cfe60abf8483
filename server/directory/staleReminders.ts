/**
 * Stale directory entries (PRODUCT.md "Contact"): a contact not confirmed for 180 days is flagged
 * `stale`, and its agency's admins are reminded once per agency per day — an audited
 * `contact.stale_reminder` and a `contacts.stale` domain event a notification layer can deliver.
 * "Once per day" survives several processes and several runs a day: each reminder first inserts
 * the lease `contacts.stale_reminder:<agencyId>:<day>` (a unique `_id`), and only the winner sends.
 */
import { acquireLease } from '../platform/jobs/lease.js';
import { type ContactDoc } from './Contact.js';
import { agencyUserIds } from '../identity/index.js';
import { SYSTEM_ACTOR_ID } from '../platform/actor.js';
import { op } from '../platform/store/index.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';

import { staleCutoff } from './contactFields.js';
import { escapeRegex } from './fold.js';
import { DAY_MS } from '../../shared/time.js';
import type { Instance } from '../platform/instance.js';

const REMINDER_JOB = 'contacts.stale_reminder';
/** Ids listed in one reminder's audit details and event (the count is always exact). */
const MAX_IDS = 100;

/** Sends today's reminders; returns how many agencies were reminded by this call. */
export async function remindStaleContacts(instance: Instance, now: Date = new Date()): Promise<number> {
  const { Contact } = instance.models.directory;
  const { Lease } = instance.models.platform;
  const stale = await Contact.find({ verifiedAt: op({ $lt: staleCutoff(now) }) }, { _id: 1, agencyId: 1 }).lean<
    Array<Pick<ContactDoc, '_id' | 'agencyId'>>
  >();
  const byAgency = new Map<string, string[]>();
  for (const c of stale) {
    const key = String(c.agencyId);
    byAgency.set(key, [...(byAgency.get(key) ?? []), String(c._id)]);
  }
  const day = now.toISOString().slice(0, 10);
  let reminded = 0;
  for (const [agencyId, contactIds] of byAgency) {
    if (!(await acquireLease(instance, `${REMINDER_JOB}:${agencyId}`, DAY_MS, now.getTime()))) continue;
    const adminIds = await agencyUserIds(instance, agencyId, { activeOnly: true, role: 'agency_admin' });
    const listed = contactIds.slice(0, MAX_IDS);
    await recordAudit(instance, {
      actor: null,
      actorIdOverride: SYSTEM_ACTOR_ID,
      action: 'contact.stale_reminder',
      targetType: 'agency',
      targetId: agencyId,
      details: { day, count: contactIds.length, contactIds: listed, adminIds },
    });
    instance.events.emit('contacts.stale', { agencyId, contactIds: listed, adminIds, day });
    reminded++;
  }
  // The per-agency markers are only needed for the day they guard.
  await Lease.deleteMany({ job: op({ $regex: `^${escapeRegex(REMINDER_JOB)}:` }), at: op({ $lt: new Date(now.getTime() - 10 * DAY_MS) }) });
  return reminded;
}
