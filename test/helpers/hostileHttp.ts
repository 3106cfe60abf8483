/**
 * Sends hostile requests over plain HTTP (node:http: any header, any bytes, bad encodings kept)
 * through one keep-alive agent, each with its own deadline: a request the server does not answer
 * in time is reported by its route, never left to hang the suite.
 */
import http from 'node:http';

export interface Sent {
  /** The status, or null when there was no answer. */
  status: number | null;
  /** Why there was no answer (`timeout`, a socket error), or the client could not send it. */
  failure?: string;
  /** The request was refused by the client library itself (a header Node will not write): not a case. */
  unsendable?: boolean;
  /** The start of the answer, kept for 5xx reports. */
  snippet?: string;
  ms: number;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export class HostileSender {
  private readonly agent: http.Agent;

  constructor(
    private readonly base: string,
    concurrency: number,
    private readonly timeoutMs: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  }

  send(req: RawRequest): Promise<Sent> {
    const started = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (r: Omit<Sent, 'ms'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...r, ms: Date.now() - started });
      };
      let out: http.ClientRequest;
      try {
        const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body);
        out = http.request(this.base + req.url, {
          method: req.method,
          agent: this.agent,
          headers: { ...req.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) },
        });
        out.setTimeout(this.timeoutMs, () => {
          done({ status: null, failure: `timeout after ${this.timeoutMs} ms` });
          out.destroy();
        });
        out.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < 2048) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => done({ status: res.statusCode ?? 0, snippet: Buffer.concat(chunks).toString('utf8', 0, 500) }));
          res.on('error', (err) => done({ status: res.statusCode ?? null, failure: err.message }));
        });
        out.on('error', (err: NodeJS.ErrnoException) => done({ status: null, failure: err.code ?? err.message }));
        out.end(body);
      } catch (err) {
        done({ status: null, unsendable: true, failure: (err as Error).message });
      }
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
