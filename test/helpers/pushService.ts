/**
 * A push service for tests: an HTTP server on 127.0.0.1 that stands in for a browser vendor's.
 * Each device it creates is a real subscription — a P-256 key pair and a 16-byte auth secret made
 * here with node:crypto — and every message it receives is checked as a real service and browser
 * would: the VAPID `Authorization: vapid t=<JWT>, k=<key>` header (ES256 signature, audience,
 * expiry), then the body decrypted per RFC 8291 / RFC 8188 (aes128gcm), written independently of
 * the web-push library that encrypted it.
 */
import { createECDH, createHmac, createDecipheriv, createPublicKey, hkdfSync, randomBytes, verify, type ECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPush {
  deviceId: string;
  /** The VAPID public key the message was signed with (`k=`). */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  headers: http.IncomingHttpHeaders;
  /** The decrypted plaintext, as the browser's service worker would get it. */
  plaintext: string;
}

export interface TestDevice {
  id: string;
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
}

interface DeviceKeys {
  ecdh: ECDH;
  auth: Buffer;
  status: number;
}

const b64u = (b: Buffer) => b.toString('base64url');

/** RFC 8291 section 3.4 and RFC 8188 section 2: the plaintext of one aes128gcm body. */
export function decryptAes128gcm(body: Buffer, receiver: ECDH, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body.readUInt8(20);
  const senderPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || senderPublic[0] !== 0x04) throw new Error(`keyid must be the sender's uncompressed P-256 key (idlen ${idlen})`);
  const record = body.subarray(21 + idlen);
  if (record.length > rs) throw new Error('a push message is a single record');
  const ecdhSecret = receiver.computeSecret(senderPublic);
  const receiverPublic = receiver.getPublicKey();
  // IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" 0x00 || ua_public || as_public, 32), done by hand.
  const prkKey = createHmac('sha256', authSecret).update(ecdhSecret).digest();
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic, Buffer.from([1])]);
  const ikm = createHmac('sha256', prkKey).update(keyInfo).digest();
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last (only) record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 0x02) throw new Error('missing the last-record padding delimiter 0x02');
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID header (RFC 8292): an ES256 JWT signed by `k`, for this origin, not expired. */
export function verifyVapid(header: string | undefined, origin: string): { vapidKey: string; claims: ReceivedPush['claims'] } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(header ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${header}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  const [h, p, sig] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33, 65)) },
    format: 'jwk',
  });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url')))
    throw new Error('VAPID JWT signature does not verify');
  const header0 = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string };
  if (header0.alg !== 'ES256') throw new Error(`VAPID JWT alg ${header0.alg}`);
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as ReceivedPush['claims'];
  if (claims.aud !== origin) throw new Error(`VAPID audience ${claims.aud}, expected ${origin}`);
  if (!(claims.exp > Date.now() / 1000)) throw new Error('VAPID JWT expired');
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error(`VAPID subject ${claims.sub}`);
  return { vapidKey: k, claims };
}

export class TestPushService {
  readonly received: ReceivedPush[] = [];
  /** Requests that failed a check, so a test can assert there were none. */
  readonly problems: string[] = [];
  private readonly devices = new Map<string, DeviceKeys>();
  private readonly waiters: Array<() => void> = [];
  private server: http.Server | null = null;
  private origin = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A new browser subscription; the service answers its messages with `status` (410: gone). */
  device(status = 201): TestDevice {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const id = b64u(randomBytes(12));
    this.devices.set(id, { ecdh, auth, status });
    return { id, subscription: { endpoint: `${this.origin}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } } };
  }

  messagesFor(deviceId: string): ReceivedPush[] {
    return this.received.filter((r) => r.deviceId === deviceId);
  }

  /** Waits (bounded) until `deviceId` has received `count` messages. */
  async waitFor(deviceId: string, count = 1, timeoutMs = 10_000): Promise<ReceivedPush[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messagesFor(deviceId).length < count) {
      if (this.problems.length) throw new Error(this.problems.join('; '));
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`device ${deviceId} got ${this.messagesFor(deviceId).length} of ${count} push messages`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.messagesFor(deviceId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const deviceId = /^\/push\/([\w-]+)$/.exec(req.url ?? '')?.[1] ?? '';
    const device = this.devices.get(deviceId);
    try {
      if (!device) throw new Error(`unknown push endpoint ${req.url}`);
      if (req.method !== 'POST') throw new Error(`method ${req.method}`);
      if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${req.headers['content-encoding']}`);
      if (!req.headers.ttl) throw new Error('no TTL header');
      const { vapidKey, claims } = verifyVapid(req.headers.authorization, this.origin);
      const plaintext = decryptAes128gcm(Buffer.concat(chunks), device.ecdh, device.auth);
      this.received.push({ deviceId, vapidKey, claims, headers: req.headers, plaintext });
      res.writeHead(device.status).end();
    } catch (err) {
      this.problems.push((err as Error).message);
      res.writeHead(400).end();
    }
    for (const w of this.waiters.splice(0)) w();
  }
}
