/** Directory contact input schemas (API.md "Directory", PRODUCT.md "Contact"). */
import { z } from 'zod';
import { country, email, objectId, pagination, requiredText, text } from './common.js';
import { CONTACT_KINDS, CONTACT_LANGUAGES, CONTACT_LIMITS } from './contactEnums.js';
import { LIMITS } from './limits.js';

export { CONTACT_KINDS, CONTACT_LANGUAGES, CONTACT_LIMITS };

export const contactKind = z.enum(CONTACT_KINDS);
export const contactLanguage = z.enum(CONTACT_LANGUAGES);
export type ContactKind = z.infer<typeof contactKind>;
export type ContactLanguage = z.infer<typeof contactLanguage>;

/** A phone as typed: digits and the usual separators only (the server adds `e164`). */
const phoneNumber = requiredText(CONTACT_LIMITS.phoneText).pipe(
  z.string().regex(/^[0-9+()\-./ ]+$/, 'only digits, spaces and + ( ) - . / are allowed'),
);

export const contactPhoneSchema = z.strictObject({
  number: phoneNumber,
  is24h: z.boolean().default(false),
  whatsapp: z.boolean().default(false),
  /** Echoed back from a read is accepted and ignored: the server always recomputes it. */
  e164: z.string().max(20).optional(),
});
export type ContactPhone = z.infer<typeof contactPhoneSchema>;

const unique = <T>(items: T[]) => new Set(items).size === items.length;

const fields = {
  kind: contactKind,
  name: requiredText(LIMITS.shortText),
  unit: text(LIMITS.shortText).nullable().optional(),
  position: text(LIMITS.shortText).nullable().optional(),
  phones: z.array(contactPhoneSchema).max(CONTACT_LIMITS.phones),
  emails: z.array(email).max(CONTACT_LIMITS.emails).refine(unique, 'emails repeat'),
  languages: z.array(contactLanguage).max(CONTACT_LANGUAGES.length).refine(unique, 'languages repeat'),
  availability: text(LIMITS.shortText).nullable().optional(),
  notes: text(CONTACT_LIMITS.notes).nullable().optional(),
};

export const createContactSchema = z.strictObject({
  agencyId: objectId,
  ...fields,
  phones: fields.phones.default([]),
  emails: fields.emails.default([]),
  languages: fields.languages.default(['es']),
});
export type CreateContactInput = z.infer<typeof createContactSchema>;

/** Everything but the agency may change (moving a contact is delete + create). */
export const updateContactSchema = z
  .strictObject({
    kind: fields.kind.optional(),
    name: fields.name.optional(),
    unit: fields.unit,
    position: fields.position,
    phones: fields.phones.optional(),
    emails: fields.emails.optional(),
    languages: fields.languages.optional(),
    availability: fields.availability,
    notes: fields.notes,
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type UpdateContactInput = z.infer<typeof updateContactSchema>;

/** The filters of the list and of both exports. */
export const contactFilters = {
  q: text(CONTACT_LIMITS.query).optional(),
  agencyId: objectId.optional(),
  country: country.optional(),
  language: contactLanguage.optional(),
  /** `true`: only contacts with at least one 24 h line (docs/api-extensions.md "Directory"). */
  h24: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
};

export const listContactsQuery = z.strictObject({ ...contactFilters, ...pagination });
export const exportContactsQuery = z.strictObject(contactFilters);
/** export.vcf also takes the vCard version: 3.0 (default, what phones import) or 4.0. */
export const exportVcardQuery = z.strictObject({ ...contactFilters, version: z.enum(['3.0', '4.0']).default('3.0') });
export type ContactFilters = z.infer<typeof exportContactsQuery>;
export type ListContactsQuery = z.infer<typeof listContactsQuery>;
