/**
 * Keeps what the officer typed and adds normalised forms (documents, phones, plates) used for
 * matching and search. A value that cannot be normalised is kept as typed with `null` beside it:
 * partial information from the field is still information.
 */
import type { CreateAlertInput } from '../../shared/schemas/alerts.js';
import type { Country } from '../../shared/schemas/common.js';
import { normalizeDocument, normalizePhoneEitherCountry, normalizePlate } from '../../shared/identifiers/index.js';
import type { AlertDoc } from './Alert.js';

type Content = Omit<CreateAlertInput, 'occurredAt' | 'reviewAt'> & {
  occurredAt?: Date | null;
  subjects: AlertDoc['subjects'];
  vehicles: AlertDoc['vehicles'];
  phones: string[];
  phonesNormalized: string[];
};

/** Normalised content of an alert; `origin` is the default country for phones and plates. */
export function normalizeAlertContent(input: CreateAlertInput, origin: Country | string): Content {
  const defaultCountry = origin === 'PY' ? 'PY' : 'AR';
  const subjects = (input.subjects ?? []).map((s) => ({
    ...s,
    documents: (s.documents ?? []).map((d) => {
      const r = normalizeDocument(d);
      return { ...d, normalized: r.ok ? r.normalized : null };
    }),
  }));
  const vehicles = (input.vehicles ?? []).map((v) => {
    const r = v.plate ? normalizePlate(v.plate, v.country) : null;
    return { ...v, plateNormalized: r?.ok ? r.normalized : null };
  });
  const phones = input.phones ?? [];
  const phonesNormalized = [
    ...new Set(
      phones
        .map((p) => normalizePhoneEitherCountry(p, defaultCountry))
        .filter((r) => r.ok)
        .map((r) => (r as { e164: string }).e164),
    ),
  ];
  const { reviewAt: _reviewAt, occurredAt, ...rest } = input;
  return {
    ...rest,
    ...(occurredAt !== undefined ? { occurredAt: occurredAt ? new Date(occurredAt) : null } : {}),
    subjects,
    vehicles,
    phones,
    phonesNormalized,
  };
}
