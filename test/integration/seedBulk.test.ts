import { expect } from 'chai';
import type { Actor } from '../../server/platform/actor.js';
import { seedBulkAlerts } from '../../server/seed/bulkAlerts.service.js';
import { searchAlerts } from '../../server/search/search.service.js';
import { markStoreProduction } from '../../server/platform/models/DeploymentMark.js';
import { runCli } from '../helpers/cli.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { resetDatabase } from '../helpers/testStore.js';
import { instanceOnTestStore, storeInstance } from '../helpers/instance.js';
import { Alert } from '../helpers/models.js';

describe('seed-bulk generator', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('writes realistic alerts of both countries that a running server’s search finds at once', async () => {
    // A Puente of its own, as a server already running, its search copy loaded; what a search
    // announces (a protected hit) is heard by no one here.
    const instance = instanceOnTestStore();
    await instance.alertCopy.sync();
    const seeded = await seedBulkAlerts(instance, 60);
    expect(seeded.alerts).to.equal(60);
    const stored = await Alert.find({}).lean();
    expect(stored).to.have.length(60);
    expect(new Set(stored.map((a) => a.originCountry))).to.deep.equal(new Set(['AR', 'PY']));
    expect(new Set(stored.map((a) => a.reference)).size, 'references are unique').to.equal(60);
    expect(stored.every((a) => a.subjects.length > 0)).to.equal(true);

    await new Promise((r) => setTimeout(r, 300)); // past the copy's freshness window
    // An officer of the bulk load's first agency (a police force, where a prosecutor would open nothing more).
    const actor: Actor = { id: 'test', agencyId: seeded.agencyIds[0]!, country: 'AR', roles: ['officer'], agencyKind: 'police' };
    // Identifier queries also answer stubs for alerts the caller may not open, so each finds something.
    for (const q of [seeded.samples.documents[0]!, seeded.samples.phones[0]!, seeded.samples.plates[0]!]) {
      const res = await searchAlerts(instance, actor, { q, limit: 20 });
      expect(res.items.length, `search for ${q}`).to.be.greaterThan(0);
    }
    let namesFound = 0;
    for (const q of seeded.samples.names) if ((await searchAlerts(instance, actor, { q, limit: 20 })).items.length) namesFound++;
    expect(namesFound, 'names of alerts distributed beyond their agency').to.be.greaterThan(seeded.samples.names.length / 2);
  });

  it('runs from the command line with a progress report', async () => {
    const res = await runCli(['seed-bulk', '--alerts', '25']);
    expect(res.code, res.out).to.equal(0);
    expect(await Alert.countDocuments()).to.equal(25);
    expect(res.stderr).to.match(/seed-bulk \[#{30}\] 100%\s+25\/25 alerts/);
    expect(res.stdout).to.match(/^25 alerts written; running servers reload their alert copy/m);
  });

  // Pen-test issue 23, F9: the store decides, not the shell's NODE_ENV.
  it('refuses a store marked as production, and one with users other than the demo users', async () => {
    await markStoreProduction(storeInstance());
    const marked = await runCli(['seed-bulk', '--alerts', '5']);
    expect(marked.code, marked.out).to.equal(1);
    expect(marked.stderr).to.contain('producción').and.to.contain('production');
    expect(await Alert.countDocuments()).to.equal(0);

    await resetDatabase();
    await buildUser({ agency: await buildAgency() });
    const foreign = await runCli(['seed-bulk', '--alerts', '5']);
    expect(foreign.code, foreign.out).to.equal(1);
    expect(foreign.stderr).to.contain('1 usuario').and.to.contain('1 user');
    expect(await Alert.countDocuments()).to.equal(0);
  });
});
