/**
 * `puente audit-verify [--anchors FILE]`: checks the audit chain (and the trail against the
 * anchors in FILE); prints the first broken link and exits 1 when it is broken, 2 when it cannot
 * check (the store cannot be opened, the anchor file cannot be read, no audit key is configured
 * here for a keyed trail). With `--case-file F` (a case file's JSON form) or `--seq N --sha256 H`
 * (what a printed case file shows), it also checks that audit event N records the export of that
 * content (issue 29): exit 1 when it does not.
 *
 * `puente audit-anchor [--append FILE] [--syslog] [--syslog-server HOST[:PORT]]`: prints the
 * trail's head (sequence and MAC) as one line of JSON, and appends it to FILE and/or sends it to
 * syslog; exit 1 when it could not be written where asked, 2 when the store cannot be opened.
 *
 * Both open the store as the server does (MONGODB_URI, else the embedded FerretDB on DATA_DIR)
 * and only read: unlike the other commands they do not create indexes, nor an audit key. The
 * embedded store may be opened while the server runs on the same DATA_DIR: a second FerretDB on
 * the same SQLite files starts and sees the same data (SQLite arbitrates the file locks).
 */
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfigOrExit } from '../platform/config/env.js';
import { createLogger } from '../platform/config/logger.js';
import { connectMongoose, disconnectMongoose, openStore, type RunningStore } from '../platform/store/index.js';
import { takeAuditAnchor, verifyAuditChain } from '../platform/auditTrail/auditTrail.js';
import { resolveAuditKeyring, type AuditKeyring } from '../platform/auditTrail/auditKeys.js';
import { checkCaseFileExport, readCaseFile } from '../audit/index.js';
import {
  AnchorFileError,
  appendAnchor,
  formatAnchor,
  parseAnchors,
  parseSyslogServer,
  sendAnchorToSyslog,
  type AuditAnchor,
} from '../platform/auditTrail/anchors.js';
import type { Instance } from '../platform/instance.js';
import { createInstance } from '../instance.js';

/** Exit codes: the trail is broken / the command could not do its work. */
const BROKEN = 1;
const CANNOT = 2;

/**
 * Opens the store read-only for `name`, runs `fn` with the audit keys, and closes it; a store that
 * cannot be opened is reported with what to check, and any failure of `fn`, exit 2.
 */
async function withReadStore(name: string, fn: (keys: AuditKeyring, instance: Instance) => Promise<void>): Promise<void> {
  const config = loadConfigOrExit();
  const instance = createInstance(config);
  // Logs go to stderr at warn level so stdout carries only the verdict.
  const logger = createLogger(config.logLevel === 'info' || config.logLevel === 'debug' ? 'warn' : config.logLevel, process.stderr);
  let store: RunningStore | null = null;
  try {
    store = await openStore(config, logger);
    await connectMongoose(instance.store, store.uri, config.mongoDb);
  } catch (err) {
    const where = config.mongoUri ? 'the store at MONGODB_URI' : `the embedded store under ${config.dataDir}`;
    process.stderr.write(
      `${name}: cannot open ${where}: ${(err as Error).message}\n` +
        (config.mongoUri
          ? 'Check that the store is running and MONGODB_URI / MONGODB_DB are right.\n'
          : 'If the server is running, point this command at its store instead: set MONGODB_URI to the\n' +
            'URI in the server log line "embedded document store started" (and MONGODB_DB if not the default).\n'),
    );
    process.exitCode = CANNOT;
    await disconnectMongoose(instance.store).catch(() => undefined);
    await store?.stop().catch(() => undefined);
    return;
  }
  try {
    let keys: AuditKeyring;
    try {
      keys = await resolveAuditKeyring(config, logger, { generate: false });
    } catch (err) {
      throw new Error(`cannot read the audit key: ${(err as Error).message}`);
    }
    await fn(keys, instance);
  } catch (err) {
    process.stderr.write(`${name}: ${(err as Error).message}\n`);
    process.exitCode = CANNOT;
  } finally {
    await disconnectMongoose(instance.store).catch(() => undefined);
    await store.stop().catch(() => undefined);
  }
}

/** The anchors in `file`, or null after saying why they cannot be read (exit 2). */
async function readAnchors(file: string): Promise<AuditAnchor[] | null> {
  try {
    return parseAnchors(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const why = err instanceof AnchorFileError ? err.message : `cannot read it: ${(err as Error).message}`;
    process.stderr.write(`audit-verify: anchor file ${file}: ${why}\n`);
    process.exitCode = CANNOT;
    return null;
  }
}

interface VerifyOptions {
  anchors?: string;
  caseFile?: string;
  seq?: string;
  sha256?: string;
}

/** The case-file claim to check, from the options (null: none asked); exits 2 on a malformed request. */
async function caseFileClaim(opts: VerifyOptions): Promise<{ seq: number; sha256: string; alertId: string | null; label: string } | null> {
  const usage = (why: string) => {
    process.stderr.write(`audit-verify: ${why}\n`);
    process.exitCode = CANNOT;
    return null;
  };
  if (opts.caseFile) {
    if (opts.seq || opts.sha256) return usage('--case-file goes alone (the file states its event and hash) / --case-file va solo');
    let text: string;
    try {
      text = await fs.readFile(opts.caseFile, 'utf8');
    } catch (err) {
      return usage(`cannot read ${opts.caseFile}: ${(err as Error).message}`);
    }
    const read = readCaseFile(text);
    if (!read.ok) {
      process.stdout.write(`CASE FILE REJECTED / EXPEDIENTE RECHAZADO: ${read.reason}\n`);
      process.exitCode = BROKEN;
      return null;
    }
    return { ...read.value, label: read.value.reference ?? opts.caseFile };
  }
  if (!opts.seq && !opts.sha256) return null;
  const seq = Number(opts.seq);
  if (!Number.isSafeInteger(seq) || seq < 1 || !/^[0-9a-fA-F]{64}$/.test(opts.sha256 ?? ''))
    return usage('--seq N and --sha256 H (64 hex digits) go together / --seq y --sha256 van juntos');
  return { seq, sha256: opts.sha256!.toLowerCase(), alertId: null, label: `event ${seq}` };
}

async function verify(opts: VerifyOptions): Promise<void> {
  const claim = await caseFileClaim(opts);
  if (process.exitCode) return;
  const anchors = opts.anchors ? await readAnchors(opts.anchors) : undefined;
  if (anchors === null) return;
  await withReadStore('audit-verify', async (keyring, instance) => {
    const started = Date.now();
    const result = await verifyAuditChain(instance, {
      keyring,
      ...(anchors ? { anchors } : {}),
      onProgress: (n) => process.stderr.write(`… ${n} events checked / eventos verificados\n`),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.ok) {
      const anchored = result.anchors === undefined ? '' : `, ${result.anchors} of ${anchors!.length} anchors matched`;
      process.stdout.write(`ok: ${result.checked} events checked${anchored} (${seconds} s)\n`);
      if (result.unkeyed)
        process.stdout.write(`note: the first ${result.unkeyed} events predate the audit key (plain SHA-256): only anchors protect them\n`);
      if (claim) {
        const found = await checkCaseFileExport(instance, claim);
        if (found.ok)
          process.stdout.write(
            `ok: case file ${claim.label} matches audit event ${claim.seq} (exported ${found.value.at}, SHA-256 ${claim.sha256}) / ` +
              `el expediente coincide con el evento de auditoría N.º ${claim.seq}\n`,
          );
        else {
          process.stdout.write(`CASE FILE NOT CONFIRMED / EXPEDIENTE NO CONFIRMADO: ${found.reason}\n`);
          process.exitCode = BROKEN;
        }
      }
    } else if (result.unknownKeyId && keyring.byId.size === 0) {
      process.stderr.write(
        `audit-verify: the trail is keyed (event ${result.brokenAt} names key ${result.unknownKeyId}) and no audit key is configured here:\n` +
          'set AUDIT_KEY (and AUDIT_KEY_PREVIOUS) as the server has them, or run where DATA_DIR holds its audit.key.\n',
      );
      process.exitCode = CANNOT;
    } else {
      process.stdout.write(`BROKEN at seq ${result.brokenAt}: ${result.reason} (${result.checked} events verified before it)\n`);
      process.exitCode = BROKEN;
    }
  });
}

async function anchor(opts: { append?: string; file?: string; syslog?: boolean; syslogServer?: string }): Promise<void> {
  const server = opts.syslogServer === undefined ? undefined : parseSyslogServer(opts.syslogServer);
  if (server === null) {
    process.stderr.write(`audit-anchor: --syslog-server must be HOST, HOST:PORT or [IPv6]:PORT, not ${opts.syslogServer}\n`);
    process.exitCode = CANNOT;
    return;
  }
  const files = [opts.append, opts.file].filter((f): f is string => Boolean(f));
  await withReadStore('audit-anchor', async (_keys, instance) => {
    const head = await takeAuditAnchor(instance);
    process.stdout.write(`${formatAnchor(head)}\n`);
    const failures: string[] = [];
    for (const file of new Set(files)) {
      await appendAnchor(file, head).catch((err: unknown) => failures.push(`cannot append to ${file}: ${(err as Error).message}`));
    }
    if (opts.syslog || server) {
      await sendAnchorToSyslog(head, server).catch((err: unknown) => failures.push(`cannot send to syslog: ${(err as Error).message}`));
    }
    for (const f of failures) process.stderr.write(`audit-anchor: ${f}\n`);
    if (failures.length > 0) process.exitCode = BROKEN;
  });
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit-verify')
    .description('verify the tamper-evident audit trail; prints the first broken link (exit 1) if any')
    .option(
      '--anchors <file>',
      'also check the trail against the anchors in this file (puente audit-anchor): deleted or rewritten newest events',
    )
    .option('--case-file <file>', "also check a case file's JSON form against the audit event of its export")
    .option('--seq <n>', 'with --sha256: also check that audit event N records a case-file export of that content hash')
    .option('--sha256 <hex>', 'the content hash a printed case file shows (with --seq)')
    .action((opts: VerifyOptions) => verify(opts));
  program
    .command('audit-anchor')
    .description("print the audit trail's head (sequence and MAC) as one line of JSON; keep it off this host to detect later rewrites")
    .option('--append <file>', 'also append the line to this file')
    .option('--file <file>', 'the same as --append')
    .option('--syslog', 'also send the line to the local syslog (util-linux logger; tag puente-audit-anchor, auth.notice)')
    .option('--syslog-server <host[:port]>', 'also send the line to this syslog server (UDP, else TCP; port 514 by default)')
    .action((opts: { append?: string; file?: string; syslog?: boolean; syslogServer?: string }) => anchor(opts));
}
