import { expect } from 'chai';
import mongoose from 'mongoose';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { SessionModel, User } from '../helpers/models.js';

/** The session keeps the agency it began in only as a hint read beside the user: the user's
 * agency as stored now decides (restricted access depends on the agency's kind). */
describe('session user: the agency read beside the user is checked against it', function () {
  this.timeout(60_000);
  const server = suiteServer();

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

  /** Store reads started during `run`, as `<collection> <method>`, in the order they started. */
  async function readsDuring(run: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => void seen.push(`${collection} ${method}`));
    try {
      await run();
    } finally {
      mongoose.set('debug', false);
    }
    return seen;
  }

  /** The session id in a signed `puente.sid` cookie (`s:<id>.<signature>`, URL-encoded). */
  const sessionIdOf = (cookie: string) => /^s:([^.]+)\./.exec(decodeURIComponent(/puente\.sid=([^;]+)/.exec(cookie)![1]!))![1]!;

  describe("the user's reads start beside the session read once this process knows the session (issue 13)", () => {
    it('a second request reads the user without waiting for the session, and not the agency the session kept the kind of', async () => {
      const agency = await buildAgency({ country: 'PY' });
      const client = await signIn(server.url, await buildUser({ agency, mfa: true }));
      await client.get('/api/v1/auth/me').expect(200);
      const reads = await readsDuring(() => client.get('/api/v1/auth/me').expect(200));
      const at = (name: string) => reads.indexOf(name);
      expect(at('sessions findOne'), reads.join(', ')).to.be.greaterThan(-1);
      expect(at('users findOne'), 'user read started before the session read').to.be.within(0, at('sessions findOne'));
      expect(at('agencies findOne'), 'agency read although the session kept its kind').to.equal(-1);
    });

    it('a session that kept no kind (begun before it was kept) reads the agency beside the user', async () => {
      const agency = await buildAgency({ country: 'PY' });
      const client = await signIn(server.url, await buildUser({ agency, mfa: true }));
      const sid = sessionIdOf(client.cookieHeader());
      const stored = JSON.parse((await SessionModel.findById(sid).lean())!.data) as Record<string, unknown>;
      delete stored.agencyKind;
      await SessionModel.updateOne({ _id: sid }, { $set: { data: JSON.stringify(stored) } });
      await client.get('/api/v1/auth/me').expect(200);
      const reads = await readsDuring(() => client.get('/api/v1/auth/me').expect(200));
      const at = (name: string) => reads.indexOf(name);
      expect(at('agencies findOne'), 'agency read started before the session read').to.be.within(0, at('sessions findOne'));
    });

    it('a session ended elsewhere (its document gone) is refused although this process knew it', async () => {
      const agency = await buildAgency({ country: 'AR' });
      const client = await signIn(server.url, await buildUser({ agency, mfa: true }));
      await client.get('/api/v1/auth/me').expect(200);
      await SessionModel.deleteOne({ _id: sessionIdOf(client.cookieHeader()) });
      await client.get('/api/v1/auth/me').expect(401);
      await client.get('/api/v1/alerts').expect(401);
    });

    it('a user disabled since the last request is refused on the next one', async () => {
      const agency = await buildAgency({ country: 'AR' });
      const user = await buildUser({ agency, mfa: true });
      const client = await signIn(server.url, user);
      await client.get('/api/v1/auth/me').expect(200);
      await User.updateOne({ _id: user.id }, { $set: { status: 'disabled' } });
      await client.get('/api/v1/auth/me').expect(401);
    });

    it('the user the stored session names decides, not the one this process remembered for it', async () => {
      const agency = await buildAgency({ country: 'AR' });
      const first = await buildUser({ agency, mfa: true });
      const second = await buildUser({ agency, mfa: true });
      const client = await signIn(server.url, first);
      expect((await client.get('/api/v1/auth/me').expect(200)).body.user.id).to.equal(first.id);
      // Rewritten in the store (as no code path does: sign-in always issues a new session id).
      const sid = sessionIdOf(client.cookieHeader());
      const doc = (await SessionModel.findById(sid).lean())!;
      const data = JSON.parse(doc.data) as { passport: { user: string } };
      data.passport.user = second.id;
      await SessionModel.updateOne({ _id: sid }, { $set: { data: JSON.stringify(data), userId: second.id } });
      const secondEpoch = (await User.findById(second.id).lean())!.sessionEpoch ?? 0;
      expect(secondEpoch).to.equal(0);
      expect((await client.get('/api/v1/auth/me').expect(200)).body.user.id).to.equal(second.id);
    });
  });
});
