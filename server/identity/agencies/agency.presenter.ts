/** Agency → API object. */
import type { AgencyDto } from '../../../shared/dto/agency.js';
import type { AgencyDoc } from './Agency.js';

export type { AgencyDto };

export function presentAgency(a: AgencyDoc): AgencyDto {
  return {
    id: String(a._id),
    name: a.name,
    shortName: a.shortName,
    country: a.country,
    kind: a.kind,
    jurisdiction: a.jurisdiction ?? null,
    phone: a.phone ?? null,
    email: a.email ?? null,
    dutyPhone: a.dutyPhone ?? null,
    active: a.active,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
