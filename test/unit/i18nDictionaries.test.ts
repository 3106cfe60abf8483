import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Dictionary } from '../../shared/i18n/client/define.js';
import { fillPlaceholders } from '../../shared/i18n/client/define.js';
import { REPO_ROOT } from '../helpers/server.js';

const DIR = path.join(REPO_ROOT, 'shared', 'i18n', 'client');

/** Every dictionary file of shared/i18n/client, loaded by name (a new screen group is checked without editing this test). */
async function loadDictionaries(): Promise<Array<[string, Dictionary]>> {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'define.ts');
  const out: Array<[string, Dictionary]> = [];
  for (const f of files) {
    const mod = (await import(path.join(DIR, f))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (value && typeof value === 'object' && 'es' in value && 'en' in value) out.push([`${f}:${name}`, value as Dictionary]);
    }
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('client dictionaries (shared/i18n/client)', () => {
  it('cover every screen group', async () => {
    const names = (await loadDictionaries()).map(([n]) => n.split(':')[0]);
    for (const group of ['common', 'auth', 'feed', 'alert', 'search', 'directory', 'admin', 'account'])
      expect(names, group).to.include(`${group}.ts`);
  });

  it('have the same keys in Spanish and English, none empty, with the same placeholders', async () => {
    for (const [name, dict] of await loadDictionaries()) {
      const es = Object.keys(dict.es).sort();
      const en = Object.keys(dict.en).sort();
      expect(
        en.filter((k) => !es.includes(k)),
        `${name}: keys only in English`,
      ).to.deep.equal([]);
      expect(
        es.filter((k) => !en.includes(k)),
        `${name}: keys missing in English`,
      ).to.deep.equal([]);
      for (const k of es) {
        const esText = dict.es[k]!;
        const enText = dict.en[k]!;
        expect(esText.trim(), `${name}.es.${k}`).not.to.equal('');
        expect(enText.trim(), `${name}.en.${k}`).not.to.equal('');
        expect(placeholders(enText), `${name}.${k} placeholders`).to.deep.equal(placeholders(esText));
      }
    }
  });

  it('fill placeholders and leave unknown ones visible', () => {
    expect(fillPlaceholders('{a} y {b}', { a: 1, b: 'x' })).to.equal('1 y x');
    expect(fillPlaceholders('{a} y {c}', { a: 1 })).to.equal('1 y {c}');
  });
});
