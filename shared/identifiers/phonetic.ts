/**
 * A Spanish phonetic key for Rioplatense and Paraguayan spelling: letters that sound alike share a
 * code, so `Benites`, `Benítez` and `Venitez` (or `Giménez`/`Jiménez`, `Llanes`/`Yanes`) meet.
 */
import { foldName } from './fold.js';

/** Rewrites applied in order to a folded word (lower-case a–z only). */
const RULES: Array<[RegExp, string]> = [
  [/^x(?=[aeiou])/, 'j'], // Ximénez, Xavier
  [/ch/g, 'C'], // its own sound; kept apart from c/k and from a silent h
  [/ph/g, 'f'],
  [/h/g, ''], // silent h (Hernández = Ernández)
  [/ll/g, 'y'], // yeísmo: Llanes = Yanes
  [/qu(?=[eiy])/g, 'k'],
  [/q/g, 'k'],
  [/g(?=[eiy])/g, 'j'], // Giménez = Jiménez
  [/gu(?=[eiy])/g, 'g'], // Guevara, Güemes: g before e/i without the u
  [/c(?=[eiy])/g, 's'], // seseo: Cáceres = Caseres
  [/c/g, 'k'], // Cabrera = Kabrera
  [/z/g, 's'], // Ortiz = Ortis
  [/v/g, 'b'], // Vera = Bera
  [/w/g, 'u'],
  [/x/g, 'ks'],
  [/n(?=[bp])/g, 'm'], // Conversi = Combersi
  [/i(?=[aeou])/g, 'y'], // Mariano = Maryano
  [/y(?![aeiou])/g, 'i'], // final or pre-consonant y is a vowel: Godoy = Godoi
  [/(.)\1+/g, '$1'], // doubled letters (rr, ss, nn, ee…) collapse
];

/** The phonetic key of one word (empty for a word with no letters). */
export function phoneticKey(token: string): string {
  let s = foldName(token).replace(/[^a-z]/g, '');
  for (const [re, to] of RULES) s = s.replace(re, to);
  return s;
}
