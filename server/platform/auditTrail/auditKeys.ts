/**
 * The keys of the audit trail's MAC (HMAC-SHA-256), kept outside the store so that write access
 * to the store is not enough to rewrite the trail (docs/operations.md "Audit trail: key and
 * anchors"). Each keyed event names its key by id, a short fingerprint that reveals nothing of the
 * key; the verifier looks the key up by that id among AUDIT_KEY and AUDIT_KEY_PREVIOUS.
 *
 * Production requires AUDIT_KEY (config refuses to start without it). Elsewhere, when it is not
 * set, a key is generated on first start and kept in DATA_DIR/audit.key (0600), so a developer's
 * trail is keyed too and stays verifiable across restarts.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../config/logger.js';

export interface AuditKey {
  id: string;
  key: Buffer;
}

export interface AuditKeyring {
  /** The key new events are keyed with; null only for a verifier that has none. */
  current: AuditKey | null;
  /** Every key known by id, the current one included. */
  byId: ReadonlyMap<string, AuditKey>;
}

/** The key file generated outside production, in DATA_DIR. */
export const AUDIT_KEY_FILE = 'audit.key';

/** A key's id: 16 hex digits of a domain-separated SHA-256 of it (one-way: the id tells nothing of the key). */
export function auditKeyId(key: Buffer): string {
  return createHash('sha256').update('puente audit key id\0').update(key).digest('hex').slice(0, 16);
}

/** The keyring for `current` and the keys used before it. */
export function auditKeyring(current: Buffer | null, previous: readonly Buffer[] = []): AuditKeyring {
  const byId = new Map<string, AuditKey>();
  for (const key of previous) byId.set(auditKeyId(key), { id: auditKeyId(key), key });
  const now = current ? { id: auditKeyId(current), key: current } : null;
  if (now) byId.set(now.id, now);
  return { current: now, byId };
}

export interface AuditKeySettings {
  isProduction: boolean;
  dataDir: string;
  audit: { key: Buffer | null; previousKeys: Buffer[] };
}

/**
 * The keyring this process uses: AUDIT_KEY, else (outside production) the key in DATA_DIR/audit.key,
 * generated there when absent if `generate` (a start or a command that writes the trail; a
 * command that only reads makes no key: one it made could verify nothing). Says on the log which
 * key is in use (its id, never the key) and where it came from.
 */
export async function resolveAuditKeyring(config: AuditKeySettings, logger: Logger, opts: { generate: boolean }): Promise<AuditKeyring> {
  if (config.audit.key) return auditKeyring(config.audit.key, config.audit.previousKeys);
  if (config.isProduction) throw new Error('AUDIT_KEY must be set in production (openssl rand -base64 32)');
  const file = path.join(config.dataDir, AUDIT_KEY_FILE);
  let key = await readKeyFile(file, logger);
  if (key) {
    logger.info(
      { keyFile: file, auditKeyId: auditKeyId(key) },
      'AUDIT_KEY is not set: using the audit key kept in DATA_DIR (development only)',
    );
  } else if (opts.generate) {
    key = await createKeyFile(file);
    logger.warn(
      { keyFile: file, auditKeyId: auditKeyId(key) },
      'AUDIT_KEY is not set: generated an audit key into DATA_DIR (mode 0600, development only; production requires AUDIT_KEY)',
    );
  }
  return auditKeyring(key, config.audit.previousKeys);
}

async function readKeyFile(file: string, logger: Logger): Promise<Buffer | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length < 32) throw new Error(`${file} does not hold an audit key (at least 32 bytes, base64)`);
  const { mode } = await fs.stat(file);
  if (mode & 0o077) {
    // Left readable by others (copied by hand, an old umask): only Puente's user may read it.
    await fs.chmod(file, 0o600);
    logger.warn({ keyFile: file }, 'the audit key file was readable by other users: made it 0600');
  }
  return key;
}

/** Writes a new key with O_EXCL, so two processes starting at once keep one key (the loser reads the winner's). */
async function createKeyFile(file: string): Promise<Buffer> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    await fs.writeFile(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Another process wrote it between our read and our write: its key wins. (A writer that has
  // created the file but not yet written it leaves it empty for a moment: wait for the bytes.)
  for (let i = 0; i < 50; i++) {
    const text = await fs.readFile(file, 'utf8');
    if (text.endsWith('\n')) return Buffer.from(text.trim(), 'base64');
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${file} stays incomplete`);
}
