/** Directory enumerations and limits without zod, so the client can import them (docs/client.md). */
export const CONTACT_KINDS = ['desk', 'person'] as const;
export const CONTACT_LANGUAGES = ['es', 'gn', 'pt', 'en'] as const;
export const CONTACT_LIMITS = {
  phones: 10,
  emails: 10,
  phoneText: 40,
  notes: 2000,
  query: 100,
  /** Days without confirmation after which a contact is flagged stale. */
  staleDays: 180,
} as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export type ContactLanguage = (typeof CONTACT_LANGUAGES)[number];
