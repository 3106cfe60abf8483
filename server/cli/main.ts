/** `puente` command line. Each command lives in its own module and shares the server's config. */
import { Command } from 'commander';
import { registerAdminCommands } from './admin.command.js';
import { registerAuditCommands } from './audit.command.js';
import { registerBackupCommands } from './backup.command.js';
import { registerSeedCommands } from './seed.command.js';
import { registerSeedBulkCommands } from './seedBulk.command.js';
import { registerStoreCommands } from './store.command.js';

const program = new Command()
  .name('puente')
  .description('Puente — portal de cooperación transfronteriza contra la trata de personas (AR–PY)')
  .showHelpAfterError();

registerStoreCommands(program);
registerAdminCommands(program);
registerAuditCommands(program);
registerBackupCommands(program);
registerSeedBulkCommands(program);
registerSeedCommands(program);

await program.parseAsync(process.argv);
