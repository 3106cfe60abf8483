/**
 * Redaction by allow-list (issue 27): every field of the people, documents, vehicles and places an
 * alert holds is classified in alert.presenter.ts, and a field nobody classified leaves the server
 * for no one. A field added to a schema in shared/ without that decision fails here.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { z } from 'zod';
import { createAlertSchema, documentSchema, locationSchema, subjectSchema, vehicleSchema } from '../../shared/schemas/alerts.js';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import type { Viewer } from '../../server/alerts/alert.policy.js';
import {
  DOCUMENT_FIELDS,
  LOCATION_FIELDS,
  presentAlert,
  presentUpdate,
  SUBJECT_FIELDS,
  VEHICLE_FIELDS,
} from '../../server/alerts/alert.presenter.js';
import { testInstance } from '../helpers/instance.js';
import { Alert } from '../helpers/models.js';

/** Presenting signs each alert's catch-up cursor with an instance's keys. */
const instance = testInstance();

type AnySchema = z.ZodType;

const TABLES: Array<{ name: string; schema: z.ZodObject; fields: Readonly<Record<string, string>> }> = [
  { name: 'subject', schema: subjectSchema, fields: SUBJECT_FIELDS },
  { name: 'document', schema: documentSchema, fields: DOCUMENT_FIELDS },
  { name: 'vehicle', schema: vehicleSchema, fields: VEHICLE_FIELDS },
  { name: 'location', schema: locationSchema, fields: LOCATION_FIELDS },
];

/** The object schema a field holds, through optional, nullable and array wrappers; null for anything else. */
function objectIn(schema: AnySchema): z.ZodObject | null {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; element?: AnySchema };
  if (def.type === 'object') return schema as z.ZodObject;
  if ((def.type === 'optional' || def.type === 'nullable') && def.innerType) return objectIn(def.innerType);
  if (def.type === 'array' && def.element) return objectIn(def.element);
  return null;
}

/** The object schema of a list field (optional or not); null for anything else. */
function listOf(schema: AnySchema): z.ZodObject | null {
  const def = schema._zod.def as { type: string; innerType?: AnySchema; element?: AnySchema };
  if (def.type === 'optional' && def.innerType) return listOf(def.innerType);
  return def.type === 'array' && def.element ? objectIn(def.element) : null;
}

const ORIGIN = 'a'.repeat(24);
const originOfficer: Viewer = { agencyId: ORIGIN, country: 'AR', roles: ['officer'], agencyKind: 'police' };
const officerElsewhere: Viewer = { agencyId: 'b'.repeat(24), country: 'PY', roles: ['officer'], agencyKind: 'police' };

/** A stored alert whose person, document, vehicle and places carry a field no table names. */
function alertWithUnclassifiedFields(sensitivity: 'standard' | 'restricted'): AlertDoc {
  const at = new Date('2026-11-20T14:00:00Z');
  return new Alert({
    _id: new mongoose.Types.ObjectId(),
    reference: 'AR-2026-000042',
    kind: 'possible_victim',
    priority: 'urgent',
    title: 'Posible víctima',
    subjects: [
      {
        id: 'victim-id',
        role: 'victim',
        givenNames: 'Marta',
        documents: [{ type: 'DNI', country: 'AR', number: '30.111.222', normalized: '30111222', issuer: 'UNCLASSIFIED-DOCUMENT' }],
        caseNotes: 'UNCLASSIFIED-SUBJECT',
      },
      { id: 'suspect-id', role: 'suspect', givenNames: 'Ramón', caseNotes: 'UNCLASSIFIED-SUSPECT' },
    ],
    vehicles: [{ plate: 'AB 123 CD', plateNormalized: 'AB123CD', vin: 'UNCLASSIFIED-VEHICLE' }],
    locations: [{ label: 'Clorinda', informant: 'UNCLASSIFIED-PLACE' }],
    distribution: { scope: 'bilateral', agencyIds: [] },
    sensitivity,
    originAgencyId: ORIGIN,
    originCountry: 'AR',
    createdBy: 'u1',
    createdAt: at,
    updatedAt: at,
    reviewAt: at,
    updates: [{ id: 'u1', kind: 'note', text: 'Visto', location: { label: 'Puerto', informant: 'UNCLASSIFIED-UPDATE' }, at }],
  }).toObject() as AlertDoc;
}

describe('alert presenter: redaction by allow-list', () => {
  it('every field of every person, document, vehicle and place in the schemas is classified', () => {
    // The alert's lists of people and things (subjects, vehicles, locations), each with its table.
    const lists = Object.entries(createAlertSchema.shape).filter(([, schema]) => listOf(schema) !== null);
    expect(lists.map(([field]) => field)).to.include.members(['subjects', 'vehicles', 'locations']);
    for (const [field, schema] of lists)
      expect(
        TABLES.some((t) => t.schema === listOf(schema)),
        `alert.${field}`,
      ).to.equal(true);
    for (const { name, schema, fields } of TABLES)
      for (const [key, fieldSchema] of Object.entries(schema.shape)) {
        expect(fields, `${name}.${key} is not classified in alert.presenter.ts`).to.have.property(key);
        const nested = objectIn(fieldSchema as AnySchema);
        if (nested)
          expect(
            TABLES.some((t) => t.schema === nested),
            `${name}.${key} holds objects without a table`,
          ).to.equal(true);
      }
  });

  it('a stored field no table names is sent to no one, the classified ones as before', () => {
    for (const sensitivity of ['standard', 'restricted'] as const)
      for (const viewer of [originOfficer, officerElsewhere]) {
        const a = alertWithUnclassifiedFields(sensitivity);
        const text = JSON.stringify([presentAlert(instance, a, viewer), a.updates.map(presentUpdate)]);
        expect(text).to.not.include('UNCLASSIFIED');
        for (const shown of ['Ramón', 'AB123CD', 'Clorinda', 'Puerto', 'suspect-id']) expect(text).to.include(shown);
        const identityOpen = sensitivity === 'standard' || viewer === originOfficer;
        for (const identity of ['Marta', '30111222']) expect(text.includes(identity), identity).to.equal(identityOpen);
      }
  });
});
