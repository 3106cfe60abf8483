import { expect } from 'chai';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';

describe('Socket.IO handshake', function () {
  this.timeout(30_000);
  const server = suiteServer();

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => expect.fail('connection should be refused'),
      (err: Error) => err.message,
    );

  it('refuses a connection without a session', async () => {
    expect(await refusal(openSocket(server.url))).to.equal('unauthenticated');
  });

  it('refuses an anonymous session and one half-way through MFA', async () => {
    const agency = await buildAgency();
    const u = await buildUser({ agency, mfa: true });
    const c = new ApiClient(server.url);
    await c.fetchCsrf();
    expect(await refusal(openSocket(server.url, { cookie: c.cookieHeader() }))).to.equal('unauthenticated');
    c.csrfToken = (await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200)).body.csrfToken;
    expect(await refusal(openSocket(server.url, { cookie: c.cookieHeader() }))).to.equal('unauthenticated');
  });

  it('refuses a user who must enrol MFA first', async () => {
    const agency = await buildAgency();
    const u = await buildUser({ agency, mfa: false });
    const c = await signIn(server.url, u);
    expect(await refusal(openSocket(server.url, { cookie: c.cookieHeader() }))).to.equal('unauthenticated');
  });

  it('refuses a browser from a foreign Origin', async () => {
    const agency = await buildAgency();
    const u = await buildUser({ agency, mfa: true });
    const c = await signIn(server.url, u);
    const message = await refusal(openSocket(server.url, { cookie: c.cookieHeader(), origin: 'https://evil.example' }));
    expect(message).to.not.equal('');
  });

  it('accepts a fully signed-in user from the allowed origin; logout elsewhere revokes it', async () => {
    const agency = await buildAgency();
    const u = await buildUser({ agency, mfa: true });
    const c = await signIn(server.url, u);
    const socket = await openSocket(server.url, { cookie: c.cookieHeader(), origin: 'http://localhost:3000' });
    expect(socket.connected).to.equal(true);
    const revoked = nextEvent(socket, 'session:revoked');
    await c.post('/api/v1/auth/logout').expect(204);
    expect(await revoked).to.deep.equal({ reason: 'logout' });
    socket.close();
  });
});
