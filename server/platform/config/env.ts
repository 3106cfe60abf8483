/**
 * The only reader of process.env. Parses and validates the environment once, so the
 * rest of the server depends on a typed `Config` and never on raw strings.
 */
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Role names, repeated here (not imported) so config stays free of domain modules. */
const ROLE_NAMES = ['officer', 'prosecutor', 'agency_admin', 'system_admin', 'statistics'] as const;

/** Secrets shipped in .env.example; production refuses them. */
export const DEFAULT_SESSION_SECRET = 'change-me-session-secret-at-least-32-characters';
export const DEFAULT_DATA_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A key of at least 32 bytes, base64 (standard or URL-safe alphabet). */
const base64Key = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length >= 32, 'must be at least 32 bytes, base64-encoded');

const csvList = z.string().transform((s) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean),
);

const envShape = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .default('puente'),
  DATA_DIR: z.string().min(1).default('./data'),
  STORE_BIN: z.string().min(1).optional(),
  STORE_CACHE_DIR: z.string().min(1).optional(),
  /** The PostgreSQL database of a FerretDB on PostgreSQL (the URL FerretDB is given): Puente adds the
   * `_id` indexes FerretDB cannot (server/platform/store/postgresqlIndexes.ts). */
  STORE_POSTGRESQL_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEFAULT_SESSION_SECRET),
  DATA_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .default(DEFAULT_DATA_KEY),
  /** The audit trail's MAC key (docs/operations.md "Audit trail: key and anchors"); required in production. */
  AUDIT_KEY: base64Key.optional(),
  /** Keys the trail was keyed with before AUDIT_KEY, comma-separated, so older events still verify. */
  AUDIT_KEY_PREVIOUS: csvList.pipe(z.array(base64Key)).optional(),
  /** Minutes between scheduled audit anchors appended to AUDIT_ANCHOR_FILE. */
  AUDIT_ANCHOR_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** File the scheduled audit anchors are appended to; none: no scheduled anchor. */
  AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Express "trust proxy": the number of proxies in front (`1`: nginx alone), or true/false.
   * A number is a hop count, never a boolean: `1` read as true would trust every address a client
   * puts in X-Forwarded-For (rate limits and connection limits per address then count nothing). */
  TRUST_PROXY: z
    .union([
      z.string().regex(/^\d+$/).transform(Number),
      z.enum(['true', 'false', 'yes', 'no']).transform((v) => v === 'true' || v === 'yes'),
    ])
    .default(false),
  MFA_REQUIRED_ROLES: csvList.pipe(z.array(z.enum(ROLE_NAMES))).default([...ROLE_NAMES]),
  ALLOWED_ORIGINS: csvList.pipe(z.array(z.url())).optional(),
  METRICS_TOKEN: z.string().min(16).optional(),
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  LOGIN_RATE_LIMIT_PER_15_MIN: z.coerce.number().int().min(1).default(50),
  CSRF_RATE_LIMIT_PER_15_MIN: z.coerce.number().int().min(1).default(600),
  SOCKETS_PER_USER: z.coerce.number().int().min(1).max(1000).default(10),
  SOCKETS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(200),
  ALERT_UPDATES_PER_10_MIN: z.coerce.number().int().min(1).default(30),
  ALERT_STATUS_CHANGES_PER_10_MIN: z.coerce.number().int().min(1).default(10),
  PHOTO_UPLOADS_PER_10_MIN: z.coerce.number().int().min(1).default(30),
  /** An officer at a busy crossing checks a traveller every few seconds; fishing for protected people needs far more. */
  SEARCHES_PER_10_MIN: z.coerce.number().int().min(1).default(300),
  SOCKET_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  STORE_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  INACTIVE_ACCOUNT_DAYS: z.coerce.number().int().min(1).default(90),
  ALERT_REVIEW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_YEARS: z.coerce.number().int().min(1).max(50).default(5),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  JOBS_ENABLED: bool.default(true),
  /** Where the alert copy's start-up snapshot is kept: a path, or `off`. Default: DATA_DIR/alert-copy.snapshot
   * with the embedded store, none with MONGODB_URI. */
  ALERT_COPY_SNAPSHOT: z.string().min(1).optional(),
  /** How often a load of the alert copy from the store (a first start) logs how far it has got. */
  ALERT_COPY_PROGRESS_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  GO_BIN: z.string().min(1).default('go'),
  /** Web Push (VAPID) key pair, base64url: both or neither; generated once and kept in the store when absent. */
  VAPID_PUBLIC_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{87}$/, 'must be an uncompressed P-256 public key, base64url (87 characters)')
    .optional(),
  VAPID_PRIVATE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'must be a P-256 private key, base64url (43 characters)')
    .optional(),
  /** Contact the push services may use about this sender: a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:\S+|https:\/\/\S+)$/, 'must be a mailto: or https:// URL')
    .optional(),
  /** Accept plain-http push endpoints and loopback hosts (tests with their own push service only). */
  PUSH_ALLOW_INSECURE_ENDPOINTS: bool.default(false),
};

const envSchema = z.object(envShape);

/** Production refuses shipped or missing secrets and plain HTTP; checked on the raw strings so
 * these problems are reported together with any others. */
function productionProblems(env: Record<string, string>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  const secret = env.SESSION_SECRET;
  if (!secret || secret === DEFAULT_SESSION_SECRET) problems.push('SESSION_SECRET: must be set to a secret of your own in production');
  const key = env.DATA_ENCRYPTION_KEY;
  if (!key || key === DEFAULT_DATA_KEY) problems.push('DATA_ENCRYPTION_KEY: must be set to a key of your own in production');
  // Outside the store, so write access to the store is not enough to forge the audit trail.
  if (!env.AUDIT_KEY) problems.push('AUDIT_KEY: must be set in production (openssl rand -base64 32), kept outside the store');
  if (!env.PUBLIC_URL?.startsWith('https://')) problems.push('PUBLIC_URL: must be an https:// URL in production');
  if (['true', '1', 'yes'].includes(env.PUSH_ALLOW_INSECURE_ENDPOINTS ?? ''))
    problems.push('PUSH_ALLOW_INSECURE_ENDPOINTS: must be off in production');
  return problems;
}

/** The VAPID key pair is given whole or not at all. */
function vapidProblems(env: Record<string, string>): string[] {
  if (Boolean(env.VAPID_PUBLIC_KEY) === Boolean(env.VAPID_PRIVATE_KEY)) return [];
  return ['VAPID_PUBLIC_KEY: set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY together, or neither'];
}

/** A previous audit key equal to the current one would hide a rotation that never happened. */
function auditKeyProblems(env: Record<string, string>): string[] {
  const current = env.AUDIT_KEY;
  const previous = (env.AUDIT_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim());
  return current && previous.includes(current) ? ['AUDIT_KEY_PREVIOUS: must not contain AUDIT_KEY'] : [];
}

/** Default VAPID subject: the public address when it is https, else a mailto: the push services accept. */
function vapidSubject(env: z.output<typeof envSchema>, publicUrl: URL): string {
  if (env.VAPID_SUBJECT) return env.VAPID_SUBJECT;
  return publicUrl.protocol === 'https:' ? publicUrl.origin : 'mailto:puente@localhost';
}

export type Config = ReturnType<typeof toConfig>;

/** Every variable the schema knows; the .env.example sync test compares against this. */
export const ENV_VARIABLES: readonly string[] = Object.keys(envShape);

/** Thrown with one readable line per bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function toConfig(env: z.output<typeof envSchema>) {
  const publicUrl = new URL(env.PUBLIC_URL);
  return {
    nodeEnv: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    isTest: env.NODE_ENV === 'test',
    port: env.PORT,
    host: env.HOST,
    publicUrl: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:',
    mongoUri: env.MONGODB_URI,
    mongoDb: env.MONGODB_DB,
    dataDir: path.resolve(env.DATA_DIR),
    storeBin: env.STORE_BIN,
    storeCacheDir: path.resolve(env.STORE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'puente')),
    storePostgresqlUrl: env.STORE_POSTGRESQL_URL,
    goBin: env.GO_BIN,
    redisUrl: env.REDIS_URL,
    sessionSecret: env.SESSION_SECRET,
    dataEncryptionKey: Buffer.from(env.DATA_ENCRYPTION_KEY, 'base64'),
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    mfaRequiredRoles: env.MFA_REQUIRED_ROLES,
    allowedOrigins: env.ALLOWED_ORIGINS ?? [publicUrl.origin],
    metricsToken: env.METRICS_TOKEN,
    lockout: { threshold: env.LOCKOUT_THRESHOLD, minutes: env.LOCKOUT_MINUTES },
    session: { idleMinutes: env.SESSION_IDLE_MINUTES, absoluteHours: env.SESSION_ABSOLUTE_HOURS },
    loginRateLimitPer15Min: env.LOGIN_RATE_LIMIT_PER_15_MIN,
    csrfRateLimitPer15Min: env.CSRF_RATE_LIMIT_PER_15_MIN,
    socketLimits: { perUser: env.SOCKETS_PER_USER, perIp: env.SOCKETS_PER_IP },
    alertUpdatesPer10Min: env.ALERT_UPDATES_PER_10_MIN,
    alertStatusChangesPer10Min: env.ALERT_STATUS_CHANGES_PER_10_MIN,
    photoUploadsPer10Min: env.PHOTO_UPLOADS_PER_10_MIN,
    searchesPer10Min: env.SEARCHES_PER_10_MIN,
    socketEventsPerMinute: env.SOCKET_EVENTS_PER_MINUTE,
    storePoolWaitMs: env.STORE_POOL_WAIT_MS,
    inactiveAccountDays: env.INACTIVE_ACCOUNT_DAYS,
    alertReviewDays: env.ALERT_REVIEW_DAYS,
    retentionYears: env.RETENTION_YEARS,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
    jobsEnabled: env.JOBS_ENABLED,
    alertCopyProgressMs: env.ALERT_COPY_PROGRESS_MS,
    alertCopySnapshot:
      env.ALERT_COPY_SNAPSHOT === 'off'
        ? null
        : env.ALERT_COPY_SNAPSHOT
          ? path.resolve(env.ALERT_COPY_SNAPSHOT)
          : env.MONGODB_URI
            ? null
            : path.join(path.resolve(env.DATA_DIR), 'alert-copy.snapshot'),
    audit: {
      /** Null: outside production, generated once and kept in DATA_DIR (server/platform/auditTrail/auditKeys.ts). */
      key: env.AUDIT_KEY ? Buffer.from(env.AUDIT_KEY, 'base64') : null,
      previousKeys: (env.AUDIT_KEY_PREVIOUS ?? []).map((k) => Buffer.from(k, 'base64')),
      anchorEveryMs: env.AUDIT_ANCHOR_MINUTES * 60_000,
      anchorFile: env.AUDIT_ANCHOR_FILE ? path.resolve(env.AUDIT_ANCHOR_FILE) : null,
    },
    push: {
      /** Null: generated once and kept in the store (server/notifications/push/vapidKeys.ts). */
      vapidKeys:
        env.VAPID_PUBLIC_KEY && env.VAPID_PRIVATE_KEY ? { publicKey: env.VAPID_PUBLIC_KEY, privateKey: env.VAPID_PRIVATE_KEY } : null,
      subject: vapidSubject(env, publicUrl),
      // Tests run their own push service on http://127.0.0.1; nothing else may.
      allowInsecureEndpoints: env.PUSH_ALLOW_INSECURE_ENDPOINTS || env.NODE_ENV === 'test',
    },
  };
}

/** Parses an environment (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
  problems.push(...productionProblems(cleaned), ...vapidProblems(cleaned), ...auditKeyProblems(cleaned));
  if (!parsed.success || problems.length > 0) throw new ConfigError([...new Set(problems)]);
  return toConfig(parsed.data);
}

/**
 * The environment a child process (psql) is started with: this process's, over `defaults`, under
 * `overrides`. Here so that process.env keeps one reader.
 */
export function childEnvironment(overrides: Record<string, string>, defaults: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...defaults, ...process.env, ...overrides };
}

/** Loads the config or prints one readable message and exits: for entry points only. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its meaning.\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}
