// Booking throughput under contention on PostgreSQL: many leads picking from few slots of one rep at once,
// through the real use case (calendar re-check, the exclusion constraint, the next free pair for a loser).
// Usage: npm run bench:scheduling -- [--leads 400] [--slots 20] [--concurrency 40] [--rounds 3]
//   (needs PostgreSQL; BATON_TEST_DATABASE_URL to point elsewhere)
import { randomUUID } from 'node:crypto';
import type { EventBus } from '@baton/event-bus';
import { createTestDatabase } from '@baton/testing';
import pino from 'pino';
import { Calendars } from '../services/scheduling/src/adapters/calendars/calendars';
import { noteLead } from '../services/scheduling/src/adapters/lead-store';
import { Mailer } from '../services/scheduling/src/adapters/mailer';
import { openOffer, type Offer } from '../services/scheduling/src/adapters/meeting-store';
import type { Slot } from '@baton/contracts';
import { Outbox } from '../services/scheduling/src/adapters/outbox';
import { saveRep } from '../services/scheduling/src/adapters/rep-store';
import { migrateScheduling } from '../services/scheduling/src/adapters/schema';
import { BookMeeting } from '../services/scheduling/src/book-meeting/book-meeting';
import { readSchedulingConfig } from '../services/scheduling/src/config';
import { OfferSlots } from '../services/scheduling/src/offer-slots/offer-slots';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const leads = arg('leads', 400);
const slotCount = arg('slots', 20);
const concurrency = arg('concurrency', 40);
const rounds = arg('rounds', 3);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  const db = await createTestDatabase({ require: 'postgres' });
  const sql = await db.open({ poolSize: concurrency + 2 });
  const now = '2026-03-03T14:00:00.000Z';
  const clock = { now: () => now };
  const config = readSchedulingConfig({ BATON_DEMO_REP: 'false', DATABASE_URL: 'postgres://bench' });
  const logger = pino({ level: 'silent' });
  const bus: EventBus = {
    adapter: 'bench',
    publish: async () => undefined,
    publishWithin: () => undefined,
    subscribe: async () => {
      throw new Error('no');
    },
    healthy: async () => true,
    close: async () => undefined,
  };
  const outbox = new Outbox(sql, bus, logger);
  const offers = new OfferSlots(sql, new Calendars(config), outbox, config, clock, logger);
  const booking = new BookMeeting(sql, offers, outbox, new Mailer(config), config, clock, logger);
  try {
    await migrateScheduling(sql);
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const tenantId = `bench-${round}`;
      const allDay = [{ start: '00:00', end: '24:00' }];
      await saveRep(sql, {
        tenantId,
        repId: 'sarah',
        name: 'Sarah Lee',
        timezone: 'UTC',
        workingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay])),
        meetingMinutes: 15,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 5,
        territory: [],
        skills: { verticals: [], languages: [] },
        calendar: { kind: 'internal' },
      });
      // Few slots, many leads: every slot is wanted by leads/slots of them at once.
      const slots = Array.from({ length: slotCount }, (_, i) => {
        const start = Date.parse('2026-03-04T14:00:00.000Z') + i * 30 * 60_000;
        return { start: new Date(start).toISOString(), end: new Date(start + 15 * 60_000).toISOString() };
      });
      const picks: { offer: Offer; slot: Slot }[] = [];
      for (let i = 0; i < leads; i++) {
        const conversationId = `c-${i}`;
        await noteLead(sql, tenantId, conversationId, { leadPhone: '+12125550100', driver: 'handoff_pending' });
        const slot = slots[i % slotCount]!;
        const offer = {
          offerId: `o-${round}-${i}`,
          tenantId,
          conversationId,
          repId: 'sarah',
          slots: [slot, slots[(i + 1) % slotCount]!],
          why: 'handoff' as const,
          clarified: false,
          leadTimezone: 'America/New_York',
          zoneUncertain: false,
          createdAt: now,
        };
        await openOffer(sql, offer);
        picks.push({ offer: { ...offer, status: 'open' as const }, slot });
      }
      const latencies: number[] = [];
      let booked = 0;
      let taken = 0;
      let next = 0;
      const started = process.hrtime.bigint();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = next++; i < picks.length; i = next++) {
            const t0 = process.hrtime.bigint();
            const outcome = await booking.book({ ...picks[i]!, cause: { id: randomUUID(), correlationid: 'bench' } });
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (outcome.kind === 'booked') booked++;
            else taken++;
          }
        }),
      );
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      latencies.sort((a, b) => a - b);
      const { rows } = await sql.query<{ n: string }>(
        "SELECT count(*) AS n FROM scheduling_meetings WHERE tenant_id = $1 AND status = 'booked'",
        [tenantId],
      );
      results.push({
        round,
        attempts: picks.length,
        booked,
        taken,
        bookedInDatabase: Number(rows[0]!.n),
        seconds: Number(seconds.toFixed(3)),
        attemptsPerSecond: Math.round(picks.length / seconds),
        p50Ms: Number(percentile(latencies, 50).toFixed(1)),
        p99Ms: Number(percentile(latencies, 99).toFixed(1)),
      });
    }
    const best = results.reduce((a, b) => (b.attemptsPerSecond > a.attemptsPerSecond ? b : a));
    process.stdout.write(
      `${JSON.stringify({ leads, slots: slotCount, concurrency, rounds: results, median: { attemptsPerSecond: results.map((r) => r.attemptsPerSecond).sort((a, b) => a - b)[Math.floor(results.length / 2)], best: best.attemptsPerSecond } }, null, 2)}\n`,
    );
    for (const r of results)
      if (r.bookedInDatabase !== slotCount && r.bookedInDatabase !== r.booked)
        throw new Error(`round ${r.round}: ${r.bookedInDatabase} bookings in the database, ${r.booked} reported`);
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
