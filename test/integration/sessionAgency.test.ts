import { expect } from 'chai';
import { User } from '../../server/models/User.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** The session keeps the agency it began in only as a hint read beside the user: the user's
 * agency as stored now decides (restricted access depends on the agency's kind). */
describe('session user: the agency read beside the user is checked against it', function () {
  this.timeout(60_000);
  let server: PuenteServer;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
  });
  after(() => server.stop());

  it('a prosecutor moved out of the prosecution service loses restricted data on their next request', async () => {
    const police = await buildAgency({ country: 'AR' });
    const fiscalia = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    const otherPolice = await buildAgency({ country: 'AR' });
    const officer = await signIn(server.url, await buildUser({ agency: police, mfa: true }));
    const prosecutorUser = await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true });
    const prosecutor = await signIn(server.url, prosecutorUser);
    const alert = (await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'restricted' })).expect(201)).body as { id: string };
    const victimOf = async () =>
      ((await prosecutor.get(`/api/v1/alerts/${alert.id}`).expect(200)).body.subjects as Array<{ role: string; redacted?: boolean }>).find(
        (s) => s.role === 'victim',
      );
    expect((await victimOf())?.redacted ?? false).to.equal(false);
    await User.updateOne({ _id: prosecutorUser.id }, { $set: { agencyId: otherPolice._id } });
    expect((await victimOf())?.redacted).to.equal(true);
  });
});
