/**
 * Person names as officers type them in Spanish and Guaraní: folded tokens, particles
 * (`de`, `del`, `de la`…) that are not search tokens, double surnames and the mother's surname.
 */
import { foldName } from './fold.js';

/** Words that join surnames (`Benítez de Ortiz`, `de la Cruz`, `van der Berg`); never tokens on their own. */
export const PARTICLES: ReadonlySet<string> = new Set('de del la las los y e da das do dos di du van von der den'.split(' '));

/** Folded words of a name without particles, one-letter initials or words with digits; a name made only of
 * particles (`Del`) keeps them rather than vanish. */
export function tokenize(s: string | null | undefined): string[] {
  if (!s) return [];
  const words = foldName(s)
    .split(' ')
    .filter((t) => t.length > 1 && !/\d/.test(t));
  const tokens = words.filter((t) => !PARTICLES.has(t));
  return tokens.length > 0 ? tokens : words;
}

export interface PersonName {
  givenNames?: string | null;
  familyNames?: string | null;
  /** The mother's (maternal) surname, searched like the family names. */
  mothersName?: string | null;
  aliases?: readonly string[] | null;
}

export interface NameTokens {
  given: string[];
  /** Every surname, the mother's included: a search by either surname matches. */
  family: string[];
  mother: string[];
  aliases: string[];
  /** given ∪ family ∪ aliases, without repeats. */
  all: string[];
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

/** The folded search tokens of a person. */
export function nameTokens(p: PersonName): NameTokens {
  const given = unique(tokenize(p.givenNames));
  const mother = unique(tokenize(p.mothersName));
  const family = unique([...tokenize(p.familyNames), ...mother]);
  const aliases = unique((p.aliases ?? []).flatMap(tokenize));
  return { given, family, mother, aliases, all: unique([...given, ...family, ...aliases]) };
}
