/**
 * Where `create-admin` takes the password from. An argument is readable by every local user
 * (`ps`, /proc/<pid>/cmdline), so it stays only for scripts, with a warning; the default is the
 * standard input: the first line when it is piped (or with --password-stdin), a prompt that
 * does not echo (asked twice) on a terminal.
 */
import { Writable } from 'node:stream';
import readline from 'node:readline/promises';

export class PasswordInputError extends Error {
  override name = 'PasswordInputError';
}

export interface PasswordSource {
  password?: string | undefined;
  passwordStdin?: boolean | undefined;
}

export const PASSWORD_ARGUMENT_WARNING =
  'Aviso: la contraseña dada en la línea de comandos la pueden leer otros usuarios del equipo (ps); use --password-stdin.\n' +
  'Warning: a password given on the command line can be read by other local users (ps); use --password-stdin.\n';

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
async function hiddenPrompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  try {
    process.stderr.write(question);
    muted = true;
    return await rl.question('');
  } finally {
    muted = false;
    process.stderr.write('\n');
    rl.close();
  }
}

async function promptTwice(): Promise<string> {
  const first = await hiddenPrompt('Contraseña / password: ');
  const again = await hiddenPrompt('Repita la contraseña / repeat the password: ');
  if (first !== again) throw new PasswordInputError('Las contraseñas no coinciden / the passwords do not match');
  return first;
}

export async function readPassword(source: PasswordSource): Promise<string> {
  if (source.password !== undefined && source.passwordStdin)
    throw new PasswordInputError('Use --password o --password-stdin, no ambos / use --password or --password-stdin, not both');
  if (source.password !== undefined) {
    process.stderr.write(PASSWORD_ARGUMENT_WARNING);
    return source.password;
  }
  const password = source.passwordStdin || !process.stdin.isTTY ? await firstLineOfStdin() : await promptTwice();
  if (!password)
    throw new PasswordInputError('No se recibió ninguna contraseña por la entrada estándar / no password was given on standard input');
  return password;
}
