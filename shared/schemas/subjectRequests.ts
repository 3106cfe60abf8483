/** Data-subject requests (docs/data-subject-requests.md): opened by a system administrator, approved by another. */
import { z } from 'zod';
import { objectId, pagination, text } from './common.js';
import { subjectId, subjectSchema } from './alerts.js';
import { ALERT_TEXT_FIELDS, SUBJECT_REQUEST_LAWS, SUBJECT_REQUEST_STATUSES, SUBJECT_RIGHTS } from './subjectRequestEnums.js';

export * from './subjectRequestEnums.js';

export const openSubjectRequestSchema = z
  .strictObject({
    /** A document number or phone, in any formatting ("4.567.890", "0981 123 456"). */
    identifier: text(60).optional(),
    /** The person's name, as search reads it (accents, case and spelling variants folded). */
    name: text(160).optional(),
    law: z.enum(SUBJECT_REQUEST_LAWS),
    right: z.enum(SUBJECT_RIGHTS),
    /** The person's filing: note or file number, how they proved who they are. */
    reference: text(300).optional(),
  })
  .refine((r) => !!r.identifier || !!r.name, { message: 'an identifier or a name is required', path: ['identifier'] });
export type OpenSubjectRequestInput = z.infer<typeof openSubjectRequestSchema>;

export const subjectRequestDecisionSchema = z.strictObject({
  decision: z.enum(['approve', 'refuse']),
  note: text(500).optional(),
});

/** The fields of a subject a rectification may set (null removes one); role and id stay. */
export const subjectRectificationSchema = subjectSchema
  .omit({ id: true, role: true })
  .partial()
  .refine((c) => Object.keys(c).length > 0, { message: 'nothing to rectify' });
export type SubjectRectification = z.infer<typeof subjectRectificationSchema>;

export const rectifySubjectSchema = z.strictObject({
  alertId: objectId,
  subjectId,
  changes: subjectRectificationSchema,
});

export const eraseFromAlertSchema = z
  .strictObject({
    alertId: objectId,
    subjectIds: z.array(subjectId).max(50).default([]),
    phones: z.array(text(40)).max(20).default([]),
    updateIds: z
      .array(z.string().regex(/^[0-9a-f-]{36}$/, 'not an update id'))
      .max(200)
      .default([]),
    /** The alert's own free text to empty (ALERT_TEXT_FIELDS). */
    texts: z.array(z.enum(ALERT_TEXT_FIELDS)).max(ALERT_TEXT_FIELDS.length).default([]),
  })
  .refine((e) => e.subjectIds.length + e.phones.length + e.updateIds.length + e.texts.length > 0, {
    message: 'nothing to erase',
    path: ['subjectIds'],
  });

export const subjectRequestListQuery = z.strictObject({ ...pagination, status: z.enum(SUBJECT_REQUEST_STATUSES).optional() });
export const subjectRequestExportQuery = z.strictObject({ format: z.enum(['json', 'pdf']).default('json') });
