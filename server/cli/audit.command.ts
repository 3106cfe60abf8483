/**
 * `puente audit-verify`: checks the audit hash chain; prints the first broken link and exits 1
 * when it is broken, 2 when the store cannot be opened.
 *
 * It opens the store as the server does (MONGODB_URI, else the embedded FerretDB on DATA_DIR)
 * and only reads: unlike the other commands it does not create indexes. The embedded store may
 * be opened while the server runs on the same DATA_DIR: a second FerretDB on the same SQLite
 * files starts and sees the same data (SQLite arbitrates the file locks).
 */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { connectMongoose, disconnectMongoose } from '../store/mongoose.js';
import { openStore, type RunningStore } from '../store/openStore.js';
import { verifyAuditChain } from '../services/audit/audit.service.js';

export function registerAuditCommands(program: Command): void {
  program
    .command('audit-verify')
    .description('verify the tamper-evident audit trail; prints the first broken link (exit 1) if any')
    .action(async () => {
      const config = loadConfigOrExit();
      // Logs go to stderr at warn level so stdout carries only the verdict.
      const logger = createLogger(config.logLevel === 'info' || config.logLevel === 'debug' ? 'warn' : config.logLevel, process.stderr);
      let store: RunningStore | null = null;
      try {
        store = await openStore(config, logger);
        await connectMongoose(store.uri, config.mongoDb);
      } catch (err) {
        const where = config.mongoUri ? 'the store at MONGODB_URI' : `the embedded store under ${config.dataDir}`;
        process.stderr.write(
          `audit-verify: cannot open ${where}: ${(err as Error).message}\n` +
            (config.mongoUri
              ? 'Check that the store is running and MONGODB_URI / MONGODB_DB are right.\n'
              : 'If the server is running, point this command at its store instead: set MONGODB_URI to the\n' +
                'URI in the server log line "embedded document store started" (and MONGODB_DB if not the default).\n'),
        );
        process.exitCode = 2;
        await disconnectMongoose().catch(() => undefined);
        await store?.stop().catch(() => undefined);
        return;
      }
      try {
        const started = Date.now();
        const result = await verifyAuditChain({
          onProgress: (n) => process.stderr.write(`… ${n} events checked / eventos verificados\n`),
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (result.ok) {
          process.stdout.write(`ok: ${result.checked} events checked (${seconds} s)\n`);
        } else {
          process.stdout.write(`BROKEN at seq ${result.brokenAt}: ${result.reason} (${result.checked} events verified before it)\n`);
          process.exitCode = 1;
        }
      } catch (err) {
        process.stderr.write(`audit-verify: the check failed: ${(err as Error).message}\n`);
        process.exitCode = 2;
      } finally {
        await disconnectMongoose().catch(() => undefined);
        await store.stop().catch(() => undefined);
      }
    });
}
