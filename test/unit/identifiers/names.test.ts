import { expect } from 'chai';
import {
  deletionVariants,
  foldName,
  nameTokens,
  oneEditKeys,
  phoneticKey,
  tokenize,
  withinOneEdit,
  type PersonName,
} from '../../../shared/identifiers/index.js';

const FOLD: Array<[string, string]> = [
  ['María José', 'maria jose'],
  ['BENÍTEZ', 'benitez'],
  ['Núñez', 'nunez'],
  ['Ñeembucú', 'neembucu'],
  ['Peña-Gómez', 'pena gomez'],
  ['Güemes', 'guemes'],
  ['Ñandutí', 'nanduti'],
  ['  Ramón   Acosta ', 'ramon acosta'],
  ['Mbaretẽ', 'mbarete'],
  ['Ka’aguy', 'kaaguy'],
  ["Ñe'ẽ", 'nee'],
  ['Yvyrapytã', 'yvyrapyta'],
  ['Tupã', 'tupa'],
  ['Ypacaraí', 'ypacarai'],
  ['Itauguá', 'itaugua'],
  ['Mbyja', 'mbyja'],
  ['Kuñataĩ', 'kunatai'],
  ['Yguazũ', 'yguazu'],
  ['Pirapỹ', 'pirapy'],
  ['Ag̃ua', 'agua'],
  ["D'Alessandro", 'dalessandro'],
  ["O'Higgins", 'ohiggins'],
  ['Müller', 'muller'],
  ['Strauß', 'strauss'],
  ['Çelik', 'celik'],
  ['Álvarez, José L.', 'alvarez jose l'],
  ['Juan  (alias "Tito")', 'juan alias tito'],
  ['GONZÁLEZ\tVILLALBA', 'gonzalez villalba'],
  ['Ortiz—Benítez', 'ortiz benitez'],
  ['Comisaría 3ª', 'comisaria 3a'],
  ['ＡＬＶＡＲＥＺ', 'alvarez'],
  ['¡¿!?', ''],
];

const TOKENS: Array<[PersonName, string[], string[]]> = [
  [{ givenNames: 'María José', familyNames: 'Benítez Ortiz' }, ['maria', 'jose'], ['benitez', 'ortiz']],
  [{ givenNames: 'María José', familyNames: 'Benítez de Ortiz' }, ['maria', 'jose'], ['benitez', 'ortiz']],
  [{ givenNames: 'MARÍA JOSÉ', familyNames: 'BENÍTEZ DE ORTIZ' }, ['maria', 'jose'], ['benitez', 'ortiz']],
  [{ givenNames: 'Juan', familyNames: 'de la Cruz' }, ['juan'], ['cruz']],
  [{ givenNames: 'Ana', familyNames: 'del Valle' }, ['ana'], ['valle']],
  [{ givenNames: 'Rosa', familyNames: 'de los Santos' }, ['rosa'], ['santos']],
  [{ givenNames: 'Elena', familyNames: 'de las Heras' }, ['elena'], ['heras']],
  [{ givenNames: 'Luis', familyNames: 'Pérez y Gómez' }, ['luis'], ['perez', 'gomez']],
  [{ givenNames: 'Luis', familyNames: 'Pérez-Gómez' }, ['luis'], ['perez', 'gomez']],
  [{ givenNames: 'Lucía', familyNames: 'Ramírez', mothersName: 'Villalba' }, ['lucia'], ['ramirez', 'villalba']],
  [{ givenNames: 'Lucía', familyNames: 'Ramírez Villalba', mothersName: 'Villalba' }, ['lucia'], ['ramirez', 'villalba']],
  [{ givenNames: 'Hugo A.', familyNames: 'Villar' }, ['hugo'], ['villar']],
  [{ givenNames: 'Carlos', familyNames: 'van der Berg' }, ['carlos'], ['berg']],
  [{ givenNames: 'Otto', familyNames: 'von Bismarck' }, ['otto'], ['bismarck']],
  [{ givenNames: 'João', familyNames: 'da Silva dos Santos' }, ['joao'], ['silva', 'santos']],
  [{ givenNames: 'María del Carmen', familyNames: 'Núñez' }, ['maria', 'carmen'], ['nunez']],
  [{ givenNames: 'María de los Ángeles', familyNames: 'Giménez' }, ['maria', 'angeles'], ['gimenez']],
  [{ givenNames: 'Juan de Dios', familyNames: 'Ayala' }, ['juan', 'dios'], ['ayala']],
  [{ givenNames: 'Kuñataĩ', familyNames: 'Ñeembucú' }, ['kunatai'], ['neembucu']],
  [{ givenNames: 'José Luis', familyNames: 'D’Alessandro' }, ['jose', 'luis'], ['dalessandro']],
  [{ givenNames: '  ramón ', familyNames: ' ACOSTA  ' }, ['ramon'], ['acosta']],
  [{ givenNames: 'Del', familyNames: 'Pino' }, ['del'], ['pino']],
  [{ givenNames: null, familyNames: 'Benítez' }, [], ['benitez']],
  [{ givenNames: 'Ana', familyNames: null, mothersName: null }, ['ana'], []],
  [{}, [], []],
];

/** Spellings that sound the same in Rioplatense and Paraguayan Spanish. */
const PHONETIC_SAME: Array<[string, string]> = [
  ['Benítez', 'Benites'],
  ['Benítez', 'Venitez'],
  ['Benítez', 'Venítes'],
  ['González', 'Gonsales'],
  ['González', 'Gonzales'],
  ['Giménez', 'Jiménez'],
  ['Giménez', 'Ximénez'],
  ['Quiroga', 'Kiroga'],
  ['Llanes', 'Yanes'],
  ['Villalba', 'Biyalba'],
  ['Hernández', 'Ernandez'],
  ['Herrera', 'Errera'],
  ['Cáceres', 'Caseres'],
  ['Cáceres', 'Kaseres'],
  ['Ortiz', 'Ortis'],
  ['Vera', 'Bera'],
  ['Zárate', 'Sarate'],
  ['Cabrera', 'Kabrera'],
  ['Chávez', 'Chaves'],
  ['Godoy', 'Godoi'],
  ['Maidana', 'Maydana'],
  ['Guevara', 'Guebara'],
  ['Álvarez', 'Albares'],
  ['Vázquez', 'Basques'],
  ['Cristaldo', 'Kristaldo'],
  ['Ayala', 'Allala'],
  ['Escobar', 'Eskovar'],
  ['Rodríguez', 'Rodrigues'],
  ['Acuña', 'Acuna'],
  ['Mattos', 'Matos'],
  ['Barrios', 'Varios'],
];

const PHONETIC_DIFFERENT: Array<[string, string]> = [
  ['Acosta', 'Ocampo'],
  ['Vera', 'Vega'],
  ['Ruiz', 'Ríos'],
  ['Ruiz', 'Rosa'],
  ['Ríos', 'Reyes'],
  ['Gómez', 'Gamarra'],
  ['Chávez', 'Cáceres'],
  ['Giménez', 'Guevara'],
  ['Benítez', 'Bentos'],
];

/** [a, b, within one edit] — one insertion, deletion, substitution or adjacent swap. */
const ONE_EDIT: Array<[string, string, boolean]> = [
  ['ortiz', 'ortiz', true],
  ['ortiz', 'ortis', true],
  ['ortiz', 'orti', true],
  ['ortiz', 'oritz', true],
  ['ortiz', 'rotiz', true],
  ['ortiz', 'xortiz', true],
  ['ortiz', 'ortizz', true],
  ['benitez', 'bentez', true],
  ['benitez', 'beniteez', true],
  ['benitez', 'benitze', true],
  ['benitez', 'venitez', true],
  ['acosta', 'acsota', true],
  ['acosta', 'acotsa', true],
  ['acosta', 'costa', true],
  ['villalba', 'vilalba', true],
  ['ramirez', 'ramires', true],
  ['gonzalez', 'gonzales', true],
  ['rojas', 'rjoas', true],
  ['duarte', 'duartes', true],
  ['', 'a', true],
  ['acosta', 'ocampo', false],
  ['benitez', 'bnitzz', false],
  ['benitez', 'venites', false],
  ['ortiz', 'ortz', true],
  ['ortiz', 'otriz', true],
  ['ortiz', 'oziti', false],
  ['ortiz', 'tiroz', false],
  ['acosta', 'acostas1', false],
  ['rojas', 'sajor', false],
  ['ab', 'ba', true],
  ['abc', 'ca', false],
  ['', 'ab', false],
];

describe('names', () => {
  for (const [input, folded] of FOLD)
    it(`folds ${JSON.stringify(input)} → ${JSON.stringify(folded)}`, () => expect(foldName(input)).to.equal(folded));

  for (const [person, given, family] of TOKENS) {
    it(`tokens of ${person.givenNames ?? '∅'} / ${person.familyNames ?? '∅'}${person.mothersName ? ` / ${person.mothersName}` : ''}`, () => {
      const t = nameTokens(person);
      expect(t.given).to.deep.equal(given);
      expect(t.family).to.deep.equal(family);
      expect(t.all).to.deep.equal([...new Set([...given, ...family])]);
    });
  }

  it('keeps the mother’s surname and aliases apart as well as in `all`', () => {
    const t = nameTokens({ givenNames: 'María José', familyNames: 'Benítez Ortiz', mothersName: 'Ortiz', aliases: ['Majo', 'la Flaca'] });
    expect(t).to.deep.equal({
      given: ['maria', 'jose'],
      family: ['benitez', 'ortiz'],
      mother: ['ortiz'],
      aliases: ['majo', 'flaca'],
      all: ['maria', 'jose', 'benitez', 'ortiz', 'majo', 'flaca'],
    });
  });

  it('tokenizes free text without particles, initials or numbers', () => {
    expect(tokenize('María José Benítez de Ortiz')).to.deep.equal(['maria', 'jose', 'benitez', 'ortiz']);
    expect(tokenize('J. R. Acosta 2º')).to.deep.equal(['acosta']);
    expect(tokenize('de la')).to.deep.equal(['de', 'la']);
    expect(tokenize('')).to.deep.equal([]);
    expect(tokenize(undefined)).to.deep.equal([]);
  });

  for (const [a, b] of PHONETIC_SAME) {
    it(`${a} sounds like ${b}`, () => expect(phoneticKey(a)).to.equal(phoneticKey(b)).and.not.equal(''));
  }
  for (const [a, b] of PHONETIC_DIFFERENT) {
    it(`${a} does not sound like ${b}`, () => expect(phoneticKey(a)).to.not.equal(phoneticKey(b)));
  }
  it('phonetic keys of folded words only', () => {
    expect(phoneticKey('Benítez')).to.equal('benites');
    expect(phoneticKey('Chávez')).to.equal(phoneticKey('CHAVEZ'));
    expect(phoneticKey('123')).to.equal('');
    expect(phoneticKey('')).to.equal('');
  });

  for (const [a, b, expected] of ONE_EDIT) {
    it(`${JSON.stringify(a)} ~ ${JSON.stringify(b)}: ${expected}`, () => {
      expect(withinOneEdit(a, b)).to.equal(expected);
      expect(withinOneEdit(b, a), 'symmetric').to.equal(expected);
    });
  }

  it('deletion variants make one-typo matches findable by exact keys (symmetric delete)', () => {
    expect(deletionVariants('ortiz')).to.deep.equal(['rtiz', 'otiz', 'oriz', 'ortz', 'orti']);
    expect(deletionVariants('rojas')).to.have.length(5);
    expect(deletionVariants('llanes')).to.deep.equal(['lanes', 'llnes', 'llaes', 'llans', 'llane']);
    expect(oneEditKeys('ana')).to.deep.equal(['ana', 'na', 'aa', 'an']);
    const shareKey = (a: string, b: string) => oneEditKeys(a).some((k) => oneEditKeys(b).includes(k));
    for (const [a, b, expected] of ONE_EDIT) if (expected) expect(shareKey(a, b), `${a} / ${b}`).to.equal(true);
    expect(shareKey('ortiz', 'ocampo')).to.equal(false);
  });
});
