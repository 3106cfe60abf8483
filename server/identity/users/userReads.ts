/**
 * Reads of user accounts for other components: only the fields asked for, never the secrets a
 * whole document holds (password hash, MFA seeds). One store read per call.
 */
import type mongoose from 'mongoose';
import type { Language } from '../../../shared/i18n/messages.js';
import type { Country, Role } from '../../../shared/schemas/common.js';
import { distinctObjectIds, op } from '../../platform/store/index.js';
import { type USER_STATUSES } from './User.js';
import type { Instance } from '../../platform/instance.js';

/** The fields other components may read, with their types. */
export interface UserFieldTypes {
  displayName: string;
  email: string;
  agencyId: mongoose.Types.ObjectId;
  country: Country;
  roles: Role[];
  language: Language;
  timeZone: string | null;
  status: (typeof USER_STATUSES)[number];
}
export type UserField = keyof UserFieldTypes;
export type UserFields<F extends UserField> = { _id: mongoose.Types.ObjectId } & Pick<UserFieldTypes, F>;

const projection = (fields: readonly UserField[]) => Object.fromEntries(fields.map((f) => [f, 1]));

/**
 * The users among `ids` (ids not an ObjectId are left out; none, no read), with `fields`;
 * `activeOnly` keeps active accounts alone.
 */
export async function usersByIds<F extends UserField>(
  instance: Instance,
  ids: Iterable<unknown>,
  fields: readonly F[],
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<Array<UserFields<F>>> {
  const { User } = instance.models.identity;
  const wanted = distinctObjectIds(ids);
  if (wanted.length === 0) return [];
  const filter = { _id: op({ $in: wanted }), ...(activeOnly ? { status: 'active' as const } : {}) };
  return User.find(filter, projection(fields)).lean<Array<UserFields<F>>>();
}

/** One user's `fields`, or null when there is no such user. */
export async function userById<F extends UserField>(instance: Instance, id: string, fields: readonly F[]): Promise<UserFields<F> | null> {
  const { User } = instance.models.identity;
  return User.findById(id, projection(fields)).lean<UserFields<F>>();
}

/** Ids of an agency's users: `activeOnly`, and only those with `role` when given. */
export async function agencyUserIds(
  instance: Instance,
  agencyId: string,
  { activeOnly = false, role }: { activeOnly?: boolean; role?: Role } = {},
): Promise<string[]> {
  const { User } = instance.models.identity;
  const filter = { agencyId, ...(role ? { roles: role } : {}), ...(activeOnly ? { status: 'active' as const } : {}) };
  const users = await User.find(filter, { _id: 1 }).lean<Array<{ _id: mongoose.Types.ObjectId }>>();
  return users.map((u) => String(u._id));
}
