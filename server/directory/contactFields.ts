/** What the server derives from a contact as typed: E.164 phones, folded search text, order, staleness. */
import type { ErrorDetail } from '../../shared/errors.js';
import { normalizePhone, type PhoneCountry } from '../../shared/identifiers/index.js';
import { CONTACT_LIMITS, type ContactKind, type ContactPhone } from '../../shared/schemas/contacts.js';
import { DomainError } from '../platform/errors.js';
import { fold } from './fold.js';
import { DAY_MS } from '../../shared/time.js';

/** A phone as validated by contactPhoneSchema; any `e164` it carries is recomputed, never trusted. */
export type PhoneInput = Omit<ContactPhone, 'e164'>;
export type NormalizedPhone = PhoneInput & { e164: string };

/**
 * Normalises every phone to E.164 (the agency's country applies to numbers typed without a
 * prefix); a number that cannot be normalised, or that repeats another, is a 400 naming it.
 */
export function normalizePhones(phones: readonly PhoneInput[], country: PhoneCountry): NormalizedPhone[] {
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  const out = phones.map((p, i) => {
    const result = normalizePhone(p.number, country);
    if (!result.ok) {
      details.push({ path: `phones.${i}.number`, message: `not a valid phone number (${result.reason})` });
      return { number: p.number, e164: '', is24h: p.is24h, whatsapp: p.whatsapp };
    }
    const earlier = seen.get(result.e164);
    if (earlier !== undefined) details.push({ path: `phones.${i}.number`, message: `same number as phones.${earlier}` });
    seen.set(result.e164, i);
    return { number: p.number, e164: result.e164, is24h: p.is24h, whatsapp: p.whatsapp };
  });
  if (details.length > 0) throw new DomainError('validation_failed', 'phones', details);
  return out;
}

export interface ContactShape {
  kind: ContactKind | string;
  name: string;
  unit?: string | null | undefined;
  position?: string | null | undefined;
  phones: readonly NormalizedPhone[];
  emails: readonly string[];
}

/** A contact nobody can reach is of no use in a directory. */
export function assertReachable(c: Pick<ContactShape, 'phones' | 'emails'>): void {
  if (c.phones.length === 0 && c.emails.length === 0) {
    throw new DomainError('validation_failed', 'unreachable', [{ path: 'phones', message: 'a contact needs at least one phone or email' }]);
  }
}

/** Desks before people, then entries with a 24 h line: 0 (desk, 24 h) … 3 (person, office hours). */
export function contactRank(c: Pick<ContactShape, 'kind' | 'phones'>): number {
  return (c.kind === 'desk' ? 0 : 2) + (c.phones.some((p) => p.is24h) ? 0 : 1);
}

/** The stored fields search and ordering use. */
export function derivedFields(c: ContactShape) {
  return {
    e164s: c.phones.map((p) => p.e164),
    searchText: fold([c.name, c.unit, c.position].filter((s): s is string => !!s).join(' ')),
    nameKey: fold(c.name),
    rank: contactRank(c),
  };
}

/** Contacts confirmed before this instant are stale. */
export function staleCutoff(now: Date = new Date()): Date {
  return new Date(now.getTime() - CONTACT_LIMITS.staleDays * DAY_MS);
}

export function isStale(verifiedAt: Date, now: Date = new Date()): boolean {
  return verifiedAt < staleCutoff(now);
}
