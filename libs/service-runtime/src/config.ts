import { isIP } from 'node:net';

/** One environment variable: how to read it, its default, and what it is for (shown when it is wrong). */
export interface Setting<T> {
  describe: string;
  parse(raw: string): T;
  default?: T;
  required?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Parsed<S> = {
  [K in keyof S]: S[K] extends Setting<infer T>
    ? S[K] extends { default: unknown } | { required: true }
      ? T
      : T | undefined
    : never;
};

/** Reads every setting at start-up and reports all the bad ones at once, each by its variable name. */
export function readConfig<S extends Record<string, Setting<unknown>>>(
  spec: S,
  env: NodeJS.ProcessEnv = process.env,
): Parsed<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (setting.required) problems.push(`${name} is required: ${setting.describe}`);
      out[name] = setting.default;
      continue;
    }
    try {
      out[name] = setting.parse(raw);
    } catch (error) {
      problems.push(
        `${name} ${(error as Error).message} (got "${raw.length > 60 ? `${raw.slice(0, 60)}...` : raw}"): ${setting.describe}`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as Parsed<S>;
}

export const parse = {
  string: (raw: string) => raw,
  /** An address to listen on: an IP address or a host name (localhost). */
  host: (raw: string) => {
    if (isIP(raw) === 0 && !/^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/.test(raw))
      throw new Error('must be an IP address or a host name, e.g. 127.0.0.1 or 0.0.0.0');
    return raw;
  },
  /** Any JSON value; the setting checks its shape. */
  json: (raw: string): unknown => {
    try {
      return JSON.parse(raw);
    } catch {
      throw new Error('must be JSON');
    }
  },
  port: (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('must be a port number (0-65535)');
    return n;
  },
  positiveInt: (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error('must be a positive whole number');
    return n;
  },
  url: (raw: string) => {
    try {
      return new URL(raw).toString().replace(/\/$/, '');
    } catch {
      throw new Error('must be a URL');
    }
  },
  postgresUrl: (raw: string) => {
    if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error('must be a postgres:// URL');
    return raw;
  },
  brokers: (raw: string) => {
    const brokers = raw
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean);
    if (brokers.length === 0 || brokers.some((b) => !/^[^:\s]+:\d+$/.test(b)))
      throw new Error('must be a comma-separated list of host:port');
    return brokers;
  },
  logLevel: (raw: string) => {
    if (!['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'].includes(raw))
      throw new Error('must be one of trace, debug, info, warn, error, fatal, silent');
    return raw;
  },
};

/** The settings every Baton service reads. */
export const commonSettings = {
  BATON_PORT: { describe: 'the HTTP port', parse: parse.port, default: 3000 },
  // Every interface: a service in a container is reached through it. The embedded mode overrides this default
  // to 127.0.0.1 (services/embedded/src/config.ts), so a laptop's Baton is not open to its network.
  BATON_HOST: {
    describe: 'the address the HTTP server listens on (0.0.0.0 for every interface)',
    parse: parse.host,
    default: '0.0.0.0',
  },
  BATON_DATA_DIR: { describe: 'where embedded data (PGlite) lives', parse: parse.string, default: './.baton' },
  BATON_PUBLIC_URL: {
    describe: 'the public base URL Twilio calls (signatures are checked against it)',
    parse: parse.url,
  },
  DATABASE_URL: {
    describe: 'PostgreSQL URL; unset means embedded PGlite under BATON_DATA_DIR',
    parse: parse.postgresUrl,
  },
  DATABASE_PREPARED_STATEMENTS: {
    describe:
      'on: statements run as named prepared statements, planned once per connection; off for a pooler in transaction mode that cannot keep them',
    parse: (r: string) => {
      if (r !== 'on' && r !== 'off') throw new Error('must be on or off');
      return r === 'on';
    },
    default: true,
  },
  KAFKA_BROKERS: {
    describe: 'Kafka bootstrap brokers, host:port,...; unset means the in-process bus',
    parse: parse.brokers,
  },
  KAFKA_FETCH_MAX_WAIT_MS: {
    describe:
      'how long a Kafka fetch waits for data (a real broker answers as data arrives; the test mock holds empty fetches this long)',
    parse: (r: string) => {
      const n = Number(r);
      if (!Number.isInteger(n) || n < 10 || n > 30_000)
        throw new Error('must be a whole number of milliseconds from 10 to 30000');
      return n;
    },
    default: 5000,
  },
  KURRENTDB_CONNECTION_STRING: {
    describe: 'KurrentDB connection string; set means KurrentDB is the event store',
    parse: parse.string,
  },
  LOG_LEVEL: { describe: 'pino log level', parse: parse.logLevel, default: 'info' },
  BATON_JWT_SECRET: {
    describe: 'HS256 secret for /v1 bearer tokens (32+ characters)',
    parse: (r: string) => {
      if (r.length < 32) throw new Error('must be at least 32 characters');
      return r;
    },
  },
  BATON_JWKS_URL: { describe: 'JWKS URL of your identity provider (RS256/ES256 tokens)', parse: parse.url },
  BATON_JWT_ISSUER: { describe: 'the iss every token must carry', parse: parse.string, default: 'baton' },
  BATON_JWT_AUDIENCE: { describe: 'the aud every token must carry', parse: parse.string, default: 'baton-api' },
  BATON_SHUTDOWN_DELAY_MS: {
    describe: 'how long readiness fails before shutdown starts (let the load balancer drain)',
    parse: (r: string) => {
      const n = Number(r);
      if (!Number.isInteger(n) || n < 0) throw new Error('must be a whole number of milliseconds');
      return n;
    },
    default: 0,
  },
} satisfies Record<string, Setting<unknown>>;
export type CommonConfig = Parsed<typeof commonSettings>;
