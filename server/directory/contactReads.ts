/** Reads of directory entries for other components. */
import { distinctObjectIds, op } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

/** The names of the contacts among `ids` that exist, by id, in one read (ids not an ObjectId are left out). */
export async function contactNames(instance: Instance, ids: Iterable<unknown>): Promise<Map<string, string>> {
  const { Contact } = instance.models.directory;
  const wanted = distinctObjectIds(ids);
  if (wanted.length === 0) return new Map();
  const found = await Contact.find({ _id: op({ $in: wanted }) }, { name: 1 }).lean<Array<{ _id: unknown; name: string }>>();
  return new Map(found.map((c) => [String(c._id), c.name]));
}

/** A directory entry as a data-subject request reads it (docs/data-subject-requests.md). */
export interface ContactForReview {
  id: string;
  agencyId: string;
  country: string;
  kind: string;
  name: string;
  unit: string | null;
  position: string | null;
  phones: Array<{ number: string; e164: string }>;
  emails: string[];
  notes: string | null;
}

/** Every directory entry (hundreds, not alerts' hundreds of thousands: one read), for a data-subject request's search. */
export async function contactsForReview(instance: Instance): Promise<ContactForReview[]> {
  const { Contact } = instance.models.directory;
  const docs = await Contact.find(
    {},
    { agencyId: 1, country: 1, kind: 1, name: 1, unit: 1, position: 1, phones: 1, emails: 1, notes: 1 },
  ).lean();
  return docs.map((c) => ({
    id: String(c._id),
    agencyId: String(c.agencyId),
    country: c.country,
    kind: c.kind,
    name: c.name,
    unit: c.unit ?? null,
    position: c.position ?? null,
    phones: (c.phones ?? []).map((p) => ({ number: p.number, e164: p.e164 })),
    emails: c.emails ?? [],
    notes: c.notes ?? null,
  }));
}
