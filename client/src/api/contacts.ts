/** /api/v1/contacts: the directory of both countries (list, read, writes, confirmation, exports). */
import type { ContactDto } from '../../../shared/dto/contact.js';
import type { Page } from '../../../shared/dto/alert.js';
import type { ContactLanguage } from '../../../shared/schemas/contactEnums.js';
import type { CreateContactInput, UpdateContactInput } from '../../../shared/schemas/contacts.js';
import { del, get, patch, post, query } from './http.js';

export interface ContactFilters {
  q?: string;
  agencyId?: string;
  country?: 'AR' | 'PY';
  language?: ContactLanguage;
  /** Only contacts with a 24 h line. */
  h24?: boolean;
}

const filterParams = (f: ContactFilters) => ({
  q: f.q?.trim() || undefined,
  agencyId: f.agencyId,
  country: f.country,
  language: f.language,
  h24: f.h24 ? 'true' : undefined,
});

export const listContacts = (filters: ContactFilters, cursor?: string | null, limit = 20) =>
  get<Page<ContactDto>>(`/contacts${query({ ...filterParams(filters), cursor, limit })}`);
export const getContact = (id: string) => get<ContactDto>(`/contacts/${encodeURIComponent(id)}`);
export const createContact = (input: CreateContactInput) => post<ContactDto>('/contacts', input);
export const updateContact = (id: string, input: UpdateContactInput) => patch<ContactDto>(`/contacts/${encodeURIComponent(id)}`, input);
export const verifyContact = (id: string) => post<ContactDto>(`/contacts/${encodeURIComponent(id)}/verify`);
export const deleteContact = (id: string) => del<void>(`/contacts/${encodeURIComponent(id)}`);

/**
 * The address of an export of the same filters (a plain link: the server answers it as a
 * download); a vCard is 3.0 unless `vcard4` asks for 4.0.
 */
export const exportUrl = (format: 'vcf' | 'csv', filters: ContactFilters, vcard4 = false) =>
  `/api/v1/contacts/export.${format}${query({ ...filterParams(filters), ...(vcard4 ? { version: '4.0' } : {}) })}`;
