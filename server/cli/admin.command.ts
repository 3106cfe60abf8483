/** `puente create-admin`: bootstrap or recover a system administrator. */
import type { Command } from 'commander';
import { ApiError } from '../http/apiError.js';
import { createOrResetAdmin } from '../services/admin.service.js';
import { withStore } from './withStore.js';

export function registerAdminCommands(program: Command): void {
  program
    .command('create-admin')
    .description('create (or reset) a system administrator; prints its id')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'password (at least 12 characters, not a common one)')
    .option('--name <name>', 'display name')
    .option('--agency <name>', 'agency to create or use for a new administrator')
    .option('--country <AR|PY>', 'country of that agency', 'AR')
    .action(async (opts: { email: string; password: string; name?: string; agency?: string; country: string }) => {
      if (opts.country !== 'AR' && opts.country !== 'PY') {
        process.stderr.write('--country must be AR or PY\n');
        process.exitCode = 2;
        return;
      }
      try {
        const result = await withStore(() =>
          createOrResetAdmin({
            email: opts.email,
            password: opts.password,
            displayName: opts.name,
            agencyName: opts.agency,
            country: opts.country as 'AR' | 'PY',
          }),
        );
        process.stderr.write(
          `${result.created ? 'Administrador creado / created' : 'Administrador restablecido / reset'}: ${opts.email}\n`,
        );
        process.stdout.write(`${result.id}\n`);
      } catch (err) {
        const detail = err instanceof ApiError ? (err.details?.map((d) => d.message).join('; ') ?? err.message) : (err as Error).message;
        process.stderr.write(`No se pudo crear el administrador / could not create the administrator: ${detail}\n`);
        process.exitCode = 1;
      }
    });
}
