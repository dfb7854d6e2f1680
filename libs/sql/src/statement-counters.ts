import { writeFileSync } from 'node:fs';

/**
 * What this process sent to its database, counted on the client: statements (each query or script, savepoints
 * included, BEGIN and COMMIT not), transactions opened and committed. Read by the metrics endpoint
 * (`baton_sql_*_total`) and so by the load benchmark's cost per inbound message.
 */
export const sqlCounters = { statements: 0, transactions: 0, commits: 0 };

/**
 * With BATON_SQL_PROFILE=<file>, each statement text's count and summed wall time, written to that file every 2 s:
 * where a benchmark's statements (and, on PGlite, this thread's time) go. `%p` in the name stands for the process
 * id (distributed mode: one file per service). A process that sent nothing writes nothing, so the benchmark's own
 * process does not overwrite the platform's file. Off by default: no timing, no map.
 */
const profileFile = process.env.BATON_SQL_PROFILE?.replace('%p', String(process.pid));
const profile = new Map<string, { count: number; ms: number }>();
if (profileFile) {
  setInterval(() => {
    if (profile.size === 0) return;
    const rows = [...profile.entries()].map(([text, p]) => ({ text, count: p.count, ms: Math.round(p.ms) }));
    rows.sort((a, b) => b.ms - a.ms);
    writeFileSync(profileFile, JSON.stringify(rows, null, 1));
  }, 2000).unref();
}

/** Counts one statement and, when profiling, times it. */
export async function countStatement<T>(text: string, run: () => Promise<T>): Promise<T> {
  sqlCounters.statements++;
  if (!profileFile) return run();
  const start = performance.now();
  try {
    return await run();
  } finally {
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 160);
    const entry = profile.get(key) ?? { count: 0, ms: 0 };
    entry.count++;
    entry.ms += performance.now() - start;
    profile.set(key, entry);
  }
}
