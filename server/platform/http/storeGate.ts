/** Refuses API requests at once while the store is known to be unreachable (storeReachability.ts). */
import type { RequestHandler } from 'express';
import { assertStoreReachable } from '../store/index.js';

/** 503 store_unavailable with Retry-After (errorHandler.ts) before any store read is started. */
export const failFastWithoutStore: RequestHandler = (_req, _res, next) => {
  assertStoreReachable();
  next();
};
