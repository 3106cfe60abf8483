/** Contact → API object: what was typed, each phone's E.164, `stale`, and the viewer's abilities. */
import type { ContactDto } from '../../shared/dto/contact.js';
import type { ContactDoc } from './Contact.js';
import type { Actor } from '../platform/actor.js';
import { contactAbilities } from './contact.policy.js';
import { isStale } from './contactFields.js';

export interface ContactPresentation {
  /** The agency's name, or null when it no longer exists. */
  agencyName: string | null;
  /** Abilities are left out for exports, which are not tied to a screen. */
  actor?: Pick<Actor, 'agencyId' | 'roles'>;
  now?: Date;
}

export type { ContactDto };

export function presentContact(c: ContactDoc, p: ContactPresentation): ContactDto {
  const agencyId = String(c.agencyId);
  return {
    id: String(c._id),
    agencyId,
    agencyName: p.agencyName,
    country: c.country,
    kind: c.kind,
    name: c.name,
    unit: c.unit ?? null,
    position: c.position ?? null,
    phones: c.phones.map((ph) => ({ number: ph.number, e164: ph.e164, is24h: ph.is24h, whatsapp: ph.whatsapp })),
    emails: [...c.emails],
    languages: [...c.languages],
    availability: c.availability ?? null,
    notes: c.notes ?? null,
    verifiedAt: c.verifiedAt.toISOString(),
    stale: isStale(c.verifiedAt, p.now),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    ...(p.actor ? { abilities: contactAbilities(p.actor, { agencyId }) } : {}),
  };
}
