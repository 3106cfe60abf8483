/** `puente build-store`: finds or builds the embedded store binary, with progress. */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../config/env.js';
import { cachedBinaryPath, locateFerretDb } from '../store/ferretdbBinary.js';

export function registerStoreCommands(program: Command): void {
  program
    .command('build-store')
    .description('build (once) the embedded FerretDB store binary and print its path')
    .action(async () => {
      const config = loadConfigOrExit();
      const binary = await locateFerretDb({
        explicitPath: config.storeBin,
        cacheDir: config.storeCacheDir,
        goBin: config.goBin,
        progress: (msg) => process.stderr.write(`${msg}\n`),
      });
      if (!binary) {
        process.stderr.write(
          `No FerretDB at ${cachedBinaryPath(config.storeCacheDir)} and no Go toolchain to build it. Install Go or set MONGODB_URI.\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${binary}\n`);
    });
}
