/**
 * Which push endpoints the server will POST to. The URL comes from a signed-in user's browser, so
 * it is held to what real push services look like — https, a host name — and never a loopback or
 * private address the server could be made to reach (tests run their own service on
 * http://127.0.0.1 and turn the check off through config).
 */
import net from 'node:net';

const PRIVATE_V4 = [
  /^10\./,
  /^127\./,
  /^169\.254\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];

function isInternalHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost') || bare.endsWith('.local') || bare.endsWith('.internal')) return true;
  if (net.isIPv4(bare)) return PRIVATE_V4.some((r) => r.test(bare));
  // Any IPv6 literal: push services are reached by name, never by an address.
  return net.isIPv6(bare);
}

/** True when the server may send to this endpoint. */
export function acceptsPushEndpoint(endpoint: string, allowInsecure: boolean): boolean {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (allowInsecure) return url.protocol === 'https:' || url.protocol === 'http:';
  return url.protocol === 'https:' && !isInternalHost(url.hostname);
}
