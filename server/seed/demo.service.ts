/**
 * `puente seed-demo`: demo agencies of both countries with their directory entries and one user
 * of each role per country. A list of steps run in order over a shared context; each step finds
 * what it would create by a natural key first, so running the seed twice creates nothing twice.
 * The last step posts sample alerts as the demo officers (demoAlerts.ts).
 */
import type { Country } from '../../shared/schemas/common.js';
import { createAgency, type AgencyDoc } from '../identity/index.js';
import { createContact } from '../directory/index.js';
import { SYSTEM_ACTOR_ID, type Actor } from '../platform/actor.js';
import { ARGENTINE_AGENCIES } from './demoArgentina.js';
import { PARAGUAYAN_AGENCIES } from './demoParaguay.js';
import type { DemoAgency } from './demoTypes.js';
import { usersStep, type DemoLogin } from './demoUsers.js';
import { alertsStep } from './demoAlerts.js';
import { assertDemoStore, assertNotProductionEnv } from './seedGuard.js';
import type { Instance } from '../platform/instance.js';

export const DEMO_AGENCIES: DemoAgency[] = [...ARGENTINE_AGENCIES, ...PARAGUAYAN_AGENCIES];

export interface SeedContext {
  instance: Instance;
  dataEncryptionKey: Buffer;
  /** Acts through the same services as a system administrator, audited as `system`. */
  actor: Actor;
  /** Demo agencies by their stable key (`ar.police`), filled by the agencies step. */
  agencies: Map<string, AgencyDoc>;
  logins: DemoLogin[];
}

export interface SeedStepResult {
  created: number;
  existing: number;
}

export interface SeedStep {
  name: string;
  run(ctx: SeedContext): Promise<SeedStepResult>;
}

const agenciesStep: SeedStep = {
  name: 'agencies',
  async run(ctx) {
    const { instance } = ctx;
    const { Agency } = instance.models.identity;
    let created = 0;
    for (const demo of DEMO_AGENCIES) {
      let agency = await Agency.findOne({ name: demo.name, country: demo.country }).lean<AgencyDoc>();
      if (!agency) {
        const { key: _key, contacts: _contacts, ...input } = demo;
        const dto = await createAgency(instance, ctx.actor, input);
        agency = await Agency.findById(dto.id).lean<AgencyDoc>();
        created++;
      }
      if (!agency) throw new Error(`demo agency ${demo.key} could not be stored`);
      ctx.agencies.set(demo.key, agency);
    }
    return { created, existing: DEMO_AGENCIES.length - created };
  },
};

const contactsStep: SeedStep = {
  name: 'contacts',
  async run(ctx) {
    const { instance } = ctx;
    const { Contact } = instance.models.directory;
    let created = 0;
    let total = 0;
    for (const demo of DEMO_AGENCIES) {
      const agency = ctx.agencies.get(demo.key);
      if (!agency) throw new Error(`demo agency ${demo.key} is missing`);
      for (const c of demo.contacts) {
        total++;
        if (await Contact.exists({ agencyId: agency._id, name: c.name })) continue;
        await createContact(instance, ctx.actor, {
          agencyId: String(agency._id),
          kind: c.kind,
          name: c.name,
          unit: c.unit ?? null,
          position: c.position ?? null,
          phones: c.phones.map((p) => ({ number: p.number, is24h: p.is24h ?? false, whatsapp: p.whatsapp ?? false })),
          emails: c.emails,
          languages: c.languages,
          availability: c.availability ?? null,
          notes: c.notes ?? null,
        });
        created++;
      }
    }
    return { created, existing: total - created };
  },
};

/** The seeding steps, in order. */
export const DEMO_SEED_STEPS: SeedStep[] = [agenciesStep, contactsStep, usersStep, alertsStep];

export interface DemoSeedReport {
  steps: Array<{ name: string } & SeedStepResult>;
  logins: DemoLogin[];
}

export interface DemoSeedOptions {
  /** The Puente the demo alerts are posted through. */
  instance: Instance;
  nodeEnv: string;
  dataEncryptionKey: Buffer;
  steps?: SeedStep[];
}

/** Runs every step; refuses production, and a store that is not a demo store, before touching anything. */
export async function seedDemo(opts: DemoSeedOptions): Promise<DemoSeedReport> {
  assertNotProductionEnv('seed-demo', opts.nodeEnv);
  await assertDemoStore(opts.instance, 'seed-demo');
  const ctx: SeedContext = {
    instance: opts.instance,
    dataEncryptionKey: opts.dataEncryptionKey,
    actor: { id: SYSTEM_ACTOR_ID, agencyId: SYSTEM_ACTOR_ID, country: 'AR' as Country, roles: ['system_admin'], agencyKind: null },
    agencies: new Map(),
    logins: [],
  };
  const steps: DemoSeedReport['steps'] = [];
  for (const step of opts.steps ?? DEMO_SEED_STEPS) {
    steps.push({ name: step.name, ...(await step.run(ctx)) });
  }
  return { steps, logins: ctx.logins };
}
