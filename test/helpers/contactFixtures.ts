/** Directory fixtures: contacts created through the service (normalised, derived fields), as a system admin. */
import type { CreateContactInput } from '../../shared/schemas/contacts.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { Actor } from '../../server/platform/actor.js';
import type { ContactDto } from '../../server/directory/contact.presenter.js';
import { createContact } from '../../server/directory/contacts.service.js';
import { storeInstance } from './instance.js';

const FIXTURE_ACTOR: Actor = { id: 'test-fixture', agencyId: 'test-fixture', country: 'AR', roles: ['system_admin'], agencyKind: null };

let counter = 0;

/** A contact of `agency`; every field can be overridden. */
export function buildContact(agency: Pick<AgencyDoc, '_id'>, overrides: Partial<CreateContactInput> = {}): Promise<ContactDto> {
  counter++;
  return createContact(storeInstance(), FIXTURE_ACTOR, {
    agencyId: String(agency._id),
    kind: 'desk',
    name: `Mesa de prueba ${counter}`,
    unit: null,
    position: null,
    phones: [{ number: `+54 370 455-${String(6000 + counter).padStart(4, '0')}`, is24h: false, whatsapp: false }],
    emails: [],
    languages: ['es'],
    availability: null,
    notes: null,
    ...overrides,
  });
}
