/** The Mongoose connection, with the query-safety settings SECURITY.md requires. */
import mongoose from 'mongoose';

// Reject operator injection ({$ne: …}) in filters and unknown filter paths on every query.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
// Indexes are created explicitly by ensureIndexes() at start-up, not lazily per model.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);

/** Connects the default Mongoose connection; `dbName` applies when the URI names none. */
export async function connectMongoose(uri: string, dbName: string): Promise<typeof mongoose> {
  const uriHasDb = /^mongodb(\+srv)?:\/\/[^/]+\/[^?/]+/.test(uri);
  return mongoose.connect(uri, {
    ...(uriHasDb ? {} : { dbName }),
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS: 2000,
    maxPoolSize: 20,
  });
}

/** Creates every registered model's indexes (unique keys the code relies on). */
export async function ensureIndexes(): Promise<void> {
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch(() => undefined);
    await model.syncIndexes();
  }
}

/** True when the store answers a ping right now (used by /readyz). */
export async function storeAnswers(timeoutMs = 1000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== 1) return false;
  try {
    await Promise.race([
      db.command({ ping: 1 }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return true;
  } catch {
    return false;
  }
}

export async function disconnectMongoose(): Promise<void> {
  await mongoose.disconnect();
}

/**
 * Marks an operator object built by the server (never from input) as trusted, so
 * sanitizeFilter leaves it alone: `{ _id: op({ $lt: id }) }`.
 */
export function op<T extends object>(operators: T): T {
  return mongoose.trusted(operators) as T;
}
