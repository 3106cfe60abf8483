/** The directory contact object of API.md ("Directory"). */
import type { ContactKind, ContactLanguage } from '../schemas/contacts.js';
import type { Country } from '../schemas/common.js';

export interface ContactPhoneDto {
  number: string;
  e164: string;
  is24h: boolean;
  whatsapp: boolean;
}

export interface ContactAbilities {
  edit: boolean;
  delete: boolean;
  verify: boolean;
}

export interface ContactDto {
  id: string;
  agencyId: string;
  agencyName: string | null;
  country: Country;
  kind: ContactKind;
  name: string;
  unit: string | null;
  position: string | null;
  phones: ContactPhoneDto[];
  emails: string[];
  languages: ContactLanguage[];
  availability: string | null;
  notes: string | null;
  verifiedAt: string;
  stale: boolean;
  createdAt: string;
  updatedAt: string;
  /** Left out of exports, which are not tied to a screen. */
  abilities?: ContactAbilities;
}
