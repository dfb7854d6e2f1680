import { ConfigError, parse, readConfig } from '@baton/service-runtime';

const millis = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`must be a whole number of milliseconds from ${min} to ${max}`);
  return n;
};
const seconds = (raw: string) => {
  const list = raw.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isFinite(n) || n < 0))
    throw new Error('must be comma-separated seconds, like 30,300,1800');
  return list;
};
const smtpUrl = (raw: string) => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like smtp://user:pass@host:587 or smtps://host:465');
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol)) throw new Error('must be an smtp:// or smtps:// URL');
  return raw;
};
const engine = (raw: string) => {
  if (raw !== 'extractive' && raw !== 'anthropic') throw new Error('must be extractive or anthropic');
  return raw;
};

export const briefingSettings = {
  BATON_PUBLIC_URL: {
    describe: 'the public base URL: brief and transcript links in events and mail point there',
    parse: parse.url,
    default: 'http://localhost:3000',
  },
  BATON_BRIEF_ENGINE: {
    describe: 'extractive (offline, the default) or anthropic (needs ANTHROPIC_API_KEY; falls back to extractive)',
    parse: engine,
  },
  ANTHROPIC_API_KEY: {
    describe: 'the Anthropic API key; set, briefs are written by the model with the offline engine as fallback',
    parse: parse.string,
  },
  ANTHROPIC_BASE_URL: { describe: 'the Messages API base URL (tests point it at a local server)', parse: parse.url },
  BATON_BRIEF_MODEL: {
    describe: 'the Anthropic model that writes briefs',
    parse: parse.string,
    default: 'claude-haiku-4-5',
  },
  BATON_BRIEF_MODEL_TIMEOUT_MS: {
    describe: 'how long the model may take before the offline engine writes the brief',
    parse: millis(100, 60_000),
    default: 8000,
  },
  SMTP_URL: {
    describe: 'SMTP server for mailing briefs to reps (smtp://user:pass@host:587); unset, no mail is sent',
    parse: smtpUrl,
  },
  BATON_BRIEF_MAIL_FROM: {
    describe: 'the From address of brief mail',
    parse: parse.string,
    default: 'Baton <briefs@baton.invalid>',
  },
  BATON_BRIEF_DISPATCH_MS: {
    describe:
      'the longest brief deliveries wait to be looked for: each commit that adds one starts a round, and a timer is set to the next retry due',
    parse: millis(10, 3_600_000),
    default: 60_000,
  },
  BATON_BRIEF_MAIL_RETRY_SCHEDULE: {
    describe: 'seconds before each retry of a refused brief mail; spent means failed',
    parse: seconds,
    default: [30, 300, 1800, 7200],
  },
};

export type BriefingConfig = ReturnType<typeof readBriefingConfig>;
export function readBriefingConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = readConfig(briefingSettings, env);
  const engineName = config.BATON_BRIEF_ENGINE ?? (config.ANTHROPIC_API_KEY ? 'anthropic' : 'extractive');
  if (engineName === 'anthropic' && !config.ANTHROPIC_API_KEY) {
    throw new ConfigError([
      'BATON_BRIEF_ENGINE is anthropic but ANTHROPIC_API_KEY is not set: the model engine needs a key',
    ]);
  }
  return { ...config, engine: engineName as 'extractive' | 'anthropic' };
}
export const BRIEFING_CONFIG = Symbol('BriefingConfig');
