/** The search component's models (access requests, stub receipts and watches) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { accessRequestModel } from './access/AccessRequest.js';
import { stubReceiptModel } from './access/StubReceipt.js';
import { watchModel } from './watches/Watch.js';

export function searchModels(connection: Connection) {
  return {
    AccessRequest: accessRequestModel(connection),
    StubReceipt: stubReceiptModel(connection),
    Watch: watchModel(connection),
  };
}
export type SearchModels = ReturnType<typeof searchModels>;
