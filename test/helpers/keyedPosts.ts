/**
 * Alerts posted as a phone's outbox posts them: each with its own `Idempotency-Key`, and any answer
 * but a 2xx (an error status, a dropped connection, no answer in time) retried with the same key and
 * body. For the fault suites, which break the server, the store or Redis while these run.
 */
import { randomUUID } from 'node:crypto';
import type { ApiClient } from './apiClient.js';

export interface KeyedPost {
  key: string;
  title: string;
  body: Record<string, unknown>;
  poster: ApiClient;
}

export interface Answer {
  /** HTTP status, or 0 when no answer came (connection refused or dropped, timeout). */
  status: number;
  ms: number;
  code?: string;
  retryAfter?: string;
  id?: string;
  /** A 2xx answered from an earlier attempt's alert (`Idempotent-Replayed: true`). */
  replayed?: boolean;
  /** When no answer came: why. */
  failure?: string;
}

export interface Outcome {
  post: KeyedPost;
  answers: Answer[];
  /** The alert the 2xx answer named; null when none came before the deadline. */
  id: string | null;
}

export function keyedPost(poster: ApiClient, title: string, body: Record<string, unknown>): KeyedPost {
  return { key: randomUUID(), title, body, poster };
}

/** One attempt; never throws. */
export async function sendOnce(post: KeyedPost, timeoutMs: number): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await post.poster.post('/api/v1/alerts', post.body).set('Idempotency-Key', post.key).timeout(timeoutMs);
    const body = res.body as { id?: string; error?: { code?: string } };
    return {
      status: res.status,
      ms: Date.now() - started,
      ...(body.error?.code ? { code: body.error.code } : {}),
      ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}),
      ...(res.status < 300 && body.id ? { id: body.id } : {}),
      ...(res.headers['idempotent-replayed'] === 'true' ? { replayed: true } : {}),
    };
  } catch (err) {
    return { status: 0, ms: Date.now() - started, failure: (err as Error).message };
  }
}

export interface RetryOptions {
  /** Give up (outcome id null) this long after the first attempt. */
  withinMs: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Between attempts. */
  pauseMs?: number;
}

/** Sends `post` until a 2xx names its alert, or the deadline passes. */
export async function sendUntilStored(post: KeyedPost, opts: RetryOptions): Promise<Outcome> {
  const answers: Answer[] = [];
  const deadline = Date.now() + opts.withinMs;
  while (Date.now() < deadline) {
    const answer = await sendOnce(post, opts.timeoutMs);
    answers.push(answer);
    if (answer.status >= 200 && answer.status < 300 && answer.id) return { post, answers, id: answer.id };
    await new Promise((r) => setTimeout(r, opts.pauseMs ?? 200));
  }
  return { post, answers, id: null };
}

/** Runs `work` over `items`, `concurrency` at a time, in order of the items. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Answers in a line, repeats collapsed: `socket hang up → ECONNREFUSED ×12 → 201`. */
export function describeAnswers(answers: Answer[]): string {
  const words = answers.map((a) => (a.status ? `${a.status}${a.code ? ` ${a.code}` : ''}` : (a.failure ?? 'no answer')));
  const runs: { word: string; n: number }[] = [];
  for (const word of words) {
    const last = runs.at(-1);
    if (last?.word === word) last.n++;
    else runs.push({ word, n: 1 });
  }
  return runs.map((r) => (r.n > 1 ? `${r.word} ×${r.n}` : r.word)).join(' → ');
}

/** Outcomes that never ended in an alert, described for an assertion message. */
export function unfinished(outcomes: Outcome[]): string[] {
  return outcomes.filter((o) => !o.id).map((o) => `${o.post.title}: ${describeAnswers(o.answers)}`);
}
