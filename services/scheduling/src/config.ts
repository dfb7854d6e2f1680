import { parseTenantWindows, type TenantWindows } from '@baton/lead-time';
import { commonSettings, parse, readConfig } from '@baton/service-runtime';

const whole = (min: number, max: number, unit: string) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`must be a whole number of ${unit} from ${min} to ${max}`);
  return n;
};
const flag = (raw: string) => {
  if (raw !== 'true' && raw !== 'false') throw new Error('must be true or false');
  return raw === 'true';
};
const zone = (raw: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: raw });
    return raw;
  } catch {
    throw new Error('must be an IANA time zone, like America/New_York');
  }
};
const smtpUrl = (raw: string) => {
  if (!/^smtps?:\/\/[^\s]+$/.test(raw))
    throw new Error('must be an smtp:// or smtps:// URL, like smtp://user:pass@mail.example.com:587');
  return raw;
};

/** Every setting scheduling reads, checked once at start-up. */
export const schedulingSettings = {
  DATABASE_URL: commonSettings.DATABASE_URL,
  BATON_DEFAULT_TENANT: {
    describe: 'the tenant the demo rep belongs to',
    parse: (raw: string) => raw.trim(),
    default: 'default',
  },
  BATON_DEMO_REP: {
    describe:
      'start with one demo rep (weekday hours in the tenant zone, the internal calendar); default true in the embedded mode (no DATABASE_URL)',
    parse: flag,
  },
  BATON_SCHEDULING_TIMEZONE: {
    describe: "a tenant's zone until its policy says otherwise (the demo rep works 09:00-17:00 there)",
    parse: zone,
    default: 'America/New_York',
  },
  BATON_REMINDER_LEAD_MINUTES: {
    describe: 'how long before a meeting the lead is texted a reminder',
    parse: whole(0, 60 * 24 * 30, 'minutes'),
    default: 30,
  },
  BATON_MIN_NOTICE_MINUTES: {
    describe: "the soonest a slot may start from now, unless the tenant's policy says otherwise",
    parse: whole(0, 7 * 24 * 60, 'minutes'),
    default: 60,
  },
  BATON_SCHEDULING_TICK_MS: {
    describe:
      'the longest due timers (reminders, calendar syncs, invite mails) and the outbox wait to be looked at; a timer coming due or armed (in any replica) wakes them sooner',
    parse: whole(10, 3_600_000, 'milliseconds'),
    default: 60_000,
  },
  BATON_CALENDAR_TIMEOUT_MS: {
    describe: 'how long a rep calendar (CalDAV, Google) has to answer',
    parse: whole(100, 60_000, 'milliseconds'),
    default: 8000,
  },
  BATON_CALENDAR_RETRY_SECONDS: {
    describe: 'seconds between retries of a calendar sync that failed, comma-separated (the last repeats)',
    parse: (raw: string) => {
      const list = raw.split(',').map((s) => Number(s.trim()));
      if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0))
        throw new Error('must be comma-separated seconds, like 10,60,300');
      return list;
    },
    default: [10, 60, 300, 1800],
  },
  SMTP_URL: {
    describe: 'where invites are mailed (smtp:// or smtps://); unset keeps them at GET /v1/meetings/{id}/invite.ics',
    parse: smtpUrl,
  },
  BATON_MAIL_FROM: {
    describe: 'the From of invite mails',
    parse: parse.string,
    default: 'Baton <meetings@baton.invalid>',
  },
  GOOGLE_API_BASE_URL: { describe: "Google Calendar's API root (tests point it at a local server)", parse: parse.url },
  GOOGLE_TOKEN_URL: { describe: "Google's OAuth token endpoint (tests point it at a local server)", parse: parse.url },
  BATON_QUIET_HOURS: {
    describe: "per-tenant allowed hours as JSON, as channel-gateway reads them: slots stay inside the lead's",
    parse: parseTenantWindows,
    default: {} as TenantWindows,
  },
};

export type SchedulingConfig = ReturnType<typeof readSchedulingConfig>;
export function readSchedulingConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = readConfig(schedulingSettings, env);
  return { ...config, BATON_DEMO_REP: config.BATON_DEMO_REP ?? !config.DATABASE_URL };
}
export const SCHEDULING_CONFIG = Symbol('SchedulingConfig');
