/** Agency → API object. */
import type { AgencyDoc } from '../models/Agency.js';

export function presentAgency(a: AgencyDoc) {
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
export type AgencyDto = ReturnType<typeof presentAgency>;
