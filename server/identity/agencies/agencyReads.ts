/** Reads of agencies for other components: the fields asked for, one store read per call. */
import type mongoose from 'mongoose';
import type { AgencyKind } from '../../../shared/schemas/agencies.js';
import type { Country } from '../../../shared/schemas/common.js';
import { distinctObjectIds, op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

/** The fields other components may read, with their types. */
export interface AgencyFieldTypes {
  name: string;
  shortName: string;
  country: Country;
  kind: AgencyKind;
  jurisdiction: string | null;
  phone: string | null;
  email: string | null;
  dutyPhone: string | null;
  active: boolean;
}
export type AgencyField = keyof AgencyFieldTypes;
export type AgencyFields<F extends AgencyField> = { _id: mongoose.Types.ObjectId } & Pick<AgencyFieldTypes, F>;

const projection = (fields: readonly AgencyField[]) => Object.fromEntries(fields.map((f) => [f, 1]));

/** The agencies among `ids` that exist, with `fields` (ids not an ObjectId are left out; none, no read). */
export async function agenciesByIds<F extends AgencyField>(
  instance: Instance,
  ids: Iterable<unknown>,
  fields: readonly F[],
): Promise<Array<AgencyFields<F>>> {
  const { Agency } = instance.models.identity;
  const wanted = distinctObjectIds(ids);
  if (wanted.length === 0) return [];
  return Agency.find({ _id: op({ $in: wanted }) }, projection(fields)).lean<Array<AgencyFields<F>>>();
}

/** One field of each agency among `ids` that exists, by id, in one read. */
export async function agencyFields<F extends AgencyField>(
  instance: Instance,
  ids: Iterable<unknown>,
  field: F,
): Promise<Map<string, AgencyFieldTypes[F]>> {
  const found = await agenciesByIds(instance, ids, [field]);
  return new Map(
    found.map((a) => {
      const fields: Pick<AgencyFieldTypes, F> = a;
      return [String(a._id), fields[field]];
    }),
  );
}

/** Every agency, with `fields` (a few hundred at most). */
export async function allAgencies<F extends AgencyField>(instance: Instance, fields: readonly F[]): Promise<Array<AgencyFields<F>>> {
  const { Agency } = instance.models.identity;
  return Agency.find({}, projection(fields)).lean<Array<AgencyFields<F>>>();
}

/** One agency's `fields`, or null when there is no such agency. */
export async function agencyById<F extends AgencyField>(
  instance: Instance,
  id: string,
  fields: readonly F[],
): Promise<AgencyFields<F> | null> {
  const { Agency } = instance.models.identity;
  return Agency.findById(id, projection(fields)).lean<AgencyFields<F>>();
}

/** Whether the agency exists. */
export async function agencyExists(instance: Instance, id: string): Promise<boolean> {
  const { Agency } = instance.models.identity;
  return (await Agency.exists({ _id: id })) !== null;
}
