/** `puente seed-demo`: demo agencies, directory and users of both countries; prints the demo logins. */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../platform/config/env.js';
import { DomainError } from '../platform/errors.js';
import { assertNotProductionEnv, seedDemo, SeedRefused, type DemoSeedReport } from '../seed/index.js';
import { withStore } from './withStore.js';

const STEP_LABELS: Record<string, string> = {
  agencies: 'Agencias / agencies',
  contacts: 'Contactos / contacts',
  users: 'Usuarios / users',
};

function printReport(report: DemoSeedReport): void {
  const out: string[] = ['Puente — datos de demostración / demo data'];
  for (const s of report.steps)
    out.push(`  ${STEP_LABELS[s.name] ?? s.name}: ${s.created} creados / created, ${s.existing} ya existían / existing`);
  out.push('', 'Accesos de demostración (sólo para pruebas) / demo logins (testing only):');
  for (const l of report.logins) {
    out.push(`  [${l.country}] ${l.role.padEnd(12)} ${l.email} — ${l.agency}`);
    out.push(
      `      contraseña / password: ${l.password}${l.created ? '' : '  (cuenta existente: vale si nadie la cambió / existing account: valid unless changed)'}`,
    );
    if (l.totpSecret && l.otpauthUrl) {
      out.push(`      segundo factor / MFA secret: ${l.totpSecret}`);
      out.push(`      ${l.otpauthUrl}`);
    } else {
      out.push('      segundo factor: no disponible (la cuenta fue restablecida) / MFA secret not available (account was reset)');
    }
  }
  out.push(
    '',
    'Agregue el secreto a una app autenticadora (Google Authenticator, Aegis, FreeOTP…): "ingresar clave" con el secreto,',
    'o abra/convierta en QR el enlace otpauth://. / Add the secret to an authenticator app, or turn the otpauth:// link into a QR code.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerSeedCommands(program: Command): void {
  program
    .command('seed-demo')
    .description(
      'load demo agencies, contacts and users of both countries; prints their logins (refused in production and on a store with other users)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      try {
        assertNotProductionEnv('seed-demo', loadConfigOrExit().nodeEnv);
        const report = await withStore((c, instance) => seedDemo({ instance, nodeEnv: c.nodeEnv, dataEncryptionKey: c.dataEncryptionKey }));
        if (opts.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printReport(report);
      } catch (err) {
        if (err instanceof SeedRefused) {
          process.stderr.write(`${err.message}\n`);
          process.exitCode = 1;
          return;
        }
        const detail =
          err instanceof DomainError
            ? (err.details?.map((d) => `${d.path}: ${d.message}`).join('; ') ?? err.message)
            : (err as Error).message;
        process.stderr.write(`No se pudieron cargar los datos de demostración / could not load the demo data: ${detail}\n`);
        process.exitCode = 1;
      }
    });
}
