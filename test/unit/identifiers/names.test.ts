import { expect } from 'chai';
import { deletionVariants, detectQuery, foldName, nameTokens, phoneticKey, withinOneEdit } from '../../../shared/identifiers/index.js';

const FOLD: Array<[string, string]> = [
  ['María José', 'maria jose'],
  ['BENÍTEZ', 'benitez'],
  ['Núñez', 'nunez'],
  ['Ñeembucú', 'neembucu'],
  ['Peña-Gómez', 'pena gomez'],
  ["D'Alessandro", 'd alessandro'],
  ['  Ramón   Acosta ', 'ramon acosta'],
  ['Güemes', 'guemes'],
  ['Ñandutí', 'nandutí'.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()],
  ['Mbaretẽ', 'mbarete'],
  ['Ka’aguy', 'ka aguy'],
];

const TOKENS: Array<[Parameters<typeof nameTokens>[0], string[], string[]]> = [
  [{ givenNames: 'María José', familyNames: 'Benítez Ortiz' }, ['maria', 'jose'], ['benitez', 'ortiz']],
  [{ givenNames: 'María José', familyNames: 'Benítez de Ortiz' }, ['maria', 'jose'], ['benitez', 'ortiz']],
  [{ givenNames: 'Juan', familyNames: 'de la Cruz' }, ['juan'], ['cruz']],
  [{ givenNames: 'Ana', familyNames: 'del Valle' }, ['ana'], ['valle']],
  [{ givenNames: 'Luis', familyNames: 'Pérez y Gómez' }, ['luis'], ['perez', 'gomez']],
  [{ givenNames: 'Lucía', familyNames: 'Ramírez', mothersName: 'Villalba' }, ['lucia'], ['ramirez', 'villalba']],
  [{ givenNames: 'Hugo A.', familyNames: 'Villar' }, ['hugo'], ['villar']],
  [{ givenNames: 'Carlos', familyNames: 'Van der Berg' }, ['carlos'], ['der', 'berg']],
];

const PHONETIC_SAME: Array<[string, string]> = [
  ['Benítez', 'Benites'],
  ['Benítez', 'Venitez'],
  ['González', 'Gonsales'],
  ['Giménez', 'Jiménez'],
  ['Quiroga', 'Kiroga'],
  ['Llanes', 'Yanes'],
  ['Hernández', 'Ernandez'],
  ['Cáceres', 'Caseres'],
  ['Ortiz', 'Ortis'],
  ['Vera', 'Bera'],
  ['Zárate', 'Sarate'],
  ['Cabrera', 'Kabrera'],
];

const ONE_EDIT: Array<[string, string, boolean]> = [
  ['ortiz', 'ortis', true],
  ['benitez', 'bentez', true],
  ['benitez', 'beniteez', true],
  ['acosta', 'acsota', true],
  ['acosta', 'acotsa', true],
  ['villalba', 'vilalba', true],
  ['ramirez', 'ramires', true],
  ['gonzalez', 'gonzales', true],
  ['acosta', 'ocampo', false],
  ['benitez', 'bnitzz', false],
  ['duarte', 'duarte', true],
  ['rojas', 'rjoas', true],
];

describe('names', () => {
  for (const [input, folded] of FOLD) it(`folds ${input} → ${folded}`, () => expect(foldName(input)).to.equal(folded));

  for (const [person, given, family] of TOKENS) {
    it(`tokens of ${person.givenNames} ${person.familyNames}`, () => {
      const t = nameTokens(person);
      expect(t.given).to.deep.equal(given);
      expect(t.family).to.deep.equal(family);
    });
  }

  for (const [a, b] of PHONETIC_SAME) it(`${a} sounds like ${b}`, () => expect(phoneticKey(a)).to.equal(phoneticKey(b)));
  it('different surnames keep different keys', () => {
    expect(phoneticKey('Acosta')).to.not.equal(phoneticKey('Ocampo'));
    expect(phoneticKey('Vera')).to.not.equal(phoneticKey('Vega'));
  });

  for (const [a, b, expected] of ONE_EDIT) it(`${a} ~ ${b}: ${expected}`, () => expect(withinOneEdit(a, b)).to.equal(expected));

  it('deletion variants make one-typo matches findable by exact keys', () => {
    const indexed = new Set(['ortiz', ...deletionVariants('ortiz')]);
    expect(['ortis', ...deletionVariants('ortis')].some((k) => indexed.has(k))).to.equal(true);
    expect(['ocampo', ...deletionVariants('ocampo')].some((k) => indexed.has(k))).to.equal(false);
  });

  it('detects a name query and drops particles', () => {
    expect(detectQuery('María Benítez de Ortiz')).to.deep.equal({ kind: 'name', values: ['maria', 'benitez', 'ortiz'] });
  });
});
