// The idle rate of the distributed platform at a fetch wait (default: the production 5000 ms), over a longer window
// than the bench's: CPU ms per second per process (from /proc, 10 ms ticks), after a settle, with the services' own
// timer defaults.
// Usage: node -r ./scripts/register.js scripts/bench-idle.ts [--fetch-wait MS] [--seconds S] [--settle S]
import { idleRate, productionTimers } from './bench-cost';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

idleRate(arg('fetch-wait', '5000'), productionTimers, Number(arg('seconds', '30')), Number(arg('settle', '10'))).then(
  (rate) => {
    console.log(JSON.stringify(rate));
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(`bench-idle failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
