/** The alerts component's models (alerts, their views, idempotency records, change log and photos) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { alertModel } from './Alert.js';
import { alertViewModel } from './AlertView.js';
import { idempotencyRecordModel } from './IdempotencyRecord.js';
import { alertChangeModel } from './changeLog/AlertChange.js';
import { photoModel, photoThumbModel } from './photos/Photo.js';

export function alertsModels(connection: Connection) {
  return {
    Alert: alertModel(connection),
    AlertView: alertViewModel(connection),
    IdempotencyRecord: idempotencyRecordModel(connection),
    AlertChange: alertChangeModel(connection),
    Photo: photoModel(connection),
    PhotoThumb: photoThumbModel(connection),
  };
}
export type AlertsModels = ReturnType<typeof alertsModels>;
