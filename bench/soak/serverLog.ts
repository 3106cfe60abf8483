/** The servers' warnings and errors during the soak, counted by message (pino JSON lines). */

interface LogLine {
  level?: number;
  msg?: string;
  err?: { type?: string; message?: string; code?: string | number };
  res?: { statusCode?: number };
  req?: { method?: string; url?: string };
}

/** `level msg (error) [request]` → count, most frequent first. */
export function summarizeServerLog(output: string): [string, number][] {
  const counts = new Map<string, number>();
  for (const raw of output.split('\n')) {
    if (!raw.startsWith('{')) continue;
    let line: LogLine;
    try {
      line = JSON.parse(raw) as LogLine;
    } catch {
      continue;
    }
    if ((line.level ?? 0) < 40) continue;
    const err = line.err ? ` (${line.err.type ?? ''} ${line.err.code ?? ''} ${(line.err.message ?? '').slice(0, 120)})` : '';
    const req = line.req ? ` [${line.req.method} ${line.req.url?.replace(/[0-9a-f]{24}/g, ':id')} → ${line.res?.statusCode ?? '?'}]` : '';
    const key = `${line.level === 40 ? 'warn' : 'error'} ${line.msg ?? ''}${err}${req}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
