/**
 * What an operator alerts on, read from /metrics as Prometheus reads it (issue 28): sockets per
 * process, alerts delivered, catch-up sizes and outcomes, the alert copy's lag, pending writes,
 * repairs and resets, document-lock waits and problems, store and Redis health, and the age of the
 * last backup (`puente backup` records it). Then every metric and label value the sample alerting
 * rules (deploy/prometheus/puente-alerts.yml) name must be among those exported.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { since } from '../helpers/catchUp.js';
import { runCli } from '../helpers/cli.js';
import { readDeployFile } from '../helpers/deployTemplates.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { metricValue, samples } from '../helpers/metricsText.js';
import { eventually } from '../helpers/processes.js';
import { startTestServer } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

/** The PromQL expressions of a rules file (one line, or a folded `>-` block). */
export function ruleExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const exprs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)expr:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    if (!/^[>|]-?$/.test(m[2]!)) {
      exprs.push(m[2]!);
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || lines[i + 1]!.search(/\S/) > m[1]!.length))
      block.push(lines[++i]!.trim());
    exprs.push(block.join(' '));
  }
  return exprs;
}

/** Selectors `name{label="value",…}` and bare metric names of an expression. */
export function selectors(expr: string): Array<{ name: string; equals: Record<string, string> }> {
  const found: Array<{ name: string; equals: Record<string, string> }> = [];
  for (const m of expr.matchAll(/\b([a-z_][a-z0-9_]*)\s*(\{[^}]*\})?/g)) {
    const name = m[1]!;
    if (!/^(puente|nodejs|process)_/.test(name) && name !== 'up') continue;
    const equals: Record<string, string> = {};
    for (const eq of (m[2] ?? '').matchAll(/([a-z_]+)\s*=\s*"([^"]*)"/g)) equals[eq[1]!] = eq[2]!;
    found.push({ name, equals });
  }
  return found;
}

describe('/metrics: what an operator alerts on (issue 28)', function () {
  this.timeout(180_000);
  let server: PuenteServer;
  let socket: TestSocket | null = null;
  let dir = '';

  before(async function () {
    await requireService(this, 'redis');
    await resetDatabase();
    server = await startTestServer({ REDIS_URL });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-metrics-'));
  });
  after(async () => {
    socket?.close();
    await server?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const scrape = async () => (await request(server.url).get('/metrics').expect(200)).text;

  it('exports each figure, moving with what happens', async () => {
    const first = await scrape();
    expect(metricValue(first, 'puente_backup_last_completed_timestamp_seconds'), 'no backup yet').to.equal(0);
    expect(metricValue(first, 'puente_dependency_up', { dependency: 'store' })).to.equal(1);
    expect(metricValue(first, 'puente_dependency_up', { dependency: 'redis' })).to.equal(1);

    const agency = await buildAgency({ country: 'AR' });
    const poster = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const watcher = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const socketsBefore = metricValue(await scrape(), 'puente_connected_sockets');
    socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    const cursor = (await since(socket, null)).cursor;
    const heard = nextEvent(socket, 'alert:new', 10_000);
    const posted = await poster.post('/api/v1/alerts', alertBody()).expect(201);
    expect((await heard).alert.id).to.equal(posted.body.id);
    const caughtUp = await since(socket, cursor);
    expect(caughtUp.items.map((a) => a.id)).to.deep.equal([posted.body.id]);

    const startedAt = Date.now() / 1000;
    const backup = await runCli(['backup', path.join(dir, 'now.pbk')]);
    expect(backup.code, backup.out).to.equal(0);

    const text = await eventually(scrape, (t) => metricValue(t, 'puente_backup_last_completed_timestamp_seconds') > 0, 10_000);
    const backupAt = metricValue(text, 'puente_backup_last_completed_timestamp_seconds');
    expect(backupAt).to.be.within(startedAt, Date.now() / 1000);
    expect(metricValue(text, 'puente_connected_sockets')).to.equal(socketsBefore + 1);
    expect(metricValue(text, 'puente_alerts_delivered_total', { event: 'alert:new' })).to.be.at.least(1);
    expect(metricValue(text, 'puente_catch_up_alerts_count')).to.be.at.least(2);
    expect(metricValue(text, 'puente_catch_up_alerts_sum')).to.be.at.least(1);
    expect(metricValue(text, 'puente_catch_ups_total', { outcome: 'ok' })).to.be.at.least(2);
    expect(metricValue(text, 'puente_doc_lock_wait_seconds_count'), 'the change log head is written under its lock').to.be.at.least(1);
    expect(metricValue(text, 'puente_alert_copy_loaded')).to.equal(1);
    expect(metricValue(text, 'puente_alert_copy_lag_changes')).to.equal(0);
    expect(metricValue(text, 'puente_alert_copy_pending_changes')).to.equal(0);
    for (const name of ['puente_alert_copy_repairs_total', 'puente_alert_copy_resets_total'])
      expect(
        samples(text).some((s) => s.name === name),
        name,
      ).to.equal(true);
    for (const kind of ['wait_limit', 'lease_lost', 'takeover'])
      expect(
        samples(text).some((s) => s.name === 'puente_doc_lock_problems_total' && s.labels.kind === kind),
        kind,
      ).to.equal(true);
    for (const outcome of ['reset', 'busy', 'error'])
      expect(
        samples(text).some((s) => s.name === 'puente_catch_ups_total' && s.labels.outcome === outcome),
        outcome,
      ).to.equal(true);
  });

  it('the sample alerting rules name only metrics, and label values, that a process exports', async () => {
    const text = await scrape();
    const exported = samples(text);
    const exprs = ruleExpressions(readDeployFile('prometheus/puente-alerts.yml'));
    expect(exprs.length).to.be.at.least(15);
    const checked = new Set<string>();
    for (const expr of exprs) {
      const found = selectors(expr);
      expect(found.length, `no metric in: ${expr}`).to.be.greaterThan(0);
      for (const { name, equals } of found) {
        if (name === 'up') continue; // Prometheus's own, per scrape target
        // Labels Prometheus adds to every sample it scrapes.
        const own = Object.fromEntries(Object.entries(equals).filter(([k]) => k !== 'job' && k !== 'instance'));
        const match = exported.some((s) => s.name === name && Object.entries(own).every(([k, v]) => s.labels[k] === v));
        expect(match, `${name}${JSON.stringify(own)} in ${expr}`).to.equal(true);
        checked.add(name);
      }
    }
    expect([...checked]).to.include.members([
      'puente_dependency_up',
      'puente_alert_copy_lag_changes',
      'puente_catch_ups_total',
      'puente_doc_lock_wait_seconds_bucket',
      'puente_backup_last_completed_timestamp_seconds',
      'puente_connected_sockets',
      'puente_alerts_delivered_total',
      'puente_alert_copy_repairs_total',
    ]);
  });
});
