/** `puente build-store`: finds or builds the embedded store binary, with progress. */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../config/env.js';
import { cachedBinaryPath, locateFerretDb } from '../store/ferretdbBinary.js';
import { locateIdIndexer } from '../store/idPathIndex.js';

export function registerStoreCommands(program: Command): void {
  program
    .command('build-store')
    .description('build (once) the embedded FerretDB store binary (and its _id index helper) and print its path')
    .action(async () => {
      const config = loadConfigOrExit();
      const locate = {
        explicitPath: config.storeBin,
        cacheDir: config.storeCacheDir,
        goBin: config.goBin,
        progress: (msg: string) => process.stderr.write(`${msg}\n`),
      };
      const binary = await locateFerretDb(locate);
      if (!binary) {
        process.stderr.write(
          `No FerretDB at ${cachedBinaryPath(config.storeCacheDir)} and no Go toolchain to build it. Install Go or set MONGODB_URI.\n`,
        );
        process.exitCode = 1;
        return;
      }
      // Its `_id` index helper (idPathIndex.ts) is built beside it; without it look-ups scan as before.
      const indexer = await locateIdIndexer(locate);
      process.stderr.write(indexer ? `_id index helper: ${indexer}\n` : 'no Go toolchain: the _id index helper is not built\n');
      process.stdout.write(`${binary}\n`);
    });
}
