/**
 * The files of deploy/ hold what they say (issue 28): every template renders with the names its own
 * usage comment gives, and render.sh refuses to leave a placeholder; nginx's request-size limits
 * are the app's; the alerting rules pass `promtool check rules` (Debian's prometheus package).
 * The topology test runs these files; this checks them without starting anything.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { JSON_BODY_LIMIT } from '../../server/app.js';
import { PHOTO_MAX_BYTES } from '../../server/alerts/photos/photoProcessing.js';
import { DEPLOY_DIR, readDeployFile, renderTemplate, requirePrograms } from '../helpers/deployTemplates.js';

const TEMPLATES = [
  'nginx/puente.conf.template',
  'systemd/puente@.service.template',
  'systemd/ferretdb.service.template',
  'systemd/puente-redis.service.template',
  'redis/puente-redis.conf.template',
];

/** The NAME=VALUE pairs of the `deploy/render.sh <template> …` example in a template's header. */
function documentedValues(text: string): Record<string, string> {
  const header = text
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .join('\n');
  const values: Record<string, string> = {};
  for (const m of header.matchAll(/\b([A-Z][A-Z0-9_]*)=("[^"]*"|\S+)/g)) values[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  return values;
}

/** nginx's size (256k, 5m) in bytes. */
function nginxBytes(size: string): number {
  const m = /^(\d+)([km]?)$/.exec(size)!;
  return Number(m[1]) * (m[2] === 'k' ? 1024 : m[2] === 'm' ? 1024 * 1024 : 1);
}

describe('deploy/ files', () => {
  for (const template of TEMPLATES) {
    it(`${template} renders with the values its usage comment names, leaving no placeholder`, () => {
      const text = readDeployFile(template);
      const placeholders = new Set([...text.matchAll(/@([A-Z][A-Z0-9_]*)@/g)].map((m) => m[1]!));
      const documented = documentedValues(text);
      expect(
        [...placeholders].filter((p) => !(p in documented)),
        'placeholders the comment does not show',
      ).to.deep.equal([]);
      const rendered = renderTemplate(template, documented);
      expect(rendered).to.not.match(/@[A-Z][A-Z0-9_]*@/);
    });
  }

  it('render.sh names a placeholder left without a value and fails; a value is inserted as it is', () => {
    const r = spawnSync(path.join(DEPLOY_DIR, 'render.sh'), [path.join(DEPLOY_DIR, 'nginx/puente.conf.template'), 'SERVER_NAME=a&b\\c/d'], {
      encoding: 'utf8',
    });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/@PUENTE_A@ is not given/);
    expect(r.stdout).to.include('server_name a&b\\c/d;');
    const bad = spawnSync(path.join(DEPLOY_DIR, 'render.sh'), [path.join(DEPLOY_DIR, 'nginx/puente.conf.template'), 'lower=x'], {
      encoding: 'utf8',
    });
    expect(bad.status).to.equal(2);
  });

  it('nginx refuses bodies over the app’s own limits: JSON everywhere, photos on their route', () => {
    const conf = readDeployFile('nginx/puente.conf.template');
    const sizes = [...conf.matchAll(/client_max_body_size (\S+);/g)].map((m) => nginxBytes(m[1]!));
    expect(sizes).to.deep.equal([nginxBytes(JSON_BODY_LIMIT.replace('kb', 'k')), PHOTO_MAX_BYTES]);
    expect(conf).to.match(/location ~ \^\/api\/v1\/alerts\/\[\^\/\]\+\/photos\$ \{\n\s+client_max_body_size 5m;/);
  });

  it('nginx drops an idle upstream connection before Node does (no request sent on one Puente is closing)', () => {
    const upstream = /upstream puente \{([^}]*)\}/.exec(readDeployFile('nginx/puente.conf.template'))![1]!;
    const nginxIdleS = Number(/keepalive_timeout (\d+)s;/.exec(upstream)![1]);
    // Puente keeps Node's default (server/server.ts sets no keepAliveTimeout).
    expect(nginxIdleS * 1000).to.be.lessThan(http.createServer().keepAliveTimeout);
  });

  it('the systemd units pass systemd-analyze verify without a warning', function () {
    const { 'systemd-analyze': analyze } = requirePrograms(this, [{ name: 'systemd-analyze', debianPackage: 'systemd' }]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-units-'));
    try {
      // ExecStart= must name a program that exists here: node stands in for FerretDB's binary.
      const units = {
        'puente@a.service': renderTemplate('systemd/puente@.service.template', {
          PUENTE_DIR: dir,
          PUENTE_USER: 'root',
          NODE: process.execPath,
        }),
        'ferretdb.service': renderTemplate('systemd/ferretdb.service.template', {
          FERRETDB_BIN: process.execPath,
          FERRETDB_LISTEN: '127.0.0.1:27017',
        }),
        'puente-redis.service': renderTemplate('systemd/puente-redis.service.template', { REDIS_CONF: '/etc/puente/redis.conf' }),
      };
      for (const [name, text] of Object.entries(units)) {
        fs.writeFileSync(path.join(dir, name), text);
        const r = spawnSync(analyze!, ['verify', path.join(dir, name)], { encoding: 'utf8', timeout: 60_000 });
        expect(r.status, `${name}: ${r.stderr}`).to.equal(0);
        expect(
          r.stderr.split('\n').filter((l) => l.includes(name)),
          name,
        ).to.deep.equal([]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the sample alerting rules pass promtool check rules', function () {
    const { promtool } = requirePrograms(this, [{ name: 'promtool', debianPackage: 'prometheus' }]);
    const r = spawnSync(promtool!, ['check', 'rules', path.join(DEPLOY_DIR, 'prometheus/puente-alerts.yml')], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.match(/SUCCESS: \d+ rules found/);
  });
});
