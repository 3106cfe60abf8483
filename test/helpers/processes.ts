/** Process inspection for lifecycle tests (Linux /proc). */
import fs from 'node:fs/promises';

/** PIDs whose command line contains `needle`. */
export async function pidsMatching(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await fs.readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ');
      if (cmdline.includes(needle) && Number(entry) !== process.pid) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Polls until `check` holds or `timeoutMs` passes; returns the last result. */
export async function eventually<T>(check: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await check();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await check();
  }
  return value;
}

/** TCP ports on which any of `pids` listens (its socket descriptors matched against /proc/net/tcp{,6}). */
export async function tcpListenPorts(pids: number[]): Promise<number[]> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = await fs.readdir(`/proc/${pid}/fd`);
    } catch {
      continue; // the process ended while we looked
    }
    for (const fd of fds) {
      const target = await fs.readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const lines = (await fs.readFile(table, 'utf8').catch(() => '')).split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      const LISTEN = '0A';
      if (cols[3] === LISTEN && cols[9] && inodes.has(cols[9])) ports.push(parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}
