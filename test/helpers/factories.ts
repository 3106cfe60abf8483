/** Factories: buildAgency, buildUser (with password and, optionally, MFA) straight into the store. */
import { randomBytes } from 'node:crypto';
import { generateSecret } from 'otplib';
import type { Country, Role } from '../../shared/schemas/common.js';
import { type AgencyDoc } from '../../server/identity/agencies/Agency.js';
import { type UserDoc } from '../../server/identity/users/User.js';
import { misfitRoles } from '../../server/identity/roles.policy.js';
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import { hashPassword } from '../../server/platform/crypto/passwordHash.js';
import { seal } from '../../server/platform/crypto/secretBox.js';
import { testConfig } from './server.js';
import type { Instance } from '../../server/platform/instance.js';
import { Agency, User } from './models.js';

const testModels = () => ({ Agency, User });

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

/** A password that passes the policy. */
export const GOOD_PASSWORD = 'Puente-frontera-segura-2026!';

export async function buildAgency(
  overrides: Partial<Pick<AgencyDoc, 'name' | 'shortName' | 'country' | 'kind' | 'active'>> = {},
  /** Written into this instance's database instead of the test store's. */
  on?: Instance,
): Promise<AgencyDoc> {
  const id = unique();
  const { Agency } = on?.models.identity ?? testModels();
  const doc = await Agency.create({
    name: `Agencia ${id}`,
    shortName: `AG-${id}`.slice(0, 40),
    country: 'AR',
    kind: 'police',
    ...overrides,
  });
  return doc.toObject() as AgencyDoc;
}

export interface BuiltUser {
  user: UserDoc;
  id: string;
  email: string;
  password: string;
  /** Base32 TOTP secret when MFA is enabled. */
  totpSecret: string | null;
}

export interface BuildUserOptions {
  agency: Pick<AgencyDoc, '_id' | 'country'>;
  roles?: Role[];
  mfa?: boolean;
  status?: 'invited' | 'active' | 'disabled';
  email?: string;
  password?: string;
  language?: 'es' | 'en';
  /** Written into this instance's database instead of the test store's. */
  on?: Instance;
}

export async function buildUser(opts: BuildUserOptions): Promise<BuiltUser> {
  const email = opts.email ?? `u${unique()}@example.org`;
  const password = opts.password ?? GOOD_PASSWORD;
  const totpSecret = opts.mfa ? generateSecret() : null;
  const { Agency, User } = opts.on?.models.identity ?? testModels();
  // Like the API, the factory refuses roles that do not fit the agency (a prosecutor belongs in a prosecution agency).
  const kind = ((await Agency.findById(opts.agency._id, { kind: 1 }).lean())?.kind as AgencyKind | undefined) ?? null;
  const misfits = misfitRoles(opts.roles ?? ['officer'], kind);
  if (misfits.length) throw new Error(`buildUser: ${misfits.join(', ')} does not fit an agency of kind ${kind ?? 'unknown'}`);
  const doc = await User.create({
    email,
    displayName: `Usuario ${email.split('@')[0]}`,
    agencyId: opts.agency._id,
    country: opts.agency.country as Country,
    roles: opts.roles ?? ['officer'],
    status: opts.status ?? 'active',
    language: opts.language ?? 'es',
    passwordHash: await hashPassword(password),
    mfa: totpSecret ? { enabled: true, secret: seal(totpSecret, testConfig().dataEncryptionKey) } : { enabled: false },
  });
  const user = doc.toObject() as UserDoc;
  return { user, id: String(user._id), email, password, totpSecret };
}
