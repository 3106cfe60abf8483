import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, DEFAULT_SESSION_SECRET, ENV_VARIABLES, loadConfig } from '../../server/platform/config/env.js';
import { REPO_ROOT } from '../helpers/server.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config (server/platform/config/env.ts)', () => {
  it('gives working defaults for development', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.mfaRequiredRoles).to.deep.equal(['officer', 'prosecutor', 'agency_admin', 'system_admin', 'statistics']);
    expect(c.mongoUri).to.equal(undefined);
    expect(c.lockout).to.deep.equal({ threshold: 5, minutes: 15 });
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'http://x', MFA_REQUIRED_ROLES: 'officer,king' });
    const named = problems.map((p) => p.split(':')[0]?.split('.')[0]);
    expect(named).to.include.members(['PORT', 'LOG_LEVEL', 'MONGODB_URI', 'MFA_REQUIRED_ROLES']);
    expect(new ConfigError(problems).message).to.contain('PORT').and.to.contain('LOG_LEVEL');
  });

  it('rejects a short session secret and a malformed encryption key', () => {
    const problems = problemsOf({ SESSION_SECRET: 'short', DATA_ENCRYPTION_KEY: 'abc' });
    expect(problems.join('\n'))
      .to.match(/SESSION_SECRET/)
      .and.to.match(/DATA_ENCRYPTION_KEY/);
  });

  it('refuses default or missing secrets and plain HTTP in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SESSION_SECRET: DEFAULT_SESSION_SECRET });
    const joined = problems.join('\n');
    expect(joined).to.match(/SESSION_SECRET/);
    expect(joined).to.match(/DATA_ENCRYPTION_KEY/);
    expect(joined).to.match(/PUBLIC_URL/);
  });

  it('accepts production with its own secrets over HTTPS', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(48),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      AUDIT_KEY: Buffer.alloc(32, 9).toString('base64'),
      PUBLIC_URL: 'https://puente.example.org',
    });
    expect(c.secureCookies).to.equal(true);
    expect(c.allowedOrigins).to.deep.equal(['https://puente.example.org']);
  });

  it('requires AUDIT_KEY in production, and takes audit keys of at least 32 bytes, the previous ones apart from it', () => {
    const production = {
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(48),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_URL: 'https://puente.example.org',
    };
    expect(problemsOf(production)).to.deep.equal([
      'AUDIT_KEY: must be set in production (openssl rand -base64 32), kept outside the store',
    ]);
    const key = Buffer.alloc(32, 1).toString('base64');
    const old = Buffer.alloc(48, 2).toString('base64url');
    expect(problemsOf({ AUDIT_KEY: Buffer.alloc(31, 1).toString('base64') }).join('\n')).to.match(/^AUDIT_KEY: must be at least 32 bytes/);
    expect(problemsOf({ AUDIT_KEY: `${key}!` }).join('\n')).to.match(/^AUDIT_KEY: /);
    expect(problemsOf({ AUDIT_KEY: key, AUDIT_KEY_PREVIOUS: `${old},${key}` })).to.deep.equal([
      'AUDIT_KEY_PREVIOUS: must not contain AUDIT_KEY',
    ]);
    expect(problemsOf({ AUDIT_KEY_PREVIOUS: 'c2hvcnQ=' }).join('\n')).to.match(/^AUDIT_KEY_PREVIOUS/);
    const c = loadConfig({ ...production, AUDIT_KEY: key, AUDIT_KEY_PREVIOUS: old, AUDIT_ANCHOR_FILE: 'anchors.log' });
    expect(c.audit.key).to.deep.equal(Buffer.alloc(32, 1));
    expect(c.audit.previousKeys).to.deep.equal([Buffer.alloc(48, 2)]);
    expect(c.audit.anchorFile).to.equal(path.resolve('anchors.log'));
    expect(c.audit.anchorEveryMs).to.equal(60 * 60_000);
    expect(loadConfig({}).audit).to.deep.include({ key: null, previousKeys: [], anchorFile: null });
  });

  it('reads TRUST_PROXY=1 as one proxy hop, not as "trust every hop" (issue 28)', () => {
    // Express's `trust proxy` true takes the first X-Forwarded-For address, which the client writes.
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).to.equal(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).to.equal(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
    expect(loadConfig({ TRUST_PROXY: 'no' }).trustProxy).to.equal(false);
    expect(loadConfig({}).trustProxy).to.equal(false);
    expect(problemsOf({ TRUST_PROXY: 'maybe' }).join('\n')).to.match(/TRUST_PROXY/);
  });

  it('takes the VAPID key pair whole or not at all, and refuses insecure push endpoints in production', () => {
    expect(problemsOf({ VAPID_PUBLIC_KEY: 'B'.repeat(87) }).join('\n')).to.match(/VAPID_PUBLIC_KEY/);
    expect(problemsOf({ VAPID_SUBJECT: 'http://example.org' }).join('\n')).to.match(/VAPID_SUBJECT/);
    const prod = problemsOf({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(48),
      DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      PUBLIC_URL: 'https://puente.example.org',
      PUSH_ALLOW_INSECURE_ENDPOINTS: 'true',
    });
    expect(prod.join('\n')).to.match(/PUSH_ALLOW_INSECURE_ENDPOINTS/);
    expect(loadConfig({}).push).to.deep.include({ vapidKeys: null, subject: 'mailto:puente@localhost', allowInsecureEndpoints: false });
    expect(loadConfig({ NODE_ENV: 'test' }).push.allowInsecureEndpoints).to.equal(true);
    expect(loadConfig({ PUBLIC_URL: 'https://puente.example.org' }).push.subject).to.equal('https://puente.example.org');
  });

  it('documents every variable in .env.example, and nothing else', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, '.env.example'), 'utf8');
    const documented = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect([...documented].sort()).to.deep.equal([...ENV_VARIABLES].sort());
    // each variable has a comment line right above it
    const lines = text.split('\n');
    for (const name of ENV_VARIABLES) {
      const i = lines.findIndex((l) => l.startsWith(`${name}=`));
      const above = lines
        .slice(0, i)
        .reverse()
        .find((l) => !/^[A-Z][A-Z0-9_]+=/.test(l));
      expect(above, `${name} needs a comment`).to.match(/^#/);
    }
  });

  it('is the only reader of process.env in server/', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|mjs)$/.test(entry.name) && !full.endsWith(path.join('config', 'env.ts'))) {
          if (/process\.env\b/.test(fs.readFileSync(full, 'utf8'))) offenders.push(path.relative(REPO_ROOT, full));
        }
      }
    };
    walk(path.join(REPO_ROOT, 'server'));
    expect(offenders).to.deep.equal([]);
  });
});
