/** The contact directory: list, read, create, edit, delete and verify (API.md "Directory"). */
import type { CreateContactInput, ListContactsQuery, UpdateContactInput } from '../../shared/schemas/contacts.js';
import type { Country } from '../../shared/schemas/common.js';
import { DomainError } from '../platform/errors.js';
import { agencyById } from '../identity/index.js';
import { type ContactDoc } from './Contact.js';
import type { Actor } from '../platform/actor.js';
import { authorize } from '../platform/authorize.js';
import { can } from './contact.policy.js';
import { presentContact, type ContactDto } from './contact.presenter.js';
import { withDocLock } from '../platform/store/index.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import type { Page } from '../platform/pagination.js';
import { assertReachable, derivedFields, normalizePhones } from './contactFields.js';
import { agencyNames, CONTACT_SORT, contactsFilter, decodeContactCursor, encodeContactCursor } from './contactSearch.js';
import type { Instance } from '../platform/instance.js';

const lockContact = <T>(instance: Instance, id: string, fn: () => Promise<T>) => withDocLock(instance.store, `contact:${id}`, fn);

async function present(instance: Instance, actor: Actor, doc: ContactDoc): Promise<ContactDto> {
  const names = await agencyNames(instance, [doc.agencyId]);
  return presentContact(doc, { agencyName: names.get(String(doc.agencyId)) ?? null, actor });
}

/** Loads a contact for a write the actor must be allowed (the directory is public to users: 404 only when absent). */
async function loadForWrite(instance: Instance, actor: Actor, id: string, action: 'update' | 'delete' | 'verify'): Promise<ContactDoc> {
  const { Contact } = instance.models.directory;
  const contact = await Contact.findById(id).lean<ContactDoc>();
  if (!contact) throw new DomainError('not_found');
  authorize(can(actor, action, { agencyId: String(contact.agencyId) }), `contact.${action}`, { targetType: 'contact', targetId: id });
  return contact;
}

export async function listContacts(instance: Instance, actor: Actor, query: ListContactsQuery): Promise<Page<ContactDto>> {
  const { Contact } = instance.models.directory;
  authorize(can(actor, 'list'), 'contact.list');
  const after = decodeContactCursor(query.cursor);
  const filter = await contactsFilter(instance, query, query.country ?? actor.country, after);
  const docs = await Contact.find(filter)
    .sort(CONTACT_SORT)
    .limit(query.limit + 1)
    .lean<ContactDoc[]>();
  const items = docs.slice(0, query.limit);
  const names = await agencyNames(
    instance,
    items.map((d) => d.agencyId),
  );
  const last = items[items.length - 1];
  return {
    items: items.map((d) => presentContact(d, { agencyName: names.get(String(d.agencyId)) ?? null, actor })),
    nextCursor: docs.length > query.limit && last ? encodeContactCursor(last) : null,
  };
}

export async function getContact(instance: Instance, actor: Actor, id: string): Promise<ContactDto> {
  const { Contact } = instance.models.directory;
  authorize(can(actor, 'read'), 'contact.read');
  const contact = await Contact.findById(id).lean<ContactDoc>();
  if (!contact) throw new DomainError('not_found');
  return present(instance, actor, contact);
}

export async function createContact(instance: Instance, actor: Actor, input: CreateContactInput): Promise<ContactDto> {
  const { Contact } = instance.models.directory;
  authorize(can(actor, 'create', { agencyId: input.agencyId }), 'contact.create', { targetType: 'agency', targetId: input.agencyId });
  const agency = await agencyById(instance, input.agencyId, ['country', 'active']);
  if (!agency || !agency.active)
    throw new DomainError('validation_failed', 'agency', [{ path: 'agencyId', message: 'unknown or inactive agency' }]);
  const phones = normalizePhones(input.phones, agency.country);
  const shape = { ...input, phones };
  assertReachable(shape);
  const contact = await Contact.create({
    agencyId: agency._id,
    country: agency.country,
    kind: input.kind,
    name: input.name,
    unit: input.unit ?? null,
    position: input.position ?? null,
    phones,
    emails: input.emails,
    languages: input.languages,
    availability: input.availability ?? null,
    notes: input.notes ?? null,
    verifiedAt: new Date(),
    verifiedBy: actor.id,
    ...derivedFields(shape),
  });
  await recordAudit(instance, {
    actor,
    action: 'contact.create',
    targetType: 'contact',
    targetId: String(contact._id),
    details: { agencyId: input.agencyId, kind: input.kind },
    personal: { name: input.name },
  });
  return present(instance, actor, contact.toObject() as ContactDoc);
}

export async function updateContact(instance: Instance, actor: Actor, id: string, input: UpdateContactInput): Promise<ContactDto> {
  const { Contact } = instance.models.directory;
  await loadForWrite(instance, actor, id, 'update');
  const updated = await lockContact(instance, id, async () => {
    // Re-read under the lock: the derived fields are computed from the whole, current entry.
    const current = await Contact.findById(id).lean<ContactDoc>();
    if (!current) return null;
    const phones = input.phones ? normalizePhones(input.phones, current.country as Country) : current.phones;
    const next = {
      kind: input.kind ?? current.kind,
      name: input.name ?? current.name,
      unit: input.unit === undefined ? current.unit : input.unit,
      position: input.position === undefined ? current.position : input.position,
      phones,
      emails: input.emails ?? current.emails,
    };
    assertReachable(next);
    const set: Record<string, unknown> = { ...next, ...derivedFields(next) };
    if (input.languages) set.languages = input.languages;
    if (input.availability !== undefined) set.availability = input.availability;
    if (input.notes !== undefined) set.notes = input.notes;
    return Contact.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<ContactDoc>();
  });
  if (!updated) throw new DomainError('not_found');
  await recordAudit(instance, {
    actor,
    action: 'contact.update',
    targetType: 'contact',
    targetId: id,
    details: { changed: Object.keys(input) },
  });
  return present(instance, actor, updated);
}

export async function deleteContact(instance: Instance, actor: Actor, id: string): Promise<void> {
  const { Contact } = instance.models.directory;
  const contact = await loadForWrite(instance, actor, id, 'delete');
  const res = await lockContact(instance, id, () => Contact.deleteOne({ _id: contact._id }));
  if (res.deletedCount === 0) throw new DomainError('not_found');
  await recordAudit(instance, {
    actor,
    action: 'contact.delete',
    targetType: 'contact',
    targetId: id,
    details: { agencyId: String(contact.agencyId) },
    personal: { name: contact.name },
  });
}

/** Marks the entry confirmed now. */
export async function verifyContact(instance: Instance, actor: Actor, id: string): Promise<ContactDto> {
  const { Contact } = instance.models.directory;
  const before = await loadForWrite(instance, actor, id, 'verify');
  const now = new Date();
  const updated = await lockContact(instance, id, () =>
    Contact.findByIdAndUpdate(id, { $set: { verifiedAt: now, verifiedBy: actor.id } }, { returnDocument: 'after' }).lean<ContactDoc>(),
  );
  if (!updated) throw new DomainError('not_found');
  await recordAudit(instance, {
    actor,
    action: 'contact.verify',
    targetType: 'contact',
    targetId: id,
    details: { previousVerifiedAt: before.verifiedAt.toISOString() },
  });
  return present(instance, actor, updated);
}
