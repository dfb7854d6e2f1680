import { createPrivateKey, type KeyObject } from 'node:crypto';
import { commonSettings, parse, readConfig } from '@baton/service-runtime';
import { parseRetention, type RetentionPolicy } from './domain/retention';

const seconds = (raw: string) => {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error('must be comma-separated seconds, like 5,300,1800');
  return list;
};
const millis = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`must be a whole number of milliseconds from ${min} to ${max}`);
  return n;
};
const wholeSeconds = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`must be a number of seconds from ${min} to ${max}`);
  return n;
};

export const notificationSettings = {
  BATON_WEBHOOK_RETRY_SCHEDULE: {
    describe: 'seconds to wait before each retry of a failed webhook delivery; spent means dead-lettered',
    parse: seconds,
    default: [5, 300, 1800, 7200, 18_000, 36_000, 36_000],
  },
  BATON_WEBHOOK_TIMEOUT_MS: {
    describe: 'how long a webhook receiver has to answer',
    parse: millis(100, 60_000),
    default: 10_000,
  },
  BATON_WEBHOOK_POLL_MS: {
    describe:
      'longest wait between looks for due webhook deliveries (new ones wake the dispatcher by NOTIFY, retries by a timer set to when they are due)',
    parse: millis(10, 300_000),
    default: 30_000,
  },
  BATON_WEBHOOK_ALLOW_HTTP: {
    describe: 'accept http:// webhook URLs (development only; https otherwise)',
    parse: (raw: string) => raw === 'true',
    default: false,
  },
  BATON_WEBHOOK_ALLOW_PRIVATE: {
    describe:
      'deliver webhooks to private, loopback and link-local addresses (development only: it opens the cluster network to tenants)',
    parse: (raw: string) => raw === 'true',
    default: false,
  },
};

export type NotificationConfig = ReturnType<typeof readNotificationConfig>;
export const readNotificationConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(notificationSettings, env);
export const NOTIFICATION_CONFIG = Symbol('NotificationConfig');

/** An Ed25519 private key: PKCS#8 PEM (literal newlines or \n), or the base64 of its DER. */
export function parseEd25519PrivateKey(raw: string): KeyObject {
  let key: KeyObject;
  try {
    key = raw.includes('-----BEGIN')
      ? createPrivateKey(raw.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new Error(
      'must be an Ed25519 private key: PKCS#8 PEM, or the base64 of its DER (openssl genpkey -algorithm ed25519)',
    );
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

export function parseMasterKey(raw: string): Buffer {
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw.replace(/\s/g, ''))
    throw new Error('must be 32 random bytes in base64 (openssl rand -base64 32)');
  return key;
}

export const auditSettings = {
  BATON_AUDIT_CHECKPOINT_KEY: {
    describe: 'the Ed25519 key that signs audit checkpoints; unset means a development key generated into the data dir',
    parse: parseEd25519PrivateKey,
  },
  BATON_AUDIT_CHECKPOINT_EVERY_S: {
    describe: "how often each tenant's chain head is signed and published (seconds)",
    parse: wholeSeconds(0.05, 7 * 24 * 3600),
    default: 3600,
  },
  BATON_AUDIT_MASTER_KEY: {
    describe:
      "the key that wraps every lead's data key (32 bytes, base64); unset means a development key generated into the data dir",
    parse: parseMasterKey,
  },
  BATON_AUDIT_RETENTION: {
    describe:
      'retention per tenant and class (consent, call, conversation) as JSON of ISO 8601 durations; default P5Y, P5Y, P3Y',
    parse: parseRetention,
    default: {} as RetentionPolicy,
  },
  BATON_AUDIT_RETENTION_SWEEP_S: {
    describe: 'how often keys past their retention are shredded (seconds)',
    parse: wholeSeconds(0.05, 7 * 24 * 3600),
    default: 3600,
  },
  BATON_AUDIT_OWNER_DATABASE_URL: {
    describe:
      "the audit log's owner role: migrations and grants run with it, so the service's own role (DATABASE_URL) can only insert and read",
    parse: parse.postgresUrl,
  },
  BATON_AUDIT_API_URL: {
    describe:
      "the public API that serves GET /v1/conversations/{id} (replay compares with it); unset means this process's own listener (embedded)",
    parse: parse.url,
  },
  BATON_AUDIT_KPI_REFRESH_S: {
    describe: 'how often the KPI gauges on /metrics are recomputed (seconds)',
    parse: wholeSeconds(0.05, 24 * 3600),
    default: 60,
  },
  BATON_AUDIT_KPI_WINDOW_H: {
    describe: 'the rolling window the KPI gauges cover (hours)',
    parse: wholeSeconds(1, 24 * 90),
    default: 24,
  },
  BATON_AUDIT_BATCH: {
    describe: 'events appended to the chain in one transaction at most',
    parse: parse.positiveInt,
    default: 500,
  },
};

export type AuditConfig = ReturnType<typeof readAuditConfig>;
/**
 * Checked once at start-up; BATON_DATA_DIR is where development keys are kept, and the owner's connection (for
 * migrations) prepares statements as the service's own does.
 */
export const readAuditConfig = (env: NodeJS.ProcessEnv = process.env) => ({
  ...readConfig(auditSettings, env),
  ...readConfig(
    {
      BATON_DATA_DIR: commonSettings.BATON_DATA_DIR,
      DATABASE_PREPARED_STATEMENTS: commonSettings.DATABASE_PREPARED_STATEMENTS,
    },
    env,
  ),
});
export const AUDIT_CONFIG = Symbol('AuditConfig');
