/**
 * What kind of deployment a store belongs to. A production server marks its store at every start
 * (`{_id: 'deployment', production: true}`), so a tool that reaches the store by any road — the
 * data directory's lock file, MONGODB_URI — can tell production data from a demo store, whatever
 * NODE_ENV its own shell has. The mark is never removed: a store that has served production
 * stays production.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, isDuplicateKeyError, modelOn } from '../store/index.js';
import type { Instance } from '../instance.js';

const DEPLOYMENT_ID = 'deployment';

interface DeploymentMarkDoc {
  _id: string;
  production: boolean;
  markedAt: Date;
}

const deploymentMarkSchema = new Schema<DeploymentMarkDoc>(
  {
    _id: { type: String, required: true },
    production: { type: Boolean, required: true },
    markedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

deploymentMarkSchema.plugin(fencedWrites);
export const deploymentMarkModel = (connection: Connection) =>
  modelOn(connection, 'DeploymentMark', () => connection.model<DeploymentMarkDoc>('DeploymentMark', deploymentMarkSchema, 'deployment'));

/** Marks the store as production data; the first mark stays (only inserting an `_id` is atomic on FerretDB). */
export async function markStoreProduction(instance: Instance): Promise<void> {
  const { DeploymentMark } = instance.models.platform;
  try {
    await DeploymentMark.create({ _id: DEPLOYMENT_ID, production: true, markedAt: new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

export async function storeIsProduction(instance: Instance): Promise<boolean> {
  const { DeploymentMark } = instance.models.platform;
  return (await DeploymentMark.exists({ _id: DEPLOYMENT_ID, production: true })) !== null;
}
