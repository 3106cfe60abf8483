/** Canonical JSON (keys sorted at every depth, no whitespace) and SHA-256 over it: the audit hash. */
import { createHash } from 'node:crypto';

export const ZERO_HASH = '0'.repeat(64);

/** JSON with object keys sorted recursively; arrays keep their order; undefined members are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The fields an audit hash covers, in their stored form. */
export interface HashedAuditFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorAgencyId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export function auditHash(fields: HashedAuditFields): string {
  return sha256Hex(canonicalJson(fields));
}

const MAX_STRING = 1000;
const MAX_DEPTH = 6;
const MAX_KEYS = 50;

/** Escapes control characters (CR, LF, …) visibly so a value can never forge a log line. */
export function escapeLogText(s: string): string {
  // eslint-disable-next-line no-control-regex
  const escaped = s.replace(/[\u0000-\u001F\u007F\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return escaped.length > MAX_STRING ? `${escaped.slice(0, MAX_STRING)}…` : escaped;
}

/** Details as stored: plain JSON, strings escaped and capped, depth and size bounded. */
export function sanitizeDetails(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return escapeLogText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '[depth]';
  if (Array.isArray(value)) return value.slice(0, MAX_KEYS).map((v) => sanitizeDetails(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, MAX_KEYS)) {
      if (v === undefined) continue;
      // Keys the store refuses ($-prefixed or dotted) are rewritten rather than dropped.
      out[escapeLogText(k).replace(/^\$/, '＄').replace(/\./g, '·')] = sanitizeDetails(v, depth + 1);
    }
    return out;
  }
  return String(value);
}
