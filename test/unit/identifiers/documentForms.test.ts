import { expect } from 'chai';
import {
  detectDocument,
  documentSearchKeys,
  normalizeDocument,
  normalizePhone,
  type DocumentInput,
} from '../../../shared/identifiers/index.js';

/**
 * Forms found wanting against python-stdnum (py/ruc, ar/cuit) and its published numbers: the RUCs and
 * CUITs marked "published" below are listed as real numbers found online in python-stdnum's
 * tests/test_py_ruc.doctest and tests/test_ar_cuit.doctest; 55-00000430-7 and 50-00000412-7 are
 * AFIP's "CUIT país" numbers for France (person, entity) as listed in Oracle's JD Edwards manual
 * (UDC 76A/FJ). The others were computed apart from this code with SET's and AFIP's mod 11.
 */
type Case = [typed: string, normalized: string, related: string[]];

const RUC_COMPACT: Case[] = [
  ['800280610', '80028061', ['800280610']], // published (stdnum corner case), = 80028061-0
  ['80028061-0', '80028061', ['800280610']],
  ['10684603', '1068460', ['10684603']], // published 1068460-3: a wrong CI 10684603 before
  ['1068460-3', '1068460', ['10684603']],
  ['1068460 3', '1068460', ['10684603']],
  ['1.068.460 3', '1068460', ['10684603']],
  ['1.068.460-3', '1068460', ['10684603']],
  ['9991603', '999160', ['9991603']], // published
  ['800000200', '80000020', ['800000200']], // published 80000020-0
  ['800001907', '80000190', ['800001907']], // published
  ['800000358', '80000035', ['800000358']], // published
  ['800058208', '80005820', ['800058208']], // published 80005820-8
  ['500010803', '50001080', ['500010803']], // published 50001080-3
  ['45678901', '4567890', ['45678901']],
];

const RUC_SHORT_BASE: Case[] = [
  ['2660-3', '2660', ['26603']], // published (stdnum corner case)
  ['26603', '2660', ['26603']],
  ['46470-8', '46470', ['464708']], // published
  ['116840-1', '116840', ['1168401']], // published
  ['12-4', '12', ['124']],
  ['1-9', '1', ['19']],
  ['80006669-3', '80006669', ['800066693']], // published
  ['4941300-7', '4941300', ['49413007']], // published
];

const CUIT_FOREIGN: Array<[type: string, typed: string, normalized: string]> = [
  ['CUIT', '55-00000430-7', '55000004307'], // AFIP CUIT país, France, person
  ['CUIT', '50-00000412-7', '50000004127'], // AFIP CUIT país, France, entity
  ['CUIT', '51-00000001-2', '51000000012'],
  ['CUIT', '55000004307', '55000004307'],
  ['CUIL', '50 00000412 7', '50000004127'],
];

/** Real numbers from python-stdnum's list, people (2x: related DNI) and companies (3x). */
const CUIT_PUBLISHED: Array<[typed: string, normalized: string, related: string[]]> = [
  ['20-10123456-9', '20101234569', ['10123456']],
  ['20040356437', '20040356437', ['4035643']],
  ['23000052264', '23000052264', ['5226']],
  ['24117166062', '24117166062', ['11716606']],
  ['27-10345678-4', '27103456784', ['10345678']],
  ['27937240444', '27937240444', ['93724044']],
  ['30011111110', '30011111110', []],
  ['30653311857', '30653311857', []],
  ['33500001599', '33500001599', []],
  ['34546198105', '34546198105', []],
];

/** En dash, em dash, figure dash, minus sign, hyphen, non-breaking and full-width hyphens. */
const DASHED: Array<[DocumentInput, string]> = [
  [{ type: 'CUIL', number: '27–26018159–4' }, '27260181594'],
  [{ type: 'CUIT', number: '30—54668997—9' }, '30546689979'],
  [{ type: 'CUIT', number: '30‒54668997‒9' }, '30546689979'],
  [{ type: 'CUIL', number: '20−30123456−3' }, '20301234563'],
  [{ type: 'CUIL', number: '20‐30123456‐3' }, '20301234563'],
  [{ type: 'CUIL', number: '20‑30123456‑3' }, '20301234563'],
  [{ type: 'CUIL', number: '20－30123456－3' }, '20301234563'],
  [{ type: 'RUC', number: '80028061–0' }, '80028061'],
  [{ type: 'RUC', number: '1.068.460 – 3' }, '1068460'],
  [{ type: 'DNI', number: '30–123–456' }, '30123456'],
  [{ type: 'CI', number: '4–567–890' }, '4567890'],
  [{ type: 'passport', number: 'FX–998877' }, 'FX998877'],
];

const REFUSED: Array<[DocumentInput, RegExp, string]> = [
  [{ type: 'RUC', number: '800532492' }, /check digit/, 'published as invalid: compact, last digit not the check digit'],
  [{ type: 'RUC', number: '80021744-8' }, /check digit/, 'published as invalid'],
  [{ type: 'RUC', number: '4567890' }, /check digit/, 'compact with a wrong last digit is not read as a bare base'],
  [{ type: 'RUC', number: '1068460 4' }, /check digit/, 'wrong check digit after a space'],
  [{ type: 'RUC', number: '80123456789' }, /digits/, 'published as too long'],
  [{ type: 'RUC', number: '123456789-0' }, /digits/, 'base of 9 digits'],
  [{ type: 'RUC', number: '0-0' }, /digits/, 'no base'],
  [{ type: 'RUC', number: '7' }, /digits/, 'a check digit alone'],
  [{ type: 'CUIL', number: '25-30123456-5' }, /prefix/, '25: no source found for it'],
  [{ type: 'CUIL', number: '26-30123456-1' }, /prefix/, '26: no source found for it'],
  [{ type: 'CUIT', number: '25123456788' }, /prefix/, '25 compact'],
  [{ type: 'CUIT', number: '52-00000412-0' }, /prefix/, '52 is not an AFIP prefix'],
  [{ type: 'CUIT', number: '55-00000430-6' }, /check digit/, 'foreign prefix, wrong check digit'],
];

describe('RUC written compactly (check digit last), as SET does', () => {
  for (const [typed, normalized, related] of RUC_COMPACT) {
    it(`${typed} → ${normalized} (+ ${related.join(', ')})`, () => {
      const r = normalizeDocument({ type: 'RUC', number: typed });
      expect(r, JSON.stringify(r)).to.deep.include({ ok: true, normalized, related });
    });
  }

  it('the compact and the dashed form give the same normal form and search keys', () => {
    for (const [compact, dashed] of [
      ['800280610', '80028061-0'],
      ['10684603', '1068460-3'],
      ['26603', '2660-3'],
    ] as const) {
      expect(normalizeDocument({ type: 'RUC', number: compact })).to.deep.equal(normalizeDocument({ type: 'RUC', number: dashed }));
    }
    expect(documentSearchKeys('800280610')).to.deep.equal(documentSearchKeys('80028061-0'));
  });

  it("a person's compact RUC gives their cédula, so it matches across the border", () => {
    const ruc = normalizeDocument({ type: 'RUC', number: '10684603' });
    const ci = normalizeDocument({ type: 'CI', number: '1.068.460' });
    expect(ruc.ok && ci.ok && ruc.normalized === ci.normalized).to.equal(true);
  });
});

describe('RUC bases shorter than 5 digits', () => {
  for (const [typed, normalized, related] of RUC_SHORT_BASE) {
    it(`${typed} → ${normalized}`, () => {
      expect(normalizeDocument({ type: 'RUC', number: typed })).to.deep.include({ ok: true, normalized, related });
    });
  }
  it('a short dashed RUC is found by search', () => {
    expect(detectDocument('2660-3').map((c) => c.type)).to.deep.equal(['RUC']);
    expect(documentSearchKeys('2660-3')).to.deep.equal(['2660', '26603']);
  });
});

describe('CUIT of foreign persons and entities (prefixes 50, 51, 55)', () => {
  for (const [type, typed, normalized] of CUIT_FOREIGN) {
    it(`${type} ${typed} → ${normalized}, an entity (no DNI inside)`, () => {
      expect(normalizeDocument({ type, number: typed })).to.deep.include({ ok: true, normalized, related: [] });
    });
  }
  it('search reads them as CUIT', () => {
    expect(detectDocument('55-00000430-7').map((c) => c.type)).to.deep.equal(['CUIT']);
    expect(documentSearchKeys('50000004127')).to.deep.equal(['50000004127']);
  });
});

describe('published CUIL/CUIT numbers', () => {
  for (const [typed, normalized, related] of CUIT_PUBLISHED) {
    it(`${typed} → ${normalized}`, () => {
      expect(normalizeDocument({ type: 'CUIT', number: typed })).to.deep.include({ ok: true, normalized, related });
    });
  }
});

describe('Unicode dashes as separators', () => {
  for (const [input, normalized] of DASHED) {
    it(`${input.type} ${input.number} → ${normalized}`, () => {
      expect(normalizeDocument(input), JSON.stringify(normalizeDocument(input))).to.deep.include({ ok: true, normalized });
    });
  }
  it('in search strings', () => {
    expect(documentSearchKeys('27–26018159–4')).to.deep.equal(['27260181594', '26018159']);
    expect(documentSearchKeys('80028061–0')).to.deep.equal(['80028061', '800280610']);
  });

  const PHONES: Array<[string, 'AR' | 'PY', string]> = [
    ['(0370) 15–4412345', 'AR', '+5493704412345'],
    ['+54 9 370 441—2345', 'PY', '+5493704412345'],
    ['0981–123–456', 'PY', '+595981123456'],
    ['0981‒123‒456', 'PY', '+595981123456'],
    ['0981−123−456', 'PY', '+595981123456'],
    ['0981‐123‐456', 'PY', '+595981123456'],
    ['0981－123－456', 'PY', '+595981123456'],
    ['011 4321–5678', 'AR', '+541143215678'],
  ];
  for (const [typed, country, e164] of PHONES) {
    it(`phone ${typed} (${country}) → ${e164}`, () => {
      expect(normalizePhone(typed, country)).to.deep.include({ ok: true, e164 });
    });
  }
});

describe('refused, and why', () => {
  for (const [input, reason, why] of REFUSED) {
    it(`${input.type} ${input.number}: ${why}`, () => {
      const r = normalizeDocument(input);
      expect(r.ok, JSON.stringify(r)).to.equal(false);
      expect(r).to.have.property('reason').that.matches(reason);
    });
  }
});
