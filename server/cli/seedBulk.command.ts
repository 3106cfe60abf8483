/** `puente seed-bulk --alerts N`: generated alerts for benchmarks and trials, with a progress bar. */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../platform/config/env.js';
import { assertDemoStore, assertNotProductionEnv, seedBulkAlerts, SeedRefused } from '../seed/index.js';
import { withStore } from './withStore.js';

/** One-line progress bar on stderr: `[#####.....]  52%  52000/100000 alerts  1,850/s`. */
export function progressBar(label: string): (done: number, total: number, phase: string) => void {
  const started = Date.now();
  let lastPhase = '';
  return (done, total, phase) => {
    if (phase !== lastPhase && lastPhase) process.stderr.write('\n');
    lastPhase = phase;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${done}/${total} ${phase}  ${rate.toLocaleString('es-AR')}/s   `,
    );
    if (done === total && phase === 'index') process.stderr.write('\n');
  };
}

export function registerSeedBulkCommands(program: Command): void {
  program
    .command('seed-bulk')
    .description(
      'generate many realistic alerts of both countries (for benchmarks and trials); refuses production and a store with users other than the demo users',
    )
    .option('--alerts <n>', 'how many alerts', '100000')
    .option('--seed <n>', 'random seed (same seed, same data)', '2026')
    .action(async (opts: { alerts: string; seed: string }) => {
      const count = Number(opts.alerts);
      if (!Number.isInteger(count) || count < 1 || count > 2_000_000) {
        process.stderr.write('--alerts must be a whole number from 1 to 2,000,000\n');
        process.exitCode = 2;
        return;
      }
      let result: Awaited<ReturnType<typeof seedBulkAlerts>>;
      try {
        assertNotProductionEnv('seed-bulk', loadConfigOrExit().nodeEnv);
        result = await withStore(async (_config, instance) => {
          await assertDemoStore(instance, 'seed-bulk');
          return seedBulkAlerts(instance, count, { seed: Number(opts.seed), onProgress: progressBar('seed-bulk') });
        });
      } catch (err) {
        if (!(err instanceof SeedRefused)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`${result.alerts} alerts written; running servers reload their alert copy (search keys are computed there)\n`);
    });
}
