/**
 * Password rule (ASVS 6.2.x): at least 12 characters, no composition rules, not common or
 * guessable (zxcvbn-ts dictionaries: common passwords, English and Spanish words), and not
 * containing the email's local part.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { LIMITS } from '../../../shared/schemas/limits.js';

let checker: Promise<ZxcvbnFactory> | null = null;

/** Built on the first password checked: loading and ranking the dictionaries costs about a second
 * of CPU, which every start (and so every restart's time to ready) paid before. */
function passwordChecker(): Promise<ZxcvbnFactory> {
  checker ??= (async () => {
    const [{ ZxcvbnFactory }, common, en, es] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
      import('@zxcvbn-ts/language-es-es'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary, ...es.dictionary },
      graphs: common.adjacencyGraphs,
    });
  })().catch((err: unknown) => {
    checker = null; // the next check tries again
    throw err;
  });
  return checker;
}

/** Minimum zxcvbn score (0–4): 3 means "safely unguessable" against online and slow offline attacks. */
const MIN_SCORE = 3;

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_email' | 'too_common';

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `La contraseña debe tener al menos ${LIMITS.password.min} caracteres / at least ${LIMITS.password.min} characters`,
  too_long: `La contraseña admite como máximo ${LIMITS.password.max} caracteres / at most ${LIMITS.password.max} characters`,
  contains_email: 'La contraseña no puede contener su correo / must not contain your email name',
  too_common: 'La contraseña es demasiado común o fácil de adivinar / is too common or guessable',
};

/** Returns the first problem with a password, or null when it is acceptable. */
export async function checkPassword(password: string, email: string): Promise<PasswordProblem | null> {
  const length = [...password].length;
  if (length < LIMITS.password.min) return 'too_short';
  if (length > LIMITS.password.max) return 'too_long';
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && password.toLowerCase().includes(local)) return 'contains_email';
  const result = await (await passwordChecker()).checkAsync(password, [local, email]);
  return result.score < MIN_SCORE ? 'too_common' : null;
}
