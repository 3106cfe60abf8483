/** Agency input schemas (API.md "Agencies"). */
import { z } from 'zod';
import { country, email, requiredText, text } from './common.js';
import { AGENCY_KINDS } from './adminEnums.js';
import { LIMITS } from './limits.js';

export { AGENCY_KINDS };
export const agencyKind = z.enum(AGENCY_KINDS);
export type AgencyKind = z.infer<typeof agencyKind>;

const phoneText = text(40);

export const createAgencySchema = z.strictObject({
  name: requiredText(LIMITS.shortText),
  shortName: requiredText(40),
  country,
  kind: agencyKind,
  jurisdiction: text(LIMITS.shortText).optional(),
  phone: phoneText.optional(),
  email: email.optional(),
  dutyPhone: phoneText.optional(),
});
export type CreateAgencyInput = z.infer<typeof createAgencySchema>;

export const updateAgencySchema = createAgencySchema.omit({ country: true }).partial().extend({ active: z.boolean().optional() });
export type UpdateAgencyInput = z.infer<typeof updateAgencySchema>;

export const listAgenciesQuery = z.strictObject({ country: country.optional() });
