/** `puente create-admin`: bootstrap or recover a system administrator. */
import type { Command } from 'commander';
import { DomainError } from '../platform/errors.js';
import { createOrResetAdmin } from '../identity/index.js';
import { PasswordInputError, readPassword } from './readPassword.js';
import { withStore } from './withStore.js';

export function registerAdminCommands(program: Command): void {
  program
    .command('create-admin')
    .description(
      'create (or reset) a system administrator; prints its id. The password (at least 12 characters, not a common one) ' +
        'is asked without echo on a terminal, else read from standard input',
    )
    .requiredOption('--email <email>', 'login email')
    .option('--password-stdin', 'read the password from the first line of standard input (the default when it is not a terminal)')
    .option('--password <password>', 'password on the command line, for scripts: other local users can read it (prefer --password-stdin)')
    .option('--name <name>', 'display name')
    .option('--agency <name>', 'agency to create or use for a new administrator')
    .option('--country <AR|PY>', 'country of that agency', 'AR')
    .action(
      async (opts: { email: string; password?: string; passwordStdin?: boolean; name?: string; agency?: string; country: string }) => {
        if (opts.country !== 'AR' && opts.country !== 'PY') {
          process.stderr.write('--country must be AR or PY\n');
          process.exitCode = 2;
          return;
        }
        let password: string;
        try {
          password = await readPassword(opts);
        } catch (err) {
          if (!(err instanceof PasswordInputError)) throw err;
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 2;
          return;
        }
        try {
          const result = await withStore((_config, instance) =>
            createOrResetAdmin(instance, {
              email: opts.email,
              password,
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
          const detail =
            err instanceof DomainError ? (err.details?.map((d) => d.message).join('; ') ?? err.message) : (err as Error).message;
          process.stderr.write(`No se pudo crear el administrador / could not create the administrator: ${detail}\n`);
          process.exitCode = 1;
        }
      },
    );
}
