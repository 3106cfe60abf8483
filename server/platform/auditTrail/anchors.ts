/**
 * Audit anchors: the trail's head (sequence and hash) written somewhere the store's writers cannot
 * reach — a file on another system, syslog shipped off the host. The keyed chain (keyedChain.ts)
 * stops an edit without the key; it cannot stop the newest events being deleted together with a
 * head rewritten to match, nor a rewrite by someone who holds the key. An anchor can: verification
 * against anchors (`puente audit-verify --anchors FILE`) reports an anchored sequence beyond the
 * trail's end, and an event whose hash is not the one anchored.
 *
 * One anchor is one line of JSON, `{"anchor":"puente-audit-anchor","seq":N,"mac":"<hex>","at":"<ISO>"}`;
 * text before its `{` is ignored, so lines copied from syslog (`grep puente-audit-anchor`) read as they are.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { z } from 'zod';

export const ANCHOR_TAG = 'puente-audit-anchor';

export interface AuditAnchor {
  seq: number;
  /** The hash (MAC) of event `seq`, as the head recorded it. */
  mac: string;
  /** When the anchor was taken. */
  at: string;
}

const anchorSchema = z.strictObject({
  anchor: z.literal(ANCHOR_TAG),
  seq: z.number().int().min(0),
  mac: z.string().regex(/^[0-9a-f]{64}$/, 'not a 64-digit hex hash'),
  at: z.iso.datetime(),
});

/** The anchor's line (without newline). */
export function formatAnchor(a: AuditAnchor): string {
  return JSON.stringify({ anchor: ANCHOR_TAG, seq: a.seq, mac: a.mac, at: a.at });
}

export class AnchorFileError extends Error {
  override name = 'AnchorFileError';
}

/** Every anchor in `text` (blank lines skipped); a line that holds none is an error naming it. */
export function parseAnchors(text: string): AuditAnchor[] {
  const anchors: AuditAnchor[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const start = line.indexOf('{');
    let value: unknown;
    try {
      value = start < 0 ? undefined : JSON.parse(line.slice(start));
    } catch {
      value = undefined;
    }
    const parsed = anchorSchema.safeParse(value);
    if (!parsed.success) throw new AnchorFileError(`line ${i + 1} is not an audit anchor`);
    anchors.push({ seq: parsed.data.seq, mac: parsed.data.mac, at: parsed.data.at });
  });
  return anchors;
}

export interface AnchorCheck {
  /** Why event `seq` (sound in the chain, hash `hash`) contradicts an anchor, or null. */
  event(seq: number, hash: string): string | null;
  /** Why a trail ending at `checked` contradicts an anchor (one beyond its end), or null. */
  end(checked: number): string | null;
  /** Anchors found to agree with the trail so far. */
  readonly matched: number;
}

export function anchorCheck(anchors: readonly AuditAnchor[]): AnchorCheck {
  const bySeq = new Map<number, AuditAnchor[]>();
  let matched = 0;
  for (const a of anchors) {
    if (a.seq === 0)
      matched++; // an empty trail: any trail agrees
    else bySeq.set(a.seq, [...(bySeq.get(a.seq) ?? []), a]);
  }
  return {
    event(seq, hash) {
      const here = bySeq.get(seq);
      if (!here) return null;
      bySeq.delete(seq);
      const other = here.find((a) => a.mac !== hash);
      if (other)
        return `its hash is not the one anchored at ${other.at} (${other.mac.slice(0, 16)}…): the event was rewritten after that anchor`;
      matched += here.length;
      return null;
    },
    end(checked) {
      const beyond = [...bySeq.values()].flat().filter((a) => a.seq > checked);
      if (beyond.length === 0) return null;
      const first = beyond.reduce((x, y) => (y.seq < x.seq ? y : x));
      return `the trail ends at ${checked} but the anchor taken at ${first.at} records event ${first.seq}: the newest events were deleted`;
    },
    get matched() {
      return matched;
    },
  };
}

/** Appends the anchor's line to `file` (O_APPEND: one short write, whole even beside other appenders). */
export async function appendAnchor(file: string, anchor: AuditAnchor): Promise<void> {
  await fs.appendFile(file, `${formatAnchor(anchor)}\n`);
}

/** `HOST`, `HOST:PORT` or `[IPv6]:PORT` (default port 514). */
export function parseSyslogServer(value: string): { host: string; port: number } | null {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(\d{1,5}))?$/.exec(value);
  const port = m?.[2] ? Number(m[2]) : 514;
  if (!m || port < 1 || port > 65535) return null;
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/**
 * Sends the anchor's line to syslog with util-linux's `logger` (tag `puente-audit-anchor`, facility
 * auth, level notice): to the local syslog daemon or journald, or to `server` (UDP first, then
 * TCP). Not a datagram of our own: Node's dgram has no Unix datagram sockets, so /dev/log and
 * journald's socket are out of its reach, and `logger` (Debian's bsdutils, always installed)
 * already frames the message as the local daemon expects.
 */
export function sendAnchorToSyslog(anchor: AuditAnchor, server?: { host: string; port: number }): Promise<void> {
  const args = ['--tag', ANCHOR_TAG, '--priority', 'auth.notice'];
  if (server) args.push('--server', server.host, '--port', String(server.port));
  args.push('--', formatAnchor(anchor));
  return new Promise((resolve, reject) => {
    execFile('logger', args, { timeout: 10_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new Error('the `logger` command (util-linux) is not installed'));
      reject(new Error(`logger failed: ${stderr.trim() || err.message}`));
    });
  });
}
