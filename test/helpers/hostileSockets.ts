/**
 * Hostile Socket.IO events: for each client → server event the server registers, payloads of
 * every shape (valid, wrong types, binary, deep, none, several), with and without an ack, plus
 * events of names the server does not know. Every event sent with an ack must be answered
 * `{data}` or `{error}` (never `internal`) within a deadline.
 */
import fc from 'fast-check';
import { hostileValue } from './hostileCases.js';

export interface SocketCase {
  event: string;
  args: unknown[];
  withAck: boolean;
  /** For the report. */
  shape: string;
}

/** Names Socket.IO's client will not emit (its own events). */
const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

const cursor = fc.oneof(fc.constant(null), fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.constantFrom('0', 'AAAAAAAA', 'z'.repeat(200)));

/** Valid payloads per client → server event; an event the server registers without one here fails the catalogue test. */
export const SOCKET_PAYLOADS: Record<string, fc.Arbitrary<unknown>> = {
  'alerts:since': fc.record({ cursor }),
};

const binary = fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b));

function payloadsFor(valid: fc.Arbitrary<unknown>): fc.Arbitrary<[unknown[], string]> {
  return fc.oneof(
    { weight: 4, arbitrary: valid.map((v) => [[v], 'valid'] as [unknown[], string]) },
    { weight: 2, arbitrary: hostileValue.map((v) => [[v], 'hostile payload'] as [unknown[], string]) },
    fc.tuple(valid, hostileValue).map(([v, x]) => [[{ ...(v as object), extra: x }], 'extra field'] as [unknown[], string]),
    fc.tuple(valid, hostileValue).map(([v, x]) => [[{ ...(v as object), cursor: x }], 'hostile cursor'] as [unknown[], string]),
    binary.map((b) => [[b], 'binary payload'] as [unknown[], string]),
    binary.map((b) => [[{ cursor: b }], 'binary cursor'] as [unknown[], string]),
    fc.constant([[], 'no payload'] as [unknown[], string]),
    fc
      .array(fc.oneof(hostileValue, valid, binary), { minLength: 2, maxLength: 5 })
      .map((a) => [a, `${a.length} payloads`] as [unknown[], string]),
    valid.map((v) => [[[v]], 'array for object'] as [unknown[], string]),
  );
}

/** A case for one of the server's events, or for an event of a name it does not know. */
export function socketCaseArb(events: string[]): fc.Arbitrary<SocketCase> {
  const known = events.map((event) =>
    fc
      .tuple(payloadsFor(SOCKET_PAYLOADS[event] ?? fc.constant({})), fc.boolean(), fc.boolean())
      .map(([[args, shape], ack, ack2]): SocketCase => ({ event, args, withAck: ack || ack2, shape })),
  );
  const unknown = fc
    .tuple(
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 30 }),
        fc.constantFrom(
          'alerts:since ',
          'ALERTS:SINCE',
          'alert:new',
          'session:revoked',
          '__proto__',
          'constructor',
          'toString',
          'ping',
          'message',
        ),
      ),
      payloadsFor(fc.constant({ cursor: null })),
      fc.boolean(),
    )
    .filter(([name]) => !RESERVED.has(name) && !events.includes(name))
    .map(([event, [args, shape], withAck]): SocketCase => ({ event, args, withAck, shape: `unknown event; ${shape}` }));
  return fc.oneof({ weight: 4, arbitrary: fc.oneof(...known) }, { weight: 1, arbitrary: unknown });
}

/** What an ack must look like: `{data}` or `{error: {code, message}}` with a code other than `internal`. */
export function ackProblem(res: unknown): string | null {
  if (!res || typeof res !== 'object') return `ack is ${JSON.stringify(res)}`;
  if ('data' in res) return null;
  const error = (res as { error?: { code?: unknown; message?: unknown } }).error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string') return `ack is ${JSON.stringify(res).slice(0, 200)}`;
  return error.code === 'internal' ? 'ack error internal' : null;
}
