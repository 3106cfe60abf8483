/**
 * `puente backup FILE` and `puente restore FILE [--replace]` (docs/operations.md "Backup and
 * restore"). The backup works beside running servers (through their store, as every command does);
 * the restore needs the store to itself and empty. The engine and the archive's format are in
 * server/platform/backup/; this file says what Puente keeps, in which order it is copied, and
 * what a restore rebuilds (the reference hints), which only the components know.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createAlertChangeLog, raiseReferenceHint, referenceNumber } from '../alerts/index.js';
import { ArchiveInvalid, verifyArchive } from '../platform/backup/archive.js';
import { restoreBackup, RestoreRefused, takeBackup, type BackupPlan, type RestoredObserver } from '../platform/backup/backup.js';
import { createAuditTrailLog, verifyAuditChain } from '../platform/auditTrail/auditTrail.js';
import { BACKUP_RECORDS_COLLECTION, recordBackup } from '../platform/backup/backupRecords.js';
import { withStore } from './withStore.js';
import type { Instance } from '../platform/instance.js';

/** EX_DATAERR: the archive is damaged, altered, cut short or not a Puente backup. */
export const ARCHIVE_INVALID_EXIT_CODE = 65;
/** EX_CANTCREAT: the store is not empty (without --replace) or the key differs; nothing was written. */
export const RESTORE_REFUSED_EXIT_CODE = 73;

/**
 * What a backup holds and in which order. A document that names another made before it is
 * copied before it (backup.ts): what it names is then in the archive too. The change log comes
 * right after the alerts (whose `changeSeq` its recorded head must cover), the audit trail last.
 * `*` places every collection not named here (one an older version left, or a new one); the
 * unit test `backupPlan.test.ts` makes every model's collection a decision.
 */
export function backupPlan(instance: Instance): BackupPlan {
  const hints = new Map<string, number>();
  const referenceHints: RestoredObserver = {
    collection: 'alerts',
    see(doc) {
      const n = referenceNumber(doc.reference);
      if (n && n.seq > (hints.get(n.counter) ?? 0)) hints.set(n.counter, n.seq);
    },
    async finish() {
      for (const [counter, seq] of hints) await raiseReferenceHint(instance, counter, seq);
    },
  };
  return {
    store: instance.store,
    leftOut: {
      sessions: 'sign-in sessions are bearer credentials: kept out of archives, so everyone signs in again after a restore',
      doclocks: 'locks of the processes running at the moment of the copy',
      leases: 'which process runs each scheduled job this period: the restored servers decide again',
      usedtotpcodes: 'one-time codes used in the last minutes, expired before a restore is done',
      [BACKUP_RECORDS_COLLECTION]:
        'when backups of this store completed (the backup age on /metrics): a restored store has not been backed up yet, so its age starts at "never"',
    },
    order: [
      'counters',
      'deployment',
      'idempotency',
      'inboxitems',
      'inboxreads',
      'alertviewentries',
      'stubreceipts',
      'accessrequests',
      'watches',
      'pushsubscriptions',
      'subjectrequests',
      'knowndevices',
      'authtokens',
      'loginthrottles',
      '*',
      'alerts',
      'log:alertchanges',
      'photos',
      'photothumbs',
      'contacts',
      'users',
      'agencies',
      'pushvapidkeys',
      'log:auditevents',
    ],
    logs: [
      // Read and renewed through a handle of the backup's own, as from any other process.
      { name: 'alertchanges', log: createAlertChangeLog(instance.store), reach: { collection: 'alerts', field: 'changeSeq' } },
      { name: 'auditevents', log: createAuditTrailLog(instance.store) },
    ],
    restored: [referenceHints],
  };
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .argument('<file>', 'the archive to write (must not exist; written whole or not at all)')
    .description('write a consistent, checksummed archive of the store, also while servers run (docs/operations.md)')
    .action(async (file: string) => {
      const started = Date.now();
      try {
        const { report, size, recorded } = await withStore(
          async (config, instance) => {
            const report = await takeBackup(file, backupPlan(instance), {
              database: config.mongoDb,
              secret: config.dataEncryptionKey,
              progress,
            });
            const { size } = await stat(file);
            const documents = report.collections.reduce((sum, c) => sum + c.documents, 0);
            // What /metrics reports as the backup's age. The archive is complete whatever happens here.
            const recorded = await recordBackup(instance, {
              file: path.resolve(file),
              startedAt: new Date(started),
              completedAt: new Date(),
              bytes: size,
              documents,
              sha256: report.manifest.sha256,
            }).then(
              () => true,
              (err: unknown) => (progress(`backup: written, but not recorded in the store (${(err as Error).message})`), false),
            );
            return { report, size, recorded };
          },
          { indexes: 'never' },
        );
        const documents = report.collections.reduce((sum, c) => sum + c.documents, 0);
        if (!recorded) process.exitCode = 1;
        process.stdout.write(
          `backup written: ${file}, ${documents.toLocaleString('en')} documents in ${report.collections.length} collections, ` +
            `${mb(size)} (${mb(report.contentBytes)} uncompressed), ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
            `sha256 ${report.manifest.sha256}\n`,
        );
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          process.stderr.write(`backup: ${file} exists; choose a new name (an archive is never overwritten)\n`);
          process.exitCode = 1;
          return;
        }
        throw err;
      }
    });

  program
    .command('restore')
    .argument('<file>', 'an archive written by `puente backup`')
    .option('--replace', 'drop everything the store holds first (otherwise the store must be empty)')
    .option('--check', 'only check the archive (format, checksum, counts); the store is not opened')
    .description('load an archive into an empty store (stop every server first); verifies it before writing anything')
    .action(async (file: string, opts: { replace?: boolean; check?: boolean }) => {
      const started = Date.now();
      try {
        if (opts.check) {
          const { header, manifest } = await verifyArchive(file);
          const documents = Object.values(manifest.collections).reduce((sum, c) => sum + c.documents, 0);
          process.stdout.write(
            `archive ok: ${file}, taken ${header.startedAt} of database ${header.database}, ${documents.toLocaleString('en')} documents ` +
              `in ${Object.keys(manifest.collections).length} collections, sha256 ${manifest.sha256}\n`,
          );
          return;
        }
        const report = await withStore(
          async (config, instance) => {
            const restored = await restoreBackup(file, backupPlan(instance), {
              replace: !!opts.replace,
              secret: config.dataEncryptionKey,
              progress,
            });
            const verifying = Date.now();
            const audit = await verifyAuditChain(instance, {
              onProgress: (n) => progress(`  audit trail: ${n.toLocaleString('en')} events verified…`),
            });
            progress(`audit trail verified (${((Date.now() - verifying) / 1000).toFixed(1)} s)`);
            return { restored, audit };
          },
          { exclusive: true, indexes: 'after' },
        );
        const documents = report.restored.collections.reduce((sum, c) => sum + c.documents, 0);
        process.stdout.write(
          `restored ${documents.toLocaleString('en')} documents in ${report.restored.collections.length} collections from ${file} ` +
            `in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
            `logs: ${report.restored.logs.map((l) => `${l.name} up to ${l.seq}`).join(', ') || 'none'}\n`,
        );
        if (report.audit.ok) process.stdout.write(`audit trail: ok, ${report.audit.checked} events\n`);
        else {
          process.stdout.write(`audit trail: BROKEN at seq ${report.audit.brokenAt}: ${report.audit.reason}\n`);
          process.exitCode = 1;
        }
      } catch (err) {
        if (err instanceof ArchiveInvalid) {
          process.stderr.write(
            `restore: el archivo no sirve, el almacén no se tocó / the archive is refused, the store was not touched:\n${err.message}\n`,
          );
          process.exitCode = ARCHIVE_INVALID_EXIT_CODE;
          return;
        }
        if (err instanceof RestoreRefused) {
          process.stderr.write(`restore: ${err.message}\n`);
          process.exitCode = RESTORE_REFUSED_EXIT_CODE;
          return;
        }
        throw err;
      }
    });
}
