/** `npm run bench [name…]`: runs the benchmarks (all by default) and prints ratios to baselines. */
import { runBackupBenchmark } from './backup.js';
import { runChangeLogBenchmark } from './changelog.js';
import { runCopyBenchmark } from './copy.js';
import { runClientBudget } from './clientBudget.js';
import { runClientWeakLink } from './clientWeakLink.js';
import { runBurstBenchmark } from './burst.js';
import { runFanoutBenchmark } from './fanout.js';
import { runIdLookupBenchmark } from './idLookup.js';
import { runRestartBenchmark } from './restart.js';
import { runSearchBenchmark } from './search.js';
import { runSoakBenchmark } from './soak.js';

const BENCHMARKS: Record<string, () => Promise<void>> = {
  burst: runBurstBenchmark,
  changelog: runChangeLogBenchmark,
  copy: runCopyBenchmark,
  // The size budget, then the app loaded and signed into on a weak link (Chromium).
  client: async () => {
    await runClientBudget();
    await runClientWeakLink();
  },
  fanout: runFanoutBenchmark,
  idlookup: runIdLookupBenchmark,
  restart: runRestartBenchmark,
  search: runSearchBenchmark,
};

/** Run only when named (`npm run bench -- soak`): ten minutes by default; backup seeds 100,000 alerts of its own. */
const ON_REQUEST: Record<string, () => Promise<void>> = { soak: runSoakBenchmark, backup: runBackupBenchmark };

// Benchmarks that call services in this process (a search, an alert read) record audit events
// through instances keyed as a test server is (test/helpers/instance.ts): a throwaway store.

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(BENCHMARKS);
for (const name of names) {
  const run = BENCHMARKS[name] ?? ON_REQUEST[name];
  if (!run) {
    console.error(`unknown benchmark ${name}; known: ${[...Object.keys(BENCHMARKS), ...Object.keys(ON_REQUEST)].join(', ')}`);
    process.exit(2);
  }
  await run();
}
process.exit(process.exitCode ?? 0);
