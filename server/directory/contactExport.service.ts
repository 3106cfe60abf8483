/** Directory exports (`export.vcf`, `export.csv`): the list's filters, the list's order, audited. */
import type { ContactFilters } from '../../shared/schemas/contacts.js';
import { type ContactDoc } from './Contact.js';
import type { Actor } from '../platform/actor.js';
import { authorize } from '../platform/authorize.js';
import { can } from './contact.policy.js';
import { presentContact } from './contact.presenter.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { agencyNames, CONTACT_SORT, contactsFilter } from './contactSearch.js';
import { contactsToCsv } from './csv.js';
import { contactsToVcards } from './vcard.js';
import type { VcardVersion } from './vcardLines.js';
import type { Instance } from '../platform/instance.js';

/** More than any real directory holds; an export never grows without bound. */
export const EXPORT_MAX = 5000;

export type ExportFormat = 'vcf' | 'csv';

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
  count: number;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  vcf: 'text/vcard; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export async function exportContacts(
  instance: Instance,
  actor: Actor,
  filters: ContactFilters,
  format: ExportFormat,
  vcardVersion: VcardVersion = '3.0',
): Promise<ExportFile> {
  const { Contact } = instance.models.directory;
  authorize(can(actor, 'export'), 'contact.export');
  const now = new Date();
  const docs = await Contact.find(await contactsFilter(instance, filters, filters.country ?? actor.country))
    .sort(CONTACT_SORT)
    .limit(EXPORT_MAX)
    .lean<ContactDoc[]>();
  const names = await agencyNames(
    instance,
    docs.map((d) => d.agencyId),
  );
  const contacts = docs.map((d) => presentContact(d, { agencyName: names.get(String(d.agencyId)) ?? null, now }));
  const body = format === 'vcf' ? contactsToVcards(contacts, vcardVersion) : contactsToCsv(contacts);
  await recordAudit(instance, {
    actor,
    action: 'contact.export',
    targetType: 'contact',
    details: { format, ...(format === 'vcf' ? { version: vcardVersion } : {}), count: contacts.length, filters: { ...filters } },
  });
  return {
    filename: `puente-contactos-${now.toISOString().slice(0, 10)}.${format}`,
    contentType: CONTENT_TYPES[format],
    body,
    count: contacts.length,
  };
}
