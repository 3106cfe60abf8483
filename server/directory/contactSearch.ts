/**
 * Directory search (API.md "Directory"): by name, unit, position or agency ignoring accents and
 * case, by phone in any of its formats, by agency, country and language. Desks first, 24 h lines
 * first, then by name. Uses only operators FerretDB 1.24 supports ($and, $or, $in, $gt, $regex);
 * the directory is small, so the scan these filters cost is acceptable.
 */
import { z } from 'zod';
import { looksLikePhone, phoneSearchKeys, type PhoneCountry } from '../../shared/identifiers/index.js';
import type { ContactFilters } from '../../shared/schemas/contacts.js';
import { agencyFields, allAgencies } from '../identity/index.js';
import type { ContactDoc } from './Contact.js';
import { op } from '../platform/store/index.js';
import { decodeCursor, encodeCursor } from '../platform/pagination.js';
import { escapeRegex, fold, foldedWords } from './fold.js';
import type { Instance } from '../platform/instance.js';

type Filter = Record<string, unknown>;

/** The store order of the directory; `_id` breaks ties so the cursor is exact. */
export const CONTACT_SORT = { rank: 1, nameKey: 1, _id: 1 } as const;

const cursorSchema = z.strictObject({
  r: z.number().int().min(0).max(3),
  n: z.string().max(400),
  id: z.string().regex(/^[a-f0-9]{24}$/),
});
type ContactCursor = z.infer<typeof cursorSchema>;

export const cursorOf = (c: Pick<ContactDoc, 'rank' | 'nameKey' | '_id'>): ContactCursor => ({
  r: c.rank,
  n: c.nameKey,
  id: String(c._id),
});
export const encodeContactCursor = (c: Pick<ContactDoc, 'rank' | 'nameKey' | '_id'>) => encodeCursor(cursorOf(c));

/** A query that could be a phone (shared with the browser's offline search). */
export { looksLikePhone };

/** Each word must appear in the contact's name, unit or position, or in its agency's name. */
async function textCondition(instance: Instance, q: string): Promise<Filter | null> {
  const words = foldedWords(q);
  if (words.length === 0) return null;
  const agencies = await allAgencies(instance, ['name', 'shortName']);
  const folded = agencies.map((a) => ({ id: a._id, text: fold(`${a.name} ${a.shortName}`) }));
  const perWord = words.map((w) => {
    const agencyIds = folded.filter((a) => a.text.includes(w)).map((a) => a.id);
    const alternatives: Filter[] = [{ searchText: op({ $regex: escapeRegex(w) }) }];
    if (agencyIds.length > 0) alternatives.push({ agencyId: op({ $in: agencyIds }) });
    return { $or: alternatives };
  });
  return { $and: perWord };
}

/** The store filter for the directory filters; `preferred` orders phone interpretations. */
export async function contactsFilter(
  instance: Instance,
  filters: ContactFilters,
  preferred: PhoneCountry,
  after?: ContactCursor,
): Promise<Filter> {
  const and: Filter[] = [];
  if (filters.agencyId) and.push({ agencyId: filters.agencyId });
  if (filters.country) and.push({ country: filters.country });
  if (filters.language) and.push({ languages: filters.language });
  // `rank` is even exactly when the contact has a 24 h line (contactRank): no array query needed.
  if (filters.h24) and.push({ rank: op({ $in: [0, 2] }) });
  const q = filters.q?.trim();
  if (q) {
    const text = await textCondition(instance, q);
    const phones = looksLikePhone(q) ? phoneSearchKeys(q, preferred) : [];
    const alternatives: Filter[] = [...(text ? [text] : []), ...(phones.length > 0 ? [{ e164s: op({ $in: phones }) }] : [])];
    // A query of punctuation only matches nothing rather than everything.
    and.push(alternatives.length > 0 ? { $or: alternatives } : { _id: null });
  }
  if (after) {
    and.push({
      $or: [
        { rank: op({ $gt: after.r }) },
        { rank: after.r, nameKey: op({ $gt: after.n }) },
        { rank: after.r, nameKey: after.n, _id: op({ $gt: after.id }) },
      ],
    });
  }
  // sanitizeFilter turns any operator object not marked with op() into an equality: each one built
  // here is marked (their values were validated or escaped); $and/$or arrays are walked by Mongoose.
  return and.length > 0 ? { $and: and } : {};
}

export function decodeContactCursor(cursor: string | undefined): ContactCursor | undefined {
  return decodeCursor(cursor, cursorSchema);
}

/** Agency names by id, for presenting contacts. */
export const agencyNames = (instance: Instance, ids: readonly unknown[]): Promise<Map<string, string>> =>
  agencyFields(instance, ids, 'name');
