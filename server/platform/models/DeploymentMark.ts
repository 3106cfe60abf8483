/**
 * What kind of deployment a store belongs to. A production server marks its store at every start
 * (`{_id: 'deployment', production: true}`), so a tool that reaches the store by any road — the
 * data directory's lock file, MONGODB_URI — can tell production data from a demo store, whatever
 * NODE_ENV its own shell has. The mark is never removed: a store that has served production
 * stays production.
 */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites, isDuplicateKeyError } from '../store/index.js';

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
export const DeploymentMark = mongoose.model<DeploymentMarkDoc>('DeploymentMark', deploymentMarkSchema, 'deployment');

/** Marks the store as production data; the first mark stays (only inserting an `_id` is atomic on FerretDB). */
export async function markStoreProduction(): Promise<void> {
  try {
    await DeploymentMark.create({ _id: DEPLOYMENT_ID, production: true, markedAt: new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

export async function storeIsProduction(): Promise<boolean> {
  return (await DeploymentMark.exists({ _id: DEPLOYMENT_ID, production: true })) !== null;
}
