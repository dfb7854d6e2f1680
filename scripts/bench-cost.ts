// Cost meters for the load benchmark (issue 11): CPU per process from /proc (the services, PostgreSQL's
// backends for the bench's database, the Kafka mock), and the services' own client-side counters from their
// /metrics (SQL statements, transactions, commits, Kafka requests by API).
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { PgSql } from '@baton/sql';
import { startProcesses } from '../services/embedded/test/harness';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) a process has used, in ms; undefined once it is gone. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** The most memory a process has held resident (VmHWM), in MB; undefined once it is gone. */
export function peakRssMbOf(pid: number): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

export type CpuSnapshot = Record<string, number>;

/**
 * Cumulative CPU ms by name. Fixed processes are read directly; PostgreSQL's backends for one database come and
 * go (pool connections), so they are sampled every 250 ms and each backend counts with the last value seen
 * (the tail of one that ends between two samples is lost: at most 250 ms of its life).
 */
export class CpuMeter {
  private readonly backends = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  private constructor(
    private readonly fixed: () => { name: string; pid: number }[],
    private readonly db?: PgSql,
  ) {}

  static async start(fixed: () => { name: string; pid: number }[], databaseUrl?: string): Promise<CpuMeter> {
    const meter = new CpuMeter(fixed, databaseUrl ? PgSql.connect(databaseUrl, { max: 1 }) : undefined);
    await meter.sample();
    meter.timer = setInterval(() => {
      meter.sampling ??= meter.sample().finally(() => (meter.sampling = undefined));
    }, 250);
    return meter;
  }

  private async sample(): Promise<void> {
    if (!this.db) return;
    // The meter's own session is left out: it is the bench's, not Baton's.
    const { rows } = await this.db.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      if (ms !== undefined) this.backends.set(pid, ms);
    }
  }

  async snapshot(): Promise<CpuSnapshot> {
    await this.sampling;
    await this.sample();
    const out: CpuSnapshot = {};
    for (const { name, pid } of this.fixed()) out[name] = cpuMsOf(pid) ?? NaN;
    if (this.db) out.postgres = [...this.backends.values()].reduce((a, b) => a + b, 0);
    return out;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sampling;
    await this.db?.close();
  }
}

export interface Counters {
  statements: number;
  transactions: number;
  commits: number;
  kafka: Record<string, number>;
  /**
   * Peaks since the previous scrape (each scrape resets them): the event loop's delay (prom-client's
   * monitorEventLoopDelay, max and p99) and, on an embedded database, the longest hold of its one session and
   * the longest an edge write waited for it.
   */
  peaks: { loopDelayMaxMs: number; loopDelayP99Ms: number; sessionHeldMaxMs?: number; edgeWaitMaxMs?: number };
}

/** The client-side counters of one process, from its /metrics. */
export async function countersOf(url: string): Promise<Counters> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const one = (name: string) => Number(new RegExp(`^${name} ([\\d.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  const kafka: Record<string, number> = {};
  for (const m of text.matchAll(/^baton_kafka_requests_total\{api="(\w+)"\} ([\d.e+-]+)/gm))
    kafka[m[1]!] = Number(m[2]);
  const ms = (seconds: number) => round(seconds * 1000, 1);
  const session = (what: string) =>
    Number(new RegExp(`^baton_sql_session_peak_ms\\{what="${what}"\\} ([\\d.e+-]+)`, 'm').exec(text)?.[1] ?? NaN);
  const held = session('held');
  return {
    statements: one('baton_sql_statements_total'),
    transactions: one('baton_sql_transactions_total'),
    commits: one('baton_sql_commits_total'),
    kafka,
    peaks: {
      loopDelayMaxMs: ms(one('nodejs_eventloop_lag_max_seconds')),
      loopDelayP99Ms: ms(one('nodejs_eventloop_lag_p99_seconds')),
      ...(Number.isNaN(held)
        ? {}
        : { sessionHeldMaxMs: round(held, 1), edgeWaitMaxMs: round(session('edge_wait'), 1) }),
    },
  };
}

export const minus = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.keys(a).map((k) => [k, a[k]! - (b[k] ?? 0)]));
export const round = (n: number, digits = 2) => +n.toFixed(digits);

/** The services' own defaults for their timers, which the test harness shortens so tests need not wait. */
export const productionTimers = {
  BATON_SWEEP_INTERVAL_MS: '30000',
  BATON_SCHEDULING_TICK_MS: '60000',
  BATON_BRIEF_DISPATCH_MS: '60000',
  BATON_WEBHOOK_POLL_MS: '30000',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * CPU ms per second, by process, of a distributed platform started with this fetch wait and left idle for
 * `seconds`, after `settleS` of its start-up work.
 */
export async function idleRate(fetchWait: string, extra: Record<string, string>, seconds: number, settleS = 5) {
  const baton = await startProcesses({
    mode: 'distributed',
    keepLogs: false,
    extra: { ...extra, KAFKA_FETCH_MAX_WAIT_MS: fetchWait },
  });
  const cpu = await CpuMeter.start(
    () => [
      ...baton.processes.map((p) => ({ name: p.name, pid: p.child.pid! })),
      ...(baton.kafkaPid ? [{ name: 'kafka-mock', pid: baton.kafkaPid }] : []),
    ],
    baton.databaseUrl,
  );
  await sleep(settleS * 1000);
  const start = { cpu: await cpu.snapshot(), at: Date.now() };
  await sleep(seconds * 1000);
  const end = { cpu: await cpu.snapshot(), at: Date.now() };
  await cpu.stop();
  await baton.stop();
  const window = (end.at - start.at) / 1000;
  const rates = Object.entries(minus(end.cpu, start.cpu)).map(([k, v]) => [k, round(v / window, 1)] as const);
  return {
    fetchMaxWaitMs: Number(fetchWait),
    idleSeconds: round(window, 1),
    idleCpuMsPerSecond: {
      ...Object.fromEntries(rates),
      total: round(
        rates.reduce((a, [, v]) => a + v, 0),
        1,
      ),
    },
  };
}
