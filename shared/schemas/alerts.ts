/** Alert input schemas (API.md "Alerts", PRODUCT.md "Alert"). */
import { z } from 'zod';
import { country, isoDateTime, objectId, pagination, requiredText, text } from './common.js';
import { LIMITS } from './limits.js';
import {
  ACTION_CODES,
  ALERT_KINDS,
  ALERT_LIMITS,
  ALERT_STATUSES,
  DOCUMENT_TYPES,
  HIT_TYPES,
  PHOTO_SHOWS,
  PRIORITIES,
  SCOPES,
  SENSITIVITIES,
  SUBJECT_ROLES,
} from './alertEnums.js';

export * from './alertEnums.js';

export const alertKind = z.enum(ALERT_KINDS);
export const priority = z.enum(PRIORITIES);
export const alertStatus = z.enum(ALERT_STATUSES);

const tag = z.string().regex(/^[a-z0-9_]{1,40}$/, 'lower-case words joined by _');

export const documentSchema = z.strictObject({
  type: z.enum(DOCUMENT_TYPES),
  country: z.union([country, z.string().regex(/^[A-Z]{2}$/)]),
  number: requiredText(40),
});

/** A subject's stable id as the server gave it (UUID, or `i<n>` for subjects stored before ids). */
export const subjectId = z.string().regex(/^(?:[0-9a-f-]{36}|i\d{1,2})$/, 'not a subject id');

export const subjectSchema = z.strictObject({
  /** On edits: keeps the stored subject with this id (and its photos); without it the subject is new. */
  id: subjectId.optional(),
  role: z.enum(SUBJECT_ROLES),
  givenNames: text(120).optional(),
  familyNames: text(120).optional(),
  mothersName: text(120).optional(),
  aliases: z.array(requiredText(80)).max(ALERT_LIMITS.aliases).optional(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).optional(),
  dateOfBirth: z.iso.date().nullable().optional(),
  approxAge: z.number().int().min(0).max(120).nullable().optional(),
  nationality: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  documents: z.array(documentSchema).max(ALERT_LIMITS.documents).optional(),
  description: text(LIMITS.longText).optional(),
});

export const vehicleSchema = z.strictObject({
  plate: text(20).optional(),
  country: z.union([country, z.string().regex(/^[A-Z]{2}$/)]).optional(),
  make: text(60).optional(),
  model: text(60).optional(),
  colour: text(40).optional(),
});

export const locationSchema = z.strictObject({
  label: text(LIMITS.shortText).optional(),
  country: country.optional(),
  adminArea: text(120).optional(),
  locality: text(120).optional(),
  borderCrossing: text(LIMITS.shortText).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
});

export const distributionSchema = z
  .strictObject({ scope: z.enum(SCOPES), agencyIds: z.array(objectId).max(ALERT_LIMITS.agencies).optional() })
  .refine((d) => d.scope !== 'agencies' || (d.agencyIds?.length ?? 0) > 0, {
    message: 'agencyIds required for scope "agencies"',
    path: ['agencyIds'],
  });

const alertFields = {
  kind: alertKind,
  priority,
  title: requiredText(LIMITS.shortText),
  summary: text(LIMITS.longText).optional(),
  occurredAt: isoDateTime.nullable().optional(),
  actionRequested: z.strictObject({ code: z.enum(ACTION_CODES), text: text(1000).optional() }).optional(),
  replyWithinHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
  legalBasis: z.strictObject({ caseNumber: text(120).optional(), authority: text(LIMITS.shortText).optional() }).optional(),
  handlingCode: z.enum(['H0', 'H1', 'H2']).optional(),
  sourceReliability: z.enum(['A', 'B', 'C', 'X']).optional(),
  infoCredibility: z.enum(['1', '2', '3', '4']).optional(),
  subjects: z.array(subjectSchema).max(ALERT_LIMITS.subjects).optional(),
  vehicles: z.array(vehicleSchema).max(ALERT_LIMITS.vehicles).optional(),
  phones: z.array(requiredText(40)).max(ALERT_LIMITS.phones).optional(),
  locations: z.array(locationSchema).max(ALERT_LIMITS.locations).optional(),
  tags: z.array(tag).max(ALERT_LIMITS.tags).optional(),
  distribution: distributionSchema,
  sensitivity: z.enum(SENSITIVITIES).optional(),
  /** Restricted alerts record the victim's consent and legal basis (SECURITY.md). */
  victimConsent: z.strictObject({ given: z.boolean(), recordedBy: text(120).optional(), note: text(1000).optional() }).optional(),
  reviewAt: isoDateTime.optional(),
};

export const createAlertSchema = z.strictObject(alertFields);
export type CreateAlertInput = z.infer<typeof createAlertSchema>;

export const updateAlertSchema = z
  .strictObject({ ...alertFields, version: z.number().int().min(0) })
  .partial()
  .required({ version: true });
export type UpdateAlertInput = z.infer<typeof updateAlertSchema>;

/** POST /alerts/:id/retention: the issuing agency keeps a closed alert's personal data longer, saying why. */
export const extendRetentionSchema = z.strictObject({ reason: requiredText(1000), years: z.number().int().min(1).max(5).default(1) });
export type ExtendRetentionInput = z.infer<typeof extendRetentionSchema>;

export const statusChangeSchema = z.strictObject({ status: z.enum(['resolved', 'cancelled', 'active']), reason: requiredText(1000) });

export const alertUpdateSchema = z
  .strictObject({
    kind: z.enum(['note', 'hit']),
    hitType: z.enum(HIT_TYPES).optional(),
    text: requiredText(LIMITS.longText),
    location: locationSchema.optional(),
  })
  .refine((u) => (u.kind === 'hit') === (u.hitType !== undefined), {
    message: 'hitType goes with kind "hit", and only with it',
    path: ['hitType'],
  });
export type AlertUpdateInput = z.infer<typeof alertUpdateSchema>;

/** GET /alerts/:id/case-file?format= (issue 29): the PDF unless the JSON form is asked for. */
export const caseFileQuery = z.strictObject({ format: z.enum(['pdf', 'json']).default('pdf') });

export const listAlertsQuery = z.strictObject({
  status: alertStatus.optional(),
  kind: alertKind.optional(),
  priority: priority.optional(),
  country: country.optional(),
  /** The caller's own alerts (`mine`) or their agency's (`agency`). */
  origin: z.enum(['mine', 'agency']).optional(),
  since: isoDateTime.optional(),
  ...pagination,
});
export type ListAlertsQuery = z.infer<typeof listAlertsQuery>;

export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, '8–100 letters, digits or _.:-');

/**
 * `POST /alerts/:id/photos` query: whom the photo shows — a subject (by id, or by position), or
 * no one (`shows=no_person`: a vehicle, a place, a document) — or, with neither, an unidentified
 * person. A subject's photo shows a person, so `shows=no_person` with a subject is refused.
 */
export const photoUploadQuery = z
  .strictObject({
    subjectId: subjectId.optional(),
    subjectIndex: z.coerce.number().int().min(0).max(50).optional(),
    shows: z.enum(PHOTO_SHOWS).optional(),
  })
  .refine((q) => q.subjectId === undefined || q.subjectIndex === undefined, 'subjectId or subjectIndex, not both')
  .refine((q) => q.shows !== 'no_person' || (q.subjectId === undefined && q.subjectIndex === undefined), {
    message: 'a photo of a subject shows a person',
    path: ['shows'],
  });
export type PhotoUploadQuery = z.infer<typeof photoUploadQuery>;
