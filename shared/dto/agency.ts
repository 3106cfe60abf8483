/** The agency object of API.md ("Agencies"). */
import type { AGENCY_KINDS } from '../schemas/agencies.js';
import type { Country } from '../schemas/common.js';

export interface AgencyDto {
  id: string;
  name: string;
  shortName: string;
  country: Country;
  kind: (typeof AGENCY_KINDS)[number];
  jurisdiction: string | null;
  phone: string | null;
  email: string | null;
  dutyPhone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
