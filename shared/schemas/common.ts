/** Building blocks for the resource schemas: bounded text, ids, enums of PRODUCT.md, pagination. */
import { z } from 'zod';
import { ROLES } from './adminEnums.js';
import { LIMITS } from './limits.js';

/** Control characters other than tab and newline (and CR, accepted in multi-line text). */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed single- or multi-line text without control characters, at most `max` characters. */
export const text = (max: number = LIMITS.shortText) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), 'contains control characters');

/** Non-empty text. */
export const requiredText = (max: number = LIMITS.shortText) => text(max).pipe(z.string().min(1, 'required'));

export const COUNTRIES = ['AR', 'PY'] as const;
export const country = z.enum(COUNTRIES);
export type Country = z.infer<typeof country>;

export { ROLES };
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const LANGUAGES = ['es', 'en'] as const;
export const language = z.enum(LANGUAGES);

/** A 24-hex Mongo ObjectId as a string. */
export const objectId = z.string().regex(/^[a-f0-9]{24}$/i, 'not a valid id');

export const email = z.string().trim().toLowerCase().max(LIMITS.email).pipe(z.email('not a valid email address'));

/** ?limit= & ?cursor= as API.md describes. */
export const pagination = {
  limit: z.coerce.number().int().min(1).max(LIMITS.pageMax).default(LIMITS.pageDefault),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'not a valid cursor')
    .optional(),
};

/** ISO-8601 date-time (UTC offset allowed). */
export const isoDateTime = z.iso.datetime({ offset: true });
