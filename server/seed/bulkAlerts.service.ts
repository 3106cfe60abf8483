/**
 * `seed:bulk`: many realistic Argentine and Paraguayan alerts, for benchmarks and manual trials.
 * Writes in batches straight to the store (bypassing the per-alert path, which would take hours
 * at 100,000); every server's alert copy then reloads and computes the search keys.
 */
import mongoose from 'mongoose';
import { normalizeDocument } from '../../shared/identifiers/index.js';
import { createAlertChangeLog, formatReference, normalizeAlertContent } from '../alerts/index.js';
import { withDocLock } from '../platform/store/index.js';
import { CROSSINGS, dottedNumber, GIVEN_NAMES, KINDS, localPhone, pick, plate, rng, SURNAMES, TITLES } from './bulkData.js';
import { DAY_MS } from '../../shared/time.js';
import type { Instance } from '../platform/instance.js';

const BATCH = 1000;
const SEED_AGENCIES = [
  { name: 'Policía de la Provincia de Formosa (carga masiva)', shortName: 'PPF-carga', country: 'AR', kind: 'police' },
  { name: 'Gendarmería Nacional — Clorinda (carga masiva)', shortName: 'GNA-carga', country: 'AR', kind: 'gendarmerie' },
  { name: 'Policía Nacional del Paraguay (carga masiva)', shortName: 'PN-carga', country: 'PY', kind: 'police' },
  { name: 'Ministerio Público — Unidad de Trata (carga masiva)', shortName: 'MP-carga', country: 'PY', kind: 'prosecutor' },
] as const;

/** Query samples taken from what was generated, for benchmarks. */
export interface BulkSamples {
  documents: string[];
  phones: string[];
  plates: string[];
  names: string[];
}

export interface BulkResult {
  alerts: number;
  samples: BulkSamples;
  agencyIds: string[];
}

async function reserveReferences(instance: Instance, country: string, year: number, n: number): Promise<number> {
  const { Counter } = instance.models.platform;
  const name = `alertref:${country}:${year}`;
  return withDocLock(instance.store, `counter:${name}`, async () => {
    const current = (await Counter.findById(name).lean())?.seq ?? 0;
    await Counter.replaceOne({ _id: name }, { _id: name, seq: current + n }, { upsert: true });
    return current + 1;
  });
}

export async function seedBulkAlerts(
  instance: Instance,
  count: number,
  opts: { seed?: number; onProgress?: (done: number, total: number, phase: string) => void } = {},
): Promise<BulkResult> {
  const { Agency } = instance.models.identity;
  const { Alert } = instance.models.alerts;
  const r = rng(opts.seed ?? 2026);
  const agencies = [];
  for (const a of SEED_AGENCIES) agencies.push((await Agency.findOne({ name: a.name }).lean()) ?? (await Agency.create(a)).toObject());
  const year = new Date().getUTCFullYear();
  const perCountry = { AR: Math.ceil(count / 2), PY: Math.floor(count / 2) };
  const nextRef = {
    AR: await reserveReferences(instance, 'AR', year, perCountry.AR),
    PY: await reserveReferences(instance, 'PY', year, perCountry.PY),
  };
  const samples: BulkSamples = { documents: [], phones: [], plates: [], names: [] };
  const now = Date.now();

  for (let start = 0; start < count; start += BATCH) {
    const docs: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) {
      const agency = agencies[i % agencies.length]!;
      const country = agency.country as 'AR' | 'PY';
      const kind = pick(r, KINDS);
      const sex = r() < 0.7 ? 'female' : 'male';
      const victimCountry: 'AR' | 'PY' = r() < 0.55 ? 'PY' : 'AR';
      const docNumber = victimCountry === 'AR' ? 20_000_000 + Math.floor(r() * 25_000_000) : 1_000_000 + Math.floor(r() * 6_500_000);
      const suspectDni = 14_000_000 + Math.floor(r() * 30_000_000);
      const crossing = pick(r, CROSSINGS);
      const victim = {
        role: 'victim',
        givenNames: `${pick(r, GIVEN_NAMES[sex])}${r() < 0.4 ? ` ${pick(r, GIVEN_NAMES[sex])}` : ''}`,
        familyNames: `${pick(r, SURNAMES)} ${pick(r, SURNAMES)}`,
        sex,
        approxAge: 13 + Math.floor(r() * 15),
        nationality: victimCountry,
        documents: [{ type: victimCountry === 'AR' ? 'DNI' : 'CI', country: victimCountry, number: dottedNumber(docNumber) }],
      };
      const suspect = {
        role: 'suspect',
        givenNames: pick(r, GIVEN_NAMES.male),
        familyNames: pick(r, SURNAMES),
        documents: [{ type: 'DNI', country: 'AR', number: dottedNumber(suspectDni) }],
      };
      const phones = [localPhone(r, country), ...(r() < 0.3 ? [localPhone(r, country === 'AR' ? 'PY' : 'AR')] : [])];
      const vehicles =
        kind === 'vehicle' || r() < 0.25
          ? [
              {
                plate: plate(r, country),
                country,
                make: pick(r, ['Toyota', 'Ford', 'Chevrolet', 'Fiat', 'Volkswagen']),
                colour: pick(r, ['gris', 'blanco', 'negro', 'rojo']),
              },
            ]
          : [];
      const input = {
        kind,
        priority: pick(r, ['urgent', 'high', 'routine'] as const),
        title: `${TITLES[kind]} — ${crossing.locality}`,
        summary: 'Registro generado para pruebas de carga.',
        subjects: [victim, suspect],
        vehicles,
        phones,
        locations: [
          {
            label: crossing.label,
            country: crossing.country,
            adminArea: crossing.adminArea,
            locality: crossing.locality,
            borderCrossing: crossing.label,
          },
        ],
        distribution: { scope: pick(r, ['bilateral', 'bilateral', 'bilateral', 'country', 'agency'] as const) },
        sensitivity: r() < 0.3 ? 'restricted' : 'standard',
      } as Parameters<typeof normalizeAlertContent>[0];
      const content = normalizeAlertContent(input, country);
      const _id = new mongoose.Types.ObjectId();
      const createdAt = new Date(now - Math.floor(r() * 365 * DAY_MS));
      const doc = {
        _id,
        ...content,
        reference: formatReference(country, year, nextRef[country]++),
        status: r() < 0.85 ? 'active' : pick(r, ['resolved', 'cancelled', 'expired']),
        originAgencyId: String(agency._id),
        originCountry: country,
        createdBy: 'seed',
        createdAt,
        updatedAt: createdAt,
        reviewAt: new Date(createdAt.getTime() + 90 * DAY_MS),
        reviewReminderSentAt: null,
        history: [{ at: createdAt, by: 'seed', agencyId: String(agency._id), action: 'created', toStatus: 'active' }],
        updates: [],
        photos: [],
        grantedAgencyIds: [],
        victimConsent: null,
        replyWithinHours: 12,
        version: 0,
        changeSeq: 0,
      };
      docs.push(doc);
      if (i % 97 === 0) {
        const norm = normalizeDocument(suspect.documents[0]!);
        if (norm.ok) samples.documents.push(suspect.documents[0]!.number);
        samples.phones.push(phones[0]!);
        if (vehicles[0]) samples.plates.push(vehicles[0].plate.replace(/ /g, ''));
        samples.names.push(`${suspect.givenNames} ${suspect.familyNames.normalize('NFD').replace(/\p{M}/gu, '')}`);
      }
    }
    await Alert.collection.insertMany(docs as never[], { ordered: false });
    opts.onProgress?.(Math.min(count, start + BATCH), count, 'alerts');
  }

  // The alerts were written around the change log (logging 100,000 entries one by one would take
  // far longer than the import): a new epoch makes every running server's search copy reload.
  // Through a handle of its own, as from any other process: the import is no Puente's change.
  await createAlertChangeLog(instance.store).renewEpoch();
  return { alerts: count, samples, agencyIds: agencies.map((a) => String(a._id)) };
}
