/** `puente audit-verify`: checks the audit hash chain; exit 1 when broken. */
import type { Command } from 'commander';
import { verifyAuditChain } from '../services/audit/audit.service.js';
import { withStore } from './withStore.js';

export function registerAuditCommands(program: Command): void {
  program
    .command('audit-verify')
    .description('verify the tamper-evident audit trail; prints the first broken link (exit 1) if any')
    .action(async () => {
      const result = await withStore(() => verifyAuditChain({ onProgress: (n) => process.stderr.write(`… ${n} events checked\n`) }));
      if (result.ok) {
        process.stdout.write(`ok: ${result.checked} events checked / eventos verificados\n`);
        return;
      }
      process.stdout.write(`BROKEN at seq ${result.brokenAt}: ${result.reason} (${result.checked} events verified before it)\n`);
      process.exitCode = 1;
    });
}
