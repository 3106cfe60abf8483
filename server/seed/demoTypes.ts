/** Shapes of the demo data (`puente seed-demo`): agencies with their directory entries, and users. */
import type { AGENCY_KINDS } from '../../shared/schemas/agencies.js';
import type { Country, Role } from '../../shared/schemas/common.js';
import type { ContactKind, ContactLanguage } from '../../shared/schemas/contacts.js';

export interface DemoContact {
  kind: ContactKind;
  /** Natural key within the agency: running the seed again finds the entry by it. */
  name: string;
  unit?: string;
  position?: string;
  phones: Array<{ number: string; is24h?: boolean; whatsapp?: boolean }>;
  emails: string[];
  languages: ContactLanguage[];
  availability?: string;
  notes?: string;
}

export interface DemoAgency {
  /** Stable handle other seed steps use (`ar.police`). */
  key: string;
  /** With `country`, the natural key of the agency. */
  name: string;
  shortName: string;
  country: Country;
  kind: (typeof AGENCY_KINDS)[number];
  jurisdiction: string;
  phone?: string;
  email?: string;
  dutyPhone?: string;
  contacts: DemoContact[];
}

export interface DemoUser {
  /** Natural key. */
  email: string;
  displayName: string;
  role: Role;
  country: Country;
  agencyKey: string;
}
