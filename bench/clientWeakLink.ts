/**
 * The client on a weak link (issue 25): Debian's Chromium loads the built app from a spawned
 * Puente process with DevTools network emulation (400 kbps down, 200 kbps up, 400 ms round trip),
 * cold cache (a new browser context per run), at 360×740 in Spanish, and the run records in the
 * page itself:
 *
 * - **load**: navigation start → the sign-in form is usable (e-mail, password and the button
 *   present, visible and enabled; the app's handlers are attached when Preact renders them);
 * - **sign-in**: as a person signs in — the password form submitted → the code form shown, plus
 *   the code form submitted → the feed showing its alerts with their agencies' names (the harness's
 *   own typing between the two steps is left out).
 *
 * The same runs without emulation, in the same process, are the baseline (ratios). Goals (issue 25):
 * load ≤ 3.0 s and sign-in ≤ 1.5 s on the weak link. Upload is throttled to half the download
 * rate, as mobile uplinks usually are slower than downlinks (requests here are small either way).
 */
import mongoose from 'mongoose';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { buildClient } from '../scripts/build-client.js';
import { alertBody } from '../test/helpers/alertFixtures.js';
import { freshTotp, signIn } from '../test/helpers/apiClient.js';
import { chromiumPath, launchChromium } from '../test/helpers/browser.js';
import { buildAgency, buildUser, type BuiltUser } from '../test/helpers/factories.js';
import { freePort } from '../test/helpers/ports.js';
import { spawnPuente, startBenchStore, type BenchServer } from './lib/environment.js';
import { storeInstance } from '../test/helpers/instance.js';

export const WEAK_LINK = { downKbps: 400, upKbps: 200, rttMs: 400 } as const;
export const WEAK_LINK_GOALS = { loadMs: 3000, signInMs: 1500 } as const;
const RUNS = Number(process.env.BENCH_CLIENT_RUNS ?? 3);
/** A full first page of the feed (the API's page is 20). */
const ALERTS = 25;
const PHONE = { width: 360, height: 740 } as const;

/** Times (ms after navigation start, the page's own clock) recorded by the page as things appear. */
interface Marks {
  signInReady?: number;
  passwordSubmit?: number;
  codeReady?: number;
  codeSubmit?: number;
  feedReady?: number;
}

/** Runs in the page before its scripts (through DevTools, so the page's CSP does not apply to it). */
const RECORD_MARKS = `(() => {
  const marks = (window.__weakLinkMarks = {});
  const usable = (el) => !!el && !el.disabled && el.getClientRects().length > 0;
  const check = () => {
    const now = performance.now();
    if (marks.signInReady === undefined) {
      const email = document.getElementById('signin-email');
      const password = document.getElementById('signin-password');
      const button = email && email.form && email.form.querySelector('button[type=submit]');
      if (usable(email) && usable(password) && usable(button)) marks.signInReady = now;
    }
    if (marks.codeReady === undefined && usable(document.getElementById('mfa-code'))) marks.codeReady = now;
    // The feed with its alerts, their agencies named (an id shows while the names load).
    const list = document.querySelector('.alert-list');
    if (marks.feedReady === undefined && list && list.querySelector('.alert-card') && !/\\b[0-9a-f]{24}\\b/.test(list.textContent)) marks.feedReady = now;
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  document.addEventListener('submit', (e) => {
    const form = e.target;
    if (form.querySelector('#signin-email') && marks.passwordSubmit === undefined) marks.passwordSubmit = performance.now();
    if (form.querySelector('#mfa-code') && marks.codeSubmit === undefined) marks.codeSubmit = performance.now();
  }, true);
})();`;

interface RunResult {
  loadMs: number;
  passwordStepMs: number;
  codeToFeedMs: number;
  signInMs: number;
  /** Requests and bytes on the wire before the form was usable, and from the password's submission on. */
  loadTransfer: Transfer;
  signInTransfer: Transfer;
}

interface Transfer {
  requests: number;
  bytes: number;
  /** Requests that answered without a compressed body although their type compresses. */
  uncompressed: string[];
}

/** Counts what the page transfers, split at a moment the caller chooses. */
function recordTransfers(cdp: CDPSession): { split(): void; phases: Transfer[] } {
  const phases: Transfer[] = [{ requests: 0, bytes: 0, uncompressed: [] }];
  const phaseOf = new Map<string, Transfer>();
  cdp.on('Network.requestWillBeSent', (e: { requestId: string }) => {
    const phase = phases[phases.length - 1]!;
    phaseOf.set(e.requestId, phase);
    phase.requests++;
  });
  cdp.on(
    'Network.responseReceived',
    (e: { requestId: string; response: { url: string; headers: Record<string, string>; mimeType: string } }) => {
      const enc = Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
      const len = Number(Object.entries(e.response.headers).find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? NaN);
      const compressible = /javascript|css|html|json/.test(e.response.mimeType);
      if (compressible && !enc && !(len < 1024)) phaseOf.get(e.requestId)?.uncompressed.push(new URL(e.response.url).pathname);
    },
  );
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const phase = phaseOf.get(e.requestId);
    if (phase) phase.bytes += e.encodedDataLength;
  });
  return { split: () => void phases.push({ requests: 0, bytes: 0, uncompressed: [] }), phases };
}

async function oneRun(browser: Browser, url: string, user: BuiltUser, throttled: boolean): Promise<RunResult> {
  // A new context: empty HTTP cache, no service worker, no cookies — a first visit.
  const context = await browser.newContext({ viewport: PHONE, locale: 'es-AR' });
  try {
    await context.addInitScript(RECORD_MARKS);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (throttled)
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: WEAK_LINK.rttMs,
        downloadThroughput: (WEAK_LINK.downKbps * 1000) / 8,
        uploadThroughput: (WEAK_LINK.upKbps * 1000) / 8,
      });
    const transfers = recordTransfers(cdp);
    const marks = () => page.evaluate(() => (window as unknown as { __weakLinkMarks: Marks }).__weakLinkMarks);
    const waitFor = (key: keyof Marks) =>
      page.waitForFunction(
        (k) => (window as unknown as { __weakLinkMarks?: Marks }).__weakLinkMarks?.[k as keyof Marks] !== undefined,
        key,
        {
          timeout: 60_000,
          polling: 50,
        },
      );

    await page.goto(`${url}/`, { waitUntil: 'commit' });
    await waitFor('signInReady');
    transfers.split();
    await page.fill('#signin-email', user.email);
    await page.fill('#signin-password', user.password);
    const code = await freshTotp(user.totpSecret!);
    await page.click('#signin-email >> xpath=ancestor::form//button[@type="submit"]');
    await waitFor('codeReady');
    await page.fill('#mfa-code', code);
    await page.click('#mfa-code >> xpath=ancestor::form//button[@type="submit"]');
    await waitFor('feedReady');
    const m = await marks();
    if (process.env.BENCH_CLIENT_TRACE === '1') await printTimeline(page, m, throttled);
    const passwordStepMs = m.codeReady! - m.passwordSubmit!;
    const codeToFeedMs = m.feedReady! - m.codeSubmit!;
    const [loadTransfer, signInTransfer] = transfers.phases as [Transfer, Transfer];
    return {
      loadMs: m.signInReady!,
      passwordStepMs,
      codeToFeedMs,
      signInMs: passwordStepMs + codeToFeedMs,
      loadTransfer,
      signInTransfer,
    };
  } finally {
    await context.close();
  }
}

/** BENCH_CLIENT_TRACE=1: each request's start and end (ms after navigation start) beside the marks. */
async function printTimeline(page: Page, marks: Marks, throttled: boolean): Promise<void> {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e as PerformanceResourceTiming)
      .map((e) => [new URL(e.name).pathname + new URL(e.name).search, Math.round(e.startTime), Math.round(e.responseEnd)] as const),
  );
  console.error(`timeline (${throttled ? 'weak link' : 'baseline'}): ${JSON.stringify(marks)}`);
  for (const [name, start, end] of entries) console.error(`  ${String(start).padStart(6)} → ${String(end).padStart(6)}  ${name}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function runClientWeakLink(): Promise<void> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('the weak-link run needs Debian’s Chromium (apt-get install -y chromium)');
  // The spawned server serves client/dist: build it as it would be deployed.
  await buildClient();
  const dbName = `puente_bench_client_${Date.now()}`;
  const bench = await startBenchStore({ dbName, handler: 'sqlite' });
  let server: BenchServer | null = null;
  let browser: Browser | null = null;
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    const port = await freePort();
    server = await spawnPuente({
      MONGODB_URI: bench.store.uri,
      MONGODB_DB: dbName,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      JOBS_ENABLED: 'false',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
      CSRF_RATE_LIMIT_PER_15_MIN: '100000',
    });
    const url = server.url;
    const agency = await buildAgency({ country: 'AR' });
    const poster = await buildUser({ agency, mfa: true });
    const api = await signIn(url, poster);
    for (let i = 0; i < ALERTS; i++) {
      const res = await api.post('/api/v1/alerts', alertBody({ title: `Alerta de prueba ${i + 1} en el paso fronterizo` }));
      if (res.status !== 201) throw new Error(`posting an alert: ${res.status} ${JSON.stringify(res.body)}`);
    }
    browser = await launchChromium(executablePath);
    const results: Record<'baseline' | 'weak', RunResult[]> = { baseline: [], weak: [] };
    // Alternated, so both see the same machine.
    for (let i = 0; i < RUNS; i++)
      for (const kind of ['baseline', 'weak'] as const) {
        const user = await buildUser({ agency, mfa: true });
        results[kind].push(await oneRun(browser, url, user, kind === 'weak'));
        console.error(`client weak link: ${kind} run ${i + 1}/${RUNS}`);
      }
    printWeakLink(results.baseline, results.weak);
  } finally {
    await browser?.close();
    await server?.stop();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}

function printWeakLink(baseline: RunResult[], weak: RunResult[]): void {
  const link = `${WEAK_LINK.downKbps} kbps down, ${WEAK_LINK.upKbps} kbps up, ${WEAK_LINK.rttMs} ms round trip`;
  console.log(`\nclient on a weak link (Chromium, DevTools network emulation: ${link}; cold cache; ${weak.length} runs, median)`);
  console.log(
    `  ${'measure'.padEnd(44)} ${'weak link, each run'.padEnd(24)} ${'median'.padStart(8)} ${'baseline'.padStart(9)} ${'ratio'.padStart(6)}  goal`,
  );
  const rows: Array<[string, (r: RunResult) => number, number | null]> = [
    ['navigation → usable sign-in form', (r) => r.loadMs, WEAK_LINK_GOALS.loadMs],
    ['sign-in (password, TOTP) → feed with alerts', (r) => r.signInMs, WEAK_LINK_GOALS.signInMs],
    ['  of which password → code form', (r) => r.passwordStepMs, null],
    ['  of which code → feed with alerts', (r) => r.codeToFeedMs, null],
  ];
  let met = true;
  for (const [name, pick, goal] of rows) {
    const w = median(weak.map(pick));
    const b = median(baseline.map(pick));
    const each = weak.map((r) => (pick(r) / 1000).toFixed(2)).join(' ');
    const verdict = goal === null ? '' : `≤ ${sec(goal)} ${w <= goal ? 'met' : 'NOT met'}`;
    if (goal !== null) met &&= w <= goal;
    console.log(
      `  ${name.padEnd(44)} ${each.padEnd(24)} ${sec(w).padStart(8)} ${sec(b).padStart(9)} ${(w / b).toFixed(1).padStart(6)}  ${verdict}`,
    );
  }
  const last = weak[weak.length - 1]!;
  const kb = (t: Transfer) => `${t.requests} requests, ${(t.bytes / 1024).toFixed(1)} KB on the wire`;
  console.log(`  last weak-link run: load ${kb(last.loadTransfer)}; sign-in to feed ${kb(last.signInTransfer)}`);
  const uncompressed = [...new Set([...last.loadTransfer.uncompressed, ...last.signInTransfer.uncompressed])];
  if (uncompressed.length) console.log(`  sent uncompressed (≥ 1 KB): ${uncompressed.join(', ')}`);
  console.log(`  goals (issue 25) → ${met ? 'met' : 'NOT met'}`);
}
