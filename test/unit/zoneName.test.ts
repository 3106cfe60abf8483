import { expect } from 'chai';
import { COUNTRY_ZONES, zoneName } from '../../shared/time.js';

describe('zoneName (shared by the screens and the who-viewed CSV)', () => {
  it('names both countries’ zones in words, in each language', () => {
    expect(zoneName(COUNTRY_ZONES.PY, 'es')).to.equal('Hora de Paraguay');
    expect(zoneName(COUNTRY_ZONES.AR, 'es')).to.equal('Hora de Argentina');
    expect(zoneName(COUNTRY_ZONES.PY, 'en')).to.equal('Paraguay time');
  });

  it('names any other zone by Intl’s long name and its city, never the bare IANA id', () => {
    const name = zoneName('Europe/Madrid', 'es');
    expect(name).to.not.equal('Europe/Madrid');
    expect(name).to.match(/\(Madrid\)$/);
    expect(name).to.not.include('Europe/');
  });

  it('keeps an id Intl does not know readable by its city', () => {
    expect(zoneName('Nowhere/Some_Place', 'es')).to.equal('Nowhere/Some_Place (Some Place)');
  });
});
