import { readConfig } from '@baton/service-runtime';

const seconds = (raw: string) => {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0)) throw new Error('must be comma-separated seconds, like 5,300,1800');
  return list;
};
const millis = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`must be a whole number of milliseconds from ${min} to ${max}`);
  return n;
};

export const notificationSettings = {
  BATON_WEBHOOK_RETRY_SCHEDULE: { describe: 'seconds to wait before each retry of a failed webhook delivery; spent means dead-lettered', parse: seconds, default: [5, 300, 1800, 7200, 18_000, 36_000, 36_000] },
  BATON_WEBHOOK_TIMEOUT_MS: { describe: 'how long a webhook receiver has to answer', parse: millis(100, 60_000), default: 10_000 },
  BATON_WEBHOOK_POLL_MS: { describe: 'how often due webhook deliveries are looked for', parse: millis(10, 60_000), default: 500 },
  BATON_WEBHOOK_ALLOW_HTTP: { describe: 'accept http:// webhook URLs (development only; https otherwise)', parse: (raw: string) => raw === 'true', default: false },
  BATON_WEBHOOK_ALLOW_PRIVATE: { describe: 'deliver webhooks to private, loopback and link-local addresses (development only: it opens the cluster network to tenants)', parse: (raw: string) => raw === 'true', default: false },
};

export type NotificationConfig = ReturnType<typeof readNotificationConfig>;
export const readNotificationConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(notificationSettings, env);
export const NOTIFICATION_CONFIG = Symbol('NotificationConfig');
