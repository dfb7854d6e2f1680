// The idle rate of the distributed platform at a fetch wait (default: the production 5000 ms), over a longer window
// than the bench's: CPU ms per second per process (from /proc, 10 ms ticks), after a settle, with the services' own
// timer defaults.
// Usage: node -r ./scripts/register.js scripts/bench-idle.ts [--fetch-wait MS] [--seconds S] [--settle S]
import { CpuMeter, minus, productionTimers, round } from './bench-cost';
import { startProcesses } from '../services/embedded/test/harness';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const fetchWait = arg('fetch-wait', '5000');
  const seconds = Number(arg('seconds', '30'));
  const baton = await startProcesses({
    mode: 'distributed',
    keepLogs: false,
    extra: { ...productionTimers, KAFKA_FETCH_MAX_WAIT_MS: fetchWait },
  });
  const cpu = await CpuMeter.start(
    () => [
      ...baton.processes.map((p) => ({ name: p.name, pid: p.child.pid! })),
      ...(baton.kafkaPid ? [{ name: 'kafka-mock', pid: baton.kafkaPid }] : []),
    ],
    baton.databaseUrl,
  );
  await sleep(Number(arg('settle', '10')) * 1000);
  const start = { cpu: await cpu.snapshot(), at: Date.now() };
  await sleep(seconds * 1000);
  const end = { cpu: await cpu.snapshot(), at: Date.now() };
  await cpu.stop();
  await baton.stop();
  const window = (end.at - start.at) / 1000;
  const rates = Object.entries(minus(end.cpu, start.cpu)).map(([k, v]) => [k, round(v / window, 1)] as const);
  console.log(
    JSON.stringify({
      fetchMaxWaitMs: Number(fetchWait),
      idleSeconds: round(window, 1),
      idleCpuMsPerSecond: {
        ...Object.fromEntries(rates),
        total: round(
          rates.reduce((a, [, v]) => a + v, 0),
          1,
        ),
      },
    }),
  );
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
