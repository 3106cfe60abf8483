/** Defects the hostile-input suite (hostileInput.test.ts) found, each pinned by the request that showed it. */
import { expect } from 'chai';
import request from 'supertest';
import type { Ack, AlertsSinceData } from '../../shared/events.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';

type Emit = (event: string, ...args: unknown[]) => void;

/** Emits raw arguments (the typed client would not let a test send these) and waits for the ack. */
function emitRaw(socket: TestSocket, ...args: unknown[]): Promise<Ack<AlertsSinceData>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack within 3 s')), 3000);
    (socket.emit as unknown as Emit)('alerts:since', ...args, (res: Ack<AlertsSinceData>) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

describe('hostile input regressions', function () {
  this.timeout(60_000);
  const server = suiteServer();

  it('alerts:since with an extra argument or none is refused, and the event stays usable', async () => {
    const agency = await buildAgency();
    const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
    try {
      // Before the fix neither was answered, and the socket's alerts:since slot stayed taken: every later call got `busy`.
      const extra = await emitRaw(socket, '\u0007', 1e308);
      expect(extra).to.have.nested.property('error.code', 'validation_failed');
      const none = await emitRaw(socket);
      expect(none).to.have.nested.property('error.code', 'validation_failed');
      const next = await emitRaw(socket, { cursor: null });
      expect(next).to.have.property('data');
    } finally {
      socket.close();
    }
  });

  for (const [name, value] of [
    ['If-Match', '"not-this-one"'],
    ['If-Unmodified-Since', 'Mon, 01 Jan 1990 00:00:00 GMT'],
    ['Range', 'bytes=99999999-'],
  ] as const) {
    it(`a client page with ${name} it cannot satisfy answers 4xx, not 500`, async () => {
      for (const path of ['/', '/index.html', '/sw.js', '/alerts/x']) {
        const res = await request(server.url).get(path).set(name, value);
        expect(res.status, path).to.be.within(400, 499);
      }
    });
  }

  it('an id in a path that does not decode (%zz, a cut UTF-8 sequence) answers 400, not 500', async () => {
    const agency = await buildAgency();
    const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    for (const bad of ['%zz', '%E0%A4%A']) {
      // Before the fix the router's URIError (status 400) reached the error handler as an unknown error: 500.
      for (const [label, res] of [
        ['GET alert', await officer.get(`/api/v1/alerts/${bad}`)],
        ['GET contact', await officer.get(`/api/v1/contacts/${bad}`)],
        ['POST status', await officer.post(`/api/v1/alerts/${bad}/status`, { status: 'resolved', reason: 'x' })],
      ] as const) {
        expect(res.status, `${label} ${bad}: ${JSON.stringify(res.body)}`).to.equal(400);
        expect(res.body).to.have.nested.property('error.code', 'validation_failed');
      }
    }
  });

  for (const encoding of ['gzip', 'deflate', 'br']) {
    it(`a JSON body sent as ${encoding} but not in it answers 400, not 500`, async () => {
      const agency = await buildAgency();
      const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
      // Before the fix the parser's 400 (the body could not be inflated) carried no type it knew: 500.
      const res = await officer.agent
        .post('/api/v1/watches')
        .set('X-CSRF-Token', officer.csrfToken!)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send('{"kind":"name","value":"Benítez"}');
      expect(res.status, JSON.stringify(res.body)).to.equal(400);
      expect(res.body).to.have.nested.property('error.code', 'invalid_json');
    });
  }
});
