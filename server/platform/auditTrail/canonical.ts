/**
 * Canonical JSON (keys sorted at every depth, no whitespace) and the audit hash over it:
 * HMAC-SHA-256 under the audit key, or plain SHA-256 for events written before the trail was
 * keyed. Also the escaping that makes every stored value safe to print in a log line and to
 * round-trip through the store unchanged (so its hash still matches when read back).
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditEventFields } from './AuditEvent.js';

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
export interface HashedAuditFields extends AuditEventFields {
  seq: number;
  at: string;
}

/** The covered fields, and nothing else (a DTO carrying its own hash hashes the same). */
function covered(fields: HashedAuditFields): Record<string, unknown> {
  return {
    seq: fields.seq,
    at: fields.at,
    actorId: fields.actorId,
    actorAgencyId: fields.actorAgencyId,
    action: fields.action,
    targetType: fields.targetType,
    targetId: fields.targetId,
    outcome: fields.outcome,
    ip: fields.ip,
    requestId: fields.requestId,
    details: fields.details,
    prevHash: fields.prevHash,
  };
}

/** sha256(canonical({seq, at, actorId, …, details, prevHash})) as lowercase hex: events written before the trail was keyed. */
export function auditHash(fields: HashedAuditFields): string {
  return sha256Hex(canonicalJson(covered(fields)));
}

/**
 * HMAC-SHA-256 under `key` of canonical({…the covered fields, keyId}) as lowercase hex: a keyed
 * event's hash. The key id is covered, so an event cannot be moved to another key (or to none)
 * without the MAC changing. One HMAC costs two SHA-256 compressions more than the plain hash.
 */
export function auditMac(fields: HashedAuditFields, key: Buffer, keyId: string, personalCommit?: string): string {
  // Format 2 (an event with a personal part) adds its version and the commitment to that part;
  // an event without one hashes exactly as before, so older trails verify unchanged.
  const extra = personalCommit === undefined ? {} : { fmt: PERSONAL_FORMAT, personal: personalCommit };
  return createHmac('sha256', key)
    .update(canonicalJson({ ...covered(fields), keyId, ...extra }), 'utf8')
    .digest('hex');
}

/**
 * The event format whose personal details (names, identifiers, free text about a person) are kept
 * apart from `details` and covered by the chain only through a salted commitment
 * (docs/data-subject-requests.md "Audit trail"): erasing them and their salt for a data-subject
 * request leaves every MAC, and so the chain, verifiable.
 */
export const PERSONAL_FORMAT = 2;

/** HMAC-SHA-256, keyed by the event's own random salt (hex), of the personal details' canonical JSON. */
export function personalCommitment(saltHex: string, personal: Record<string, unknown>): string {
  return createHmac('sha256', Buffer.from(saltHex, 'hex')).update(canonicalJson(personal), 'utf8').digest('hex');
}

export const MAX_STRING = 1000;
const MAX_DEPTH = 6;
const MAX_KEYS = 50;
/** Upper bound on the values (strings, numbers, objects…) kept in one event's details. */
const MAX_NODES = 500;

/** Lone UTF-16 surrogates become U+FFFD: BSON stores UTF-8, which cannot carry them, so the
 * value read back would differ from the one hashed. */
function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Escapes control characters (CR, LF, NUL, ESC, …, and the Unicode line separators) visibly so
 * a value can never forge a log line, and caps the length at MAX_STRING (plus "…").
 */
export function escapeLogText(s: string, max = MAX_STRING): string {
  // eslint-disable-next-line no-control-regex
  const escaped = wellFormed(s).replace(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped.length <= max) return escaped;
  // Cutting may split a surrogate pair: drop a dangling high surrogate.
  return `${escaped.slice(0, max).replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/**
 * A long text (e.g. a hidden note) as consecutive parts that each stay whole in the details:
 * every part's escaped form fits MAX_STRING, and parts split between characters, never inside one.
 */
export function auditTextParts(s: string): string[] {
  const parts: string[] = [];
  let part = '';
  for (const ch of wellFormed(s)) {
    if (escapeLogText(part + ch).length > MAX_STRING) {
      parts.push(part);
      part = '';
    }
    part += ch;
  }
  if (part || parts.length === 0) parts.push(part);
  return parts;
}

/** A top-level string field (action, ids, ip…) as stored: escaped and capped; null stays null. */
export function auditText(s: string | null | undefined): string | null {
  return s === null || s === undefined ? null : escapeLogText(String(s));
}

/**
 * Details as stored: plain JSON whose strings are escaped and capped, with bounded depth, keys
 * per object, items per array and values overall. Store-hostile shapes are rewritten rather
 * than refused (an audit record must never make the audited operation fail): keys starting
 * with `$` or containing `.`, nested arrays (unsupported by FerretDB: the inner array becomes
 * its JSON text), NaN/Infinity (null), and values with toJSON (ObjectId, Date…) become their
 * JSON form.
 */
export function sanitizeDetails(value: unknown): Record<string, unknown> {
  const budget = { nodes: MAX_NODES };
  const out = sanitizeValue(value ?? {}, 0, false, budget);
  return out !== null && typeof out === 'object' && !Array.isArray(out) ? (out as Record<string, unknown>) : { value: out };
}

function sanitizeValue(value: unknown, depth: number, inArray: boolean, budget: { nodes: number }): unknown {
  if (budget.nodes-- <= 0) return '[truncated]';
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return escapeLogText(value);
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return null;
    default:
      break;
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === 'function' && !Array.isArray(value)) {
    return sanitizeValue((withJson.toJSON as () => unknown).call(value), depth, inArray, budget);
  }
  if (depth >= MAX_DEPTH) return '[depth]';
  if (Array.isArray(value)) {
    if (inArray) return escapeLogText(safeJson(value));
    return value.slice(0, MAX_KEYS).map((v) => sanitizeValue(v, depth + 1, true, budget));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, MAX_KEYS)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    // Keys the store refuses ($-prefixed, dotted, empty) are rewritten rather than dropped.
    const key = escapeLogText(k, 100).replace(/^\$/, '＄').replace(/\./g, '·') || '(empty)';
    out[key] = sanitizeValue(v, depth + 1, false, budget);
  }
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? 'null';
  } catch {
    return '[unserialisable]';
  }
}
