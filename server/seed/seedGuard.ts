/**
 * The seed commands write test data — demo accounts with a published password, generated
 * alerts — so they run only on a demo store. The store decides, not the shell: a CLI without
 * NODE_ENV may reach a production server's store through the data directory's lock file or
 * MONGODB_URI. A store is refused when a production server has marked it (DeploymentMark.ts)
 * or when it holds any user other than the demo users (demoUsers.ts).
 */
import { seedRefusedMessage, type SeedRefusal } from '../../shared/i18n/seedMessages.js';
import { storeIsProduction } from '../platform/models/DeploymentMark.js';
import { op } from '../platform/store/index.js';
import { DEMO_USERS } from './demoUsers.js';
import type { Instance } from '../platform/instance.js';

export class SeedRefused extends Error {
  constructor(readonly refusal: SeedRefusal) {
    const text = seedRefusedMessage(refusal);
    super(`${text.es} / ${text.en}`);
    this.name = 'SeedRefused';
  }
}

/** Refuses before anything is opened when the command itself runs as production. */
export function assertNotProductionEnv(command: string, nodeEnv: string): void {
  if (nodeEnv === 'production') throw new SeedRefused({ reason: 'production_env', command });
}

/** Refuses a store that is not a demo store; call before writing anything. */
export async function assertDemoStore(instance: Instance, command: string): Promise<void> {
  const { User } = instance.models.identity;
  if (await storeIsProduction(instance)) throw new SeedRefused({ reason: 'production_store', command });
  const users = await User.countDocuments({ email: op({ $nin: DEMO_USERS.map((u) => u.email) }) });
  if (users > 0) throw new SeedRefused({ reason: 'foreign_users', command, users });
}
