/**
 * A record of each completed `puente backup` of this store, kept in the store itself so every
 * process can export the newest one's age on /metrics (`puente_backup_last_completed_timestamp_seconds`)
 * and an operator is alerted when backups stop. Left out of the archives (backup.command.ts says why).
 */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../store/index.js';
import type { Instance } from '../instance.js';

export const BACKUP_RECORDS_COLLECTION = 'backuprecords';

export interface BackupRecordDoc {
  _id: mongoose.Types.ObjectId;
  /** The archive as the command was given it, resolved to an absolute path on the machine that wrote it. */
  file: string;
  startedAt: Date;
  completedAt: Date;
  bytes: number;
  documents: number;
  sha256: string;
}

const backupRecordSchema = new Schema<BackupRecordDoc>(
  {
    file: { type: String, required: true },
    startedAt: { type: Date, required: true },
    completedAt: { type: Date, required: true, index: true },
    bytes: { type: Number, required: true },
    documents: { type: Number, required: true },
    sha256: { type: String, required: true },
  },
  { versionKey: false },
);
backupRecordSchema.plugin(fencedWrites);

export const backupRecordModel = (connection: Connection) =>
  modelOn(connection, 'BackupRecord', () =>
    connection.model<BackupRecordDoc>('BackupRecord', backupRecordSchema, BACKUP_RECORDS_COLLECTION),
  );

/** Records a completed backup: an insert, so backups run at once never lose each other's record. */
export async function recordBackup(instance: Instance, record: Omit<BackupRecordDoc, '_id'>): Promise<void> {
  const { BackupRecord } = instance.models.platform;
  await BackupRecord.create(record);
}

/** When the newest recorded backup completed; null when none has. */
export async function lastBackupCompletedAt(instance: Instance): Promise<Date | null> {
  const { BackupRecord } = instance.models.platform;
  const newest = await BackupRecord.findOne({}, { completedAt: 1 }).sort({ completedAt: -1 }).lean<Pick<BackupRecordDoc, 'completedAt'>>();
  return newest?.completedAt ?? null;
}
