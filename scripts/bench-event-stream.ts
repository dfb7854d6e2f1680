// The console's live path, end to end in the embedded mode: from a lead's text (POST on the dev channel) to the
// handoff.triggered fact arriving on every open GET /v1/events/stream, with S consoles open at once.
// Usage: npm run bench:event-stream -- [--streams 20] [--leads 30]   (PGlite, in-process bus; no server needed)
import { DateTime } from 'luxon';
import { startForTest } from '@baton/service-runtime/testing';
import { allServices } from '../services/embedded/src/platform';
import { EventStreamReader } from '../services/embedded/test/sse-reader';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const streams = arg('streams', 20);
const leads = arg('leads', 30);
// Leads in their day now, so nothing waits for quiet hours.
const zones = [
  { prefix: '+1212555', zone: 'America/New_York' },
  { prefix: '+44207946', zone: 'Europe/London' },
  { prefix: '+649300', zone: 'Pacific/Auckland' },
  { prefix: '+9714300', zone: 'Asia/Dubai' },
];
const day =
  zones.find((z) => {
    const h = DateTime.now().setZone(z.zone).hour;
    return h >= 9 && h < 19;
  }) ?? zones[0]!;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const baton = await startForTest(allServices);
  try {
    const token = await baton.token('supervisor');
    const readers = await Promise.all(
      Array.from({ length: streams }, () =>
        new EventStreamReader(`${baton.url}/v1/events/stream`, { authorization: `Bearer ${token}` }).open(),
      ),
    );
    await Promise.all(readers.map((r) => r.waitFor((e) => e.event === 'ready')));
    const latencies: number[] = [];
    for (let i = 0; i < leads; i++) {
      const phone = `${day.prefix}${String(7000 + i).padStart(4, '0')}`;
      const sent = performance.now();
      const response = await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
        method: 'POST',
        body: JSON.stringify({ body: 'Hi, can I talk to a real person about my refinance?' }),
      });
      if (response.status !== 202) throw new Error(`the dev channel answered ${response.status}`);
      // The conversation is the one whose conversation.started names this lead; each stream's arrival is timed.
      await Promise.all(
        readers.map(async (reader) => {
          const started = await reader.waitFor(
            (e) =>
              e.event === 'conversation' &&
              (JSON.parse(e.data) as { data: { leadPhone?: string } }).data.leadPhone === phone,
            60_000,
          );
          const { conversationId } = JSON.parse(started.data) as { conversationId: string };
          await reader.waitFor(
            (e) =>
              e.event === 'conversation' &&
              JSON.parse(e.data).conversationId === conversationId &&
              JSON.parse(e.data).name === 'handoff.triggered',
            60_000,
          );
          latencies.push(performance.now() - sent);
        }),
      );
    }
    for (const r of readers) await r.close();
    latencies.sort((a, b) => a - b);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    process.stdout.write(
      `lead text -> handoff.triggered on the stream, ${streams} streams x ${leads} leads (embedded, PGlite):\n` +
        `  p50 ${ms(percentile(latencies, 50))}  p95 ${ms(percentile(latencies, 95))}  max ${ms(latencies[latencies.length - 1]!)}  (${latencies.length} arrivals)\n`,
    );
  } finally {
    await baton.cleanup();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
