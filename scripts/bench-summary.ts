// Prints the table of bench/results/*.json (scripts/bench-suite.sh): cost per inbound, idle cost, saturation,
// webhook latency at 80% of saturation. Usage: node -r ./scripts/register.js scripts/bench-summary.ts [dir]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'bench/results';
type Result = {
  inbound: { messages: number; perSecond: number };
  offeredRate: unknown;
  writeTransactionsPerInbound: number;
  latencyMs: {
    webhookAnswered: { p50?: number; p99?: number; n: number };
    webhookToHandoffTriggered: { p99?: number };
  };
  eventLoopDelayMs?: Record<string, { max: number; p99: number }>;
  embeddedSessionMs?: { heldMax: number; edgeWaitMax: number };
  peakRssMb?: Record<string, number>;
  cost: {
    idleCpuMsPerSecond: Record<string, number>;
    idleAtProductionFetchWait?: { fetchMaxWaitMs: number; idleCpuMsPerSecond: Record<string, number> };
    cpuMsPerInbound: Record<string, number>;
    cpuMsPerInboundIdleIncluded: Record<string, number>;
    perInbound: { statements: number; transactions: number; commits: number; kafkaRequests: Record<string, number> };
  };
};
const read = (name: string): Result | undefined =>
  existsSync(join(dir, name)) ? (JSON.parse(readFileSync(join(dir, name), 'utf8')) as Result) : undefined;
const rows: string[][] = [['figure', 'embedded', 'distributed']];
const cell = (f: (r: Result) => unknown, kind: string) => (mode: string) => {
  const r = read(`${mode}-${kind}.json`);
  return r ? String(f(r)) : 'n/a';
};
const row = (label: string, f: (mode: string) => string) => rows.push([label, f('embedded'), f('distributed')]);
row(
  'cost run: offered / achieved msgs/s',
  cell((r) => `${r.offeredRate} / ${r.inbound.perSecond}`, 'cost'),
);
row(
  'CPU ms per inbound, all processes, idle subtracted',
  cell((r) => r.cost.cpuMsPerInbound.total, 'cost'),
);
row(
  'CPU ms per inbound, all processes, idle included',
  cell((r) => r.cost.cpuMsPerInboundIdleIncluded.total, 'cost'),
);
row(
  'CPU ms per inbound by process (idle subtracted)',
  cell(
    (r) =>
      Object.entries(r.cost.cpuMsPerInbound)
        .filter(([k]) => k !== 'total')
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    'cost',
  ),
);
row(
  'idle CPU ms per second, all processes, at the production fetch wait (5 s; one platform started for it)',
  cell((r) => r.cost.idleAtProductionFetchWait?.idleCpuMsPerSecond.total ?? 'n/a', 'cost'),
);
row(
  "idle CPU ms per second, all processes, as run for load (distributed: the mock's 50 ms fetch wait; subtracted)",
  cell((r) => r.cost.idleCpuMsPerSecond.total, 'cost'),
);
row(
  'SQL statements per inbound (client side)',
  cell((r) => r.cost.perInbound.statements, 'cost'),
);
row(
  'transactions per inbound (client side, read-only included)',
  cell((r) => r.cost.perInbound.transactions, 'cost'),
);
row(
  'write transactions per inbound (xid growth)',
  cell((r) => r.writeTransactionsPerInbound, 'cost'),
);
row(
  'Kafka produce / fetch / offset-commit requests per inbound',
  cell(
    (r) => ['Produce', 'Fetch', 'OffsetCommit'].map((k) => r.cost.perInbound.kafkaRequests[k] ?? 0).join(' / '),
    'cost',
  ),
);
row(
  'peak resident memory MB by process (cost run)',
  cell(
    (r) =>
      r.peakRssMb
        ? Object.entries(r.peakRssMb)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')
        : 'n/a',
    'cost',
  ),
);
row(
  'saturation msgs/s (closed loop)',
  cell((r) => r.inbound.perSecond, 'saturation'),
);
row(
  'webhook answer p50 / p99 ms at saturation',
  cell((r) => `${r.latencyMs.webhookAnswered.p50} / ${r.latencyMs.webhookAnswered.p99}`, 'saturation'),
);
row(
  'at 80%: offered / achieved msgs/s',
  cell((r) => `${r.offeredRate} / ${r.inbound.perSecond}`, 'at-80pct'),
);
row(
  'at 80%: webhook answer p50 / p99 ms',
  cell((r) => `${r.latencyMs.webhookAnswered.p50} / ${r.latencyMs.webhookAnswered.p99}`, 'at-80pct'),
);
row(
  'at 80%: webhook to handoff.triggered p99 ms',
  cell((r) => r.latencyMs.webhookToHandoffTriggered.p99, 'at-80pct'),
);
row(
  'at 80%: event-loop delay max / p99 ms (the process that answers the webhook)',
  cell((r) => {
    const loop = r.eventLoopDelayMs?.embedded ?? r.eventLoopDelayMs?.['channel-gateway'];
    return loop ? `${loop.max} / ${loop.p99}` : 'n/a';
  }, 'at-80pct'),
);
row(
  'at 80%: embedded session: longest hold / longest edge wait ms',
  cell(
    (r) => (r.embeddedSessionMs ? `${r.embeddedSessionMs.heldMax} / ${r.embeddedSessionMs.edgeWaitMax}` : 'n/a'),
    'at-80pct',
  ),
);
process.stdout.write(
  `${rows
    .map((r) => `| ${r.join(' | ')} |`)
    .join('\n')
    .replace(/\n/, `\n|${rows[0]!.map(() => '---').join('|')}|\n`)}\n`,
);
