/** `puente reindex`: rebuilds the search index from every stored alert, with progress. */
import type { Command } from 'commander';
import { rebuildSearchIndex } from '../services/search/rebuildIndex.js';
import { progressBar } from './seedBulk.command.js';
import { withStore } from './withStore.js';

export function registerReindexCommands(program: Command): void {
  program
    .command('reindex')
    .description('rebuild the search index from every stored alert (after an upgrade that changes search keys)')
    .action(async () => {
      const result = await withStore(() => rebuildSearchIndex(progressBar('reindex')));
      process.stdout.write(`search index rebuilt: ${result.alerts} alerts, ${result.keys} keys\n`);
    });
}
