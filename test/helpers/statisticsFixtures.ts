/**
 * Alerts for the statistics tests, written straight into the store as it keeps them: any year, any
 * mix of kinds, places, victims' nationalities, hits and resolutions, without posting each one.
 */
import mongoose from 'mongoose';
import { Alert } from './models.js';

const HOUR = 3_600_000;

export interface StatisticsSpec {
  kind: string;
  status?: string;
  originCountry?: 'AR' | 'PY';
  place?: { country: string; adminArea: string; borderCrossing?: string };
  nationality?: string;
  hitAfterHours?: number;
  resolvedAfterHours?: number;
}

let counter = 0;
/** An alert document created on 10 March of `year` (Argentine time). */
export function statisticsAlertDoc(year: number, s: StatisticsSpec, agencyId: string) {
  const createdAt = new Date(`${year}-03-10T12:00:00-03:00`);
  counter++;
  const ref = `${Date.now().toString(36)}${counter}`;
  return {
    _id: new mongoose.Types.ObjectId(),
    reference: `AR-${year}-S${ref}`,
    kind: s.kind,
    priority: 'routine',
    status: s.status ?? 'active',
    title: `Estadística ${counter}`,
    summary: null,
    subjects: s.nationality ? [{ id: `i${counter % 90}`, role: 'victim', givenNames: 'Persona', nationality: s.nationality }] : [],
    vehicles: [],
    phones: [],
    phonesNormalized: [],
    locations: s.place ? [{ label: 'Lugar', ...s.place }] : [],
    tags: [],
    distribution: { scope: 'agency', agencyIds: [] },
    grantedAgencyIds: [],
    sensitivity: 'standard',
    originAgencyId: agencyId,
    originCountry: s.originCountry ?? 'AR',
    createdBy: 'seed',
    createdAt,
    updatedAt: createdAt,
    reviewAt: new Date(createdAt.getTime() + 90 * 24 * HOUR),
    history: s.resolvedAfterHours
      ? [
          {
            at: new Date(createdAt.getTime() + s.resolvedAfterHours * HOUR),
            by: 'x',
            agencyId,
            action: 'status_changed',
            fromStatus: 'active',
            toStatus: 'resolved',
          },
        ]
      : [],
    updates:
      s.hitAfterHours !== undefined
        ? [
            {
              id: `u${counter}`,
              kind: 'hit',
              hitType: 'located',
              text: 'Hallada',
              authorId: 'x',
              agencyId,
              country: 'PY',
              at: new Date(createdAt.getTime() + s.hitAfterHours * HOUR),
            },
          ]
        : [],
    photos: [],
    version: 0,
    changeSeq: 0,
  };
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/**
 * Forty alerts of `year`: 25 possible victims in Formosa (AR, one spelling in five "FORMOSA "),
 * Paraguayan, 13 found 2 to 8 h after, 12 resolved after 48 h; 12 suspects in Central (PY) issued
 * in Paraguay; 3 vehicles in Chaco (AR) with a Bolivian victim: below k.
 */
export async function seedStatisticsAlerts(year: number, agencyId: string): Promise<void> {
  const formosa = { country: 'AR', adminArea: 'Formosa', borderCrossing: 'Puente San Ignacio de Loyola' };
  const docs = [
    ...times(25, (i) =>
      statisticsAlertDoc(
        year,
        {
          kind: 'possible_victim',
          place: i % 5 === 0 ? { ...formosa, adminArea: 'FORMOSA ' } : formosa,
          nationality: 'PY',
          hitAfterHours: i < 13 ? 2 + (i % 7) : undefined,
          status: i < 12 ? 'resolved' : 'active',
          resolvedAfterHours: i < 12 ? 48 : undefined,
        },
        agencyId,
      ),
    ),
    ...times(12, () =>
      statisticsAlertDoc(year, { kind: 'suspect', originCountry: 'PY', place: { country: 'PY', adminArea: 'Central' } }, agencyId),
    ),
    ...times(3, () =>
      statisticsAlertDoc(year, { kind: 'vehicle', place: { country: 'AR', adminArea: 'Chaco' }, nationality: 'BO' }, agencyId),
    ),
  ];
  await Alert.collection.insertMany(docs as never[]);
}
