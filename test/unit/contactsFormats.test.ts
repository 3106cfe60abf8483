import { expect } from 'chai';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { neutralizeCell, unneutralizeCell } from '../../server/directory/csv.js';
import { foldLine } from '../../server/directory/vcardLines.js';

describe('CSV formula neutralisation', () => {
  const cases: Array<[string, string]> = [
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+cmd', "'+cmd"],
    ['@SUM(1)', "'@SUM(1)"],
    ['-2+3', "'-2+3"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r'=1+1"],
    ['＝1+1', "'＝1+1"],
    ['+5493704412345', "'+5493704412345"],
    ["'ya citado", "''ya citado"],
    ['Guardia de Trata — División Clorinda', 'Guardia de Trata — División Clorinda'],
    ['(0370) 15-4412345', '(0370) 15-4412345'],
    ['a=b', 'a=b'],
    ['', ''],
    // Spanish Excel splits on ";" (and others on ","): a trigger after a separator, a line break,
    // spaces or a quote would start a cell of its own there (issue #10, "Also").
    [';=1+1', ";'=1+1"],
    ['";=1+1"', `";'=1+1"`],
    ['Formosa;+54 370', "Formosa;'+54 370"],
    ['x; =1+1', "x; '=1+1"],
    ['x;"=1+1', `x;"'=1+1`],
    ['x,@SUM(1)', "x,'@SUM(1)"],
    ['a;-1;b', "a;'-1;b"],
    ['línea\n=1+1', "línea\n'=1+1"],
    ['a;\t=1', "a;'\t=1"],
    ["a;'b", "a;''b"],
    ['8 a 16; lunes, martes', '8 a 16; lunes, martes'],
  ];
  for (const [raw, written] of cases) {
    it(`${JSON.stringify(raw)} → ${JSON.stringify(written)} and back`, () => {
      expect(neutralizeCell(raw)).to.equal(written);
      expect(unneutralizeCell(neutralizeCell(raw))).to.equal(raw);
    });
  }

  it('no cell of a semicolon-separated reading starts a formula', () => {
    const values = ['x;=1+1', '";=cmd|\' /C calc\'!A0"', 'a,b;@x', 'ok;+54'];
    const text = stringify([values.map(neutralizeCell)], { quoted: true });
    const cells = text.split(/[;,\r\n]/).map((c) => c.replace(/^[ "]+/, ''));
    for (const cell of cells) expect(cell, JSON.stringify(text)).to.not.match(/^[=+\-@\t\r]/);
  });

  it('survives a CSV round trip with quotes, newlines and separators', () => {
    const values = ['=1;2', 'línea 1\nlínea 2', '"citado", con coma', '+54 9 370'];
    const text = stringify([values.map(neutralizeCell)], { quoted: true });
    const [row] = parseCsv(text) as string[][];
    expect(row?.map(unneutralizeCell)).to.deep.equal(values);
    for (const cell of row ?? []) expect(cell).to.not.match(/^[=+\-@\t\r]/);
  });
});

describe('vCard line folding (RFC 6350 §3.2)', () => {
  const unfold = (s: string) => s.replace(/\r\n /g, '');

  it('leaves a line of 75 octets alone and folds a longer one', () => {
    expect(foldLine('N'.repeat(75))).to.equal('N'.repeat(75));
    expect(foldLine('N'.repeat(76))).to.equal(`${'N'.repeat(75)}\r\n N`);
  });

  it('counts octets, never splits a UTF-8 sequence or a surrogate pair', () => {
    for (const text of [
      'NOTE:' + 'ñ'.repeat(100),
      'NOTE:' + '🚤'.repeat(60),
      'FN:Guardia de Trata — División Clorinda, Ñeembucú '.repeat(5),
    ]) {
      const folded = foldLine(text);
      expect(unfold(folded)).to.equal(text);
      for (const line of folded.split('\r\n')) {
        expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
        expect(Buffer.from(line, 'utf8').toString('utf8')).to.equal(line);
        expect(line).to.not.match(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      }
    }
  });
});
