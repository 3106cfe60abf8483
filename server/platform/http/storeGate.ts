/** Refuses API requests at once while the store is known to be unreachable (storeReachability.ts). */
import type { RequestHandler } from 'express';
import { assertStoreReachable } from '../store/index.js';
import type { Instance } from '../instance.js';

/** 503 store_unavailable with Retry-After (errorHandler.ts) before any store read is started. */
export const failFastWithoutStore =
  (instance: Instance): RequestHandler =>
  (_req, _res, next) => {
    assertStoreReachable(instance.store);
    next();
  };
