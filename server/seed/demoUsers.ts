/**
 * Demo users: one of each role per country (the statistics seat too), active, with MFA enrolled so they can sign in at once.
 * The password is the same known demo password for all; each TOTP secret is random per
 * installation and kept (sealed) in the store, so a second run prints the same secret again.
 */
import type { Country, Role } from '../../shared/schemas/common.js';
import { newTotpSecret, totpUri, type UserDoc } from '../identity/index.js';
import { SYSTEM_ACTOR_ID } from '../platform/actor.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { hashPassword } from '../platform/crypto/passwordHash.js';
import { open, seal } from '../platform/crypto/secretBox.js';
import type { DemoUser } from './demoTypes.js';
import type { SeedContext, SeedStep } from './demo.service.js';

/** Passes the password rule; printed by `puente seed-demo`. Demo installations only. */
export const DEMO_PASSWORD = 'Puente-demo-frontera-2026';

const ROLE_USERS: Array<{ role: Role; local: string; label: string; agency: string }> = [
  { role: 'officer', local: 'oficial', label: 'Oficial', agency: 'police' },
  { role: 'prosecutor', local: 'fiscal', label: 'Fiscal', agency: 'prosecutor' },
  { role: 'agency_admin', local: 'admin.agencia', label: 'Administración de agencia', agency: 'police' },
  { role: 'system_admin', local: 'admin.sistema', label: 'Administración del sistema', agency: 'coordination' },
  // The binational commission's statistics seat (issue 29): sees the statistics page only.
  { role: 'statistics', local: 'estadistica', label: 'Estadística (comisión binacional)', agency: 'coordination' },
];

export const DEMO_USERS: DemoUser[] = (['AR', 'PY'] as const).flatMap((country: Country) =>
  ROLE_USERS.map((u) => ({
    email: `${u.local}.${country.toLowerCase()}@example.org`,
    displayName: `${u.label} — demo ${country}`,
    role: u.role,
    country,
    agencyKey: `${country.toLowerCase()}.${u.agency}`,
  })),
);

export interface DemoLogin {
  email: string;
  role: Role;
  country: Country;
  agency: string;
  created: boolean;
  /** The demo password when the account was created by a seed run (not changed by anyone since, as far as the seed knows). */
  password: string;
  /** Base32 TOTP secret and its otpauth URL, for an authenticator app; null when the account has no readable secret. */
  totpSecret: string | null;
  otpauthUrl: string | null;
}

function readableSecret(user: Pick<UserDoc, 'mfa'>, key: Buffer): string | null {
  const sealed = user.mfa?.enabled ? user.mfa.secret : null;
  if (!sealed) return null;
  try {
    return open(sealed, key);
  } catch {
    return null;
  }
}

export const usersStep: SeedStep = {
  name: 'users',
  async run(ctx: SeedContext) {
    const { instance } = ctx;
    const { User } = instance.models.identity;
    let created = 0;
    for (const demo of DEMO_USERS) {
      const agency = ctx.agencies.get(demo.agencyKey);
      if (!agency) throw new Error(`demo agency ${demo.agencyKey} is missing`);
      const existing = await User.findOne({ email: demo.email }).lean<UserDoc>();
      let secret: string | null;
      if (existing) {
        secret = readableSecret(existing, ctx.dataEncryptionKey);
      } else {
        secret = newTotpSecret();
        const user = await User.create({
          email: demo.email,
          displayName: demo.displayName,
          agencyId: agency._id,
          country: agency.country,
          roles: [demo.role],
          status: 'active',
          passwordHash: await hashPassword(DEMO_PASSWORD),
          mfa: { enabled: true, secret: seal(secret, ctx.dataEncryptionKey) },
        });
        created++;
        await recordAudit(instance, {
          actor: null,
          actorIdOverride: SYSTEM_ACTOR_ID,
          action: 'user.demo_create',
          targetType: 'user',
          targetId: String(user._id),
          details: { email: demo.email, roles: [demo.role], via: 'seed-demo' },
        });
      }
      ctx.logins.push({
        email: demo.email,
        role: demo.role,
        country: demo.country,
        agency: agency.name,
        created: !existing,
        password: DEMO_PASSWORD,
        totpSecret: secret,
        otpauthUrl: secret ? totpUri(secret, demo.email) : null,
      });
    }
    return { created, existing: DEMO_USERS.length - created };
  },
};
