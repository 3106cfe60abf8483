/** A user's own settings (docs/api-extensions.md "My account"). */
import { z } from 'zod';
import { language } from './common.js';

/** IANA time zone names this runtime knows (e.g. America/Asuncion). */
export const timeZone = z
  .string()
  .max(64)
  .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'not a known time zone');

export const ownPreferencesSchema = z
  // timeZone null: back to the device's own.
  .strictObject({ language: language.optional(), timeZone: timeZone.nullable().optional() })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');
export type OwnPreferencesInput = z.infer<typeof ownPreferencesSchema>;
