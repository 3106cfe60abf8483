/**
 * A light strength estimate shown as the user types (0–4). It only guides: the server's rules
 * (length, common-password dictionaries, not the email) decide, and their answer is shown on the
 * field. The full dictionaries are too heavy for a phone on a weak connection.
 */
import { LIMITS } from '../../../../shared/schemas/limits.js';

const COMMON_FRAGMENTS = [
  'password',
  'contrase',
  'puente',
  'qwerty',
  'asdf',
  '1234',
  'abcd',
  'admin',
  'policia',
  'fiscal',
  'paraguay',
  'argentina',
];

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4;
  /** Characters still missing to reach the minimum length. */
  missing: number;
}

export function estimateStrength(password: string): Strength {
  const chars = [...password];
  const missing = Math.max(0, LIMITS.password.min - chars.length);
  if (!chars.length) return { score: 0, missing };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  const distinct = new Set(chars.map((c) => c.toLowerCase())).size;
  const lower = password.toLowerCase();
  const common = COMMON_FRAGMENTS.some((f) => lower.includes(f));
  // Roughly log2 of the search space, discounted for repeats and common words.
  let bits = chars.length * Math.log2(Math.max(2, classes * 12)) * Math.min(1, distinct / Math.max(4, chars.length * 0.6));
  if (common) bits *= 0.6;
  const score = missing > 0 ? Math.min(1, Math.floor(bits / 40)) : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  return { score: score as Strength['score'], missing };
}
