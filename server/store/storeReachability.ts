/**
 * Whether the store is reachable as far as the driver knows: Mongoose marks its connection
 * disconnected as soon as the driver's monitor (or a failed operation) finds the server gone, and
 * connected again once a check succeeds (every heartbeatFrequencyMS, mongoose.ts). Work that needs
 * the store checks this first and fails at once, rather than each operation waiting out a server
 * selection (5 s) in turn: requests queued behind one another (a lock's waiters) would otherwise
 * be held until the request timeout (issue 26, test/integration/storeOutage.test.ts).
 */
import mongoose from 'mongoose';

/** The store was unreachable at the driver's last check; nothing was sent to it. */
export class StoreUnreachableError extends Error {
  override name = 'StoreUnreachableError';
}

export function storeReachable(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

/** Throws StoreUnreachableError (answered 503 store_unavailable) while the store is known to be unreachable. */
export function assertStoreReachable(): void {
  if (!storeReachable()) throw new StoreUnreachableError('the store did not answer the driver’s last check');
}
