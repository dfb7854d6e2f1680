import { randomUUID } from 'node:crypto';
import type { Sql } from '@baton/sql';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { claimDue, timersOf } from '../src/adapters/timer-store';
import { noteLead } from '../src/adapters/lead-store';
import { migrateScheduling } from '../src/adapters/schema';
import { aLead, anOffer, aRep, openScheduling, TestClock } from './scheduling.fixtures';

const bookedAt = '2026-03-04T14:00:00.000Z';
const slot = { start: '2026-03-04T16:00:00.000Z', end: '2026-03-04T16:15:00.000Z' }; // 10:00 in Austin
const dueAt = '2026-03-04T15:30:00.000Z';

let db: TestDatabase;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase({ require: 'postgres' });
  sql = await db.open({ poolSize: 10 });
  await migrateScheduling(sql);
});
afterAll(() => db?.drop());

/** A booked meeting (and its reminder timer) for a new tenant; the clock at booking time. */
async function aBooking() {
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  const clock = new TestClock(bookedAt);
  const scheduling = openScheduling(sql, clock);
  await aRep(sql, tenantId, 'sarah');
  await aLead(sql, tenantId, 'c1');
  const offer = await anOffer(sql, tenantId, 'c1', [slot], bookedAt);
  const booked = await scheduling.booking.book({ offer, slot, cause: { id: randomUUID(), correlationid: 'x' } });
  if (booked.kind !== 'booked') throw new Error('not booked');
  return { tenantId, clock, meetingId: booked.meeting.meetingId };
}

/** Everything the replicas' outboxes put on the bus, by type, across every replica. */
async function outboxed(tenantId: string, type: string) {
  const { rows } = await sql.query<{ value: string }>(
    "SELECT value FROM scheduling_outbox WHERE value::jsonb->>'tenantid' = $1 AND value::jsonb->>'type' = $2",
    [tenantId, type],
  );
  return rows.map(
    (r) => JSON.parse(r.value) as { id: string; data: { idempotencyKey: string; body: string; author: string } },
  );
}

describe('the reminder 30 minutes before', () => {
  it('fires at its moment, not before, naming the rep, through the gate as a system send', async () => {
    const { tenantId, clock } = await aBooking();
    const scheduling = openScheduling(sql, clock);
    const runner = scheduling.runner();
    clock.at = '2026-03-04T15:29:59.000Z';
    await runner.tick();
    expect(await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).toEqual([]);
    clock.at = dueAt;
    await runner.tick();
    const [sent, ...more] = await outboxed(tenantId, 'baton.commands.outbound.requested.v1');
    expect(more).toEqual([]);
    expect(sent!.data).toMatchObject({
      author: 'system',
      body: 'Quick reminder: your call with Sarah is at 10:00.',
      idempotencyKey: expect.stringMatching(/^reminder:/),
    });
    expect(scheduling.bus.of('baton.scheduling.reminder.due.v1')).toHaveLength(1);
  });

  it('fires exactly once with two replicas ticking together', async () => {
    const { tenantId, clock } = await aBooking();
    const replicas = [openScheduling(sql, clock).runner(), openScheduling(sql, clock).runner()];
    clock.at = dueAt;
    for (let round = 0; round < 5; round++) {
      await Promise.all(replicas.map((r) => r.tick()));
      clock.advance(90_000); // past any lease
    }
    expect(await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).toHaveLength(1);
  });

  it('fires exactly once across a restart: a replica that died holding the lease is taken over once the lease runs out', async () => {
    const { tenantId, clock, meetingId } = await aBooking();
    clock.at = dueAt;
    // The first replica claims the reminder and dies before sending it.
    const claimed = await claimDue(sql, 'replica-that-died', clock.now(), 60_000, 10);
    expect(claimed.map((t) => t.meetingId)).toContain(meetingId);
    const restarted = openScheduling(sql, clock).runner();
    await restarted.tick();
    expect(await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).toEqual([]); // still leased
    clock.advance(61_000);
    await restarted.tick();
    await restarted.tick();
    expect(await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).toHaveLength(1);
    expect((await timersOf(sql, meetingId)).find((t) => t.kind === 'reminder')).toMatchObject({ status: 'done' });
  });

  it('publishes a reminder whose process died after committing it, once, from the outbox', async () => {
    const { tenantId, clock } = await aBooking();
    clock.at = dueAt;
    const first = openScheduling(sql, clock);
    // Commit the reminder but die before the outbox is published: the bus of this replica never hears it.
    const flush = first.outbox.flush.bind(first.outbox);
    first.outbox.flush = async () => 0;
    await first.runner().tick();
    expect(first.bus.of('baton.commands.outbound.requested.v1')).toEqual([]);
    first.outbox.flush = flush;
    const next = openScheduling(sql, clock);
    await next.outbox.flush();
    await next.outbox.flush();
    expect(next.bus.of('baton.commands.outbound.requested.v1').filter((e) => e.tenantid === tenantId)).toHaveLength(1);
  });

  it('never texts a lead who opted out, nor for a meeting that moved or was cancelled', async () => {
    const optedOut = await aBooking();
    await noteLead(sql, optedOut.tenantId, 'c1', { optedOut: true });
    optedOut.clock.at = dueAt;
    await openScheduling(sql, optedOut.clock).runner().tick();
    expect(await outboxed(optedOut.tenantId, 'baton.commands.outbound.requested.v1')).toEqual([]);

    const cancelled = await aBooking();
    const scheduling = openScheduling(sql, cancelled.clock);
    await scheduling.changes.cancel({
      tenantId: cancelled.tenantId,
      meetingId: cancelled.meetingId,
      by: 'lead',
      cause: { id: randomUUID(), correlationid: 'x' },
    });
    cancelled.clock.at = dueAt;
    await scheduling.runner().tick();
    expect(await outboxed(cancelled.tenantId, 'baton.commands.outbound.requested.v1')).toEqual([]);

    const moved = await aBooking();
    const mover = openScheduling(sql, moved.clock);
    await mover.changes.move({
      tenantId: moved.tenantId,
      meetingId: moved.meetingId,
      start: '2026-03-04T20:00:00.000Z',
      by: 'lead',
      cause: { id: randomUUID(), correlationid: 'x' },
    });
    moved.clock.at = dueAt;
    await mover.runner().tick();
    expect(await outboxed(moved.tenantId, 'baton.commands.outbound.requested.v1')).toEqual([]); // the old time's reminder is gone
    moved.clock.at = '2026-03-04T19:30:00.000Z';
    await mover.runner().tick();
    const [sent] = await outboxed(moved.tenantId, 'baton.commands.outbound.requested.v1');
    expect(sent!.data.body).toBe('Quick reminder: your call with Sarah is at 2:00.');
  });

  describe('woken by what makes a timer due, not by the safety bound (an hour here)', () => {
    const anHour = { BATON_SCHEDULING_TICK_MS: String(3_600_000) };
    /** A clock that runs from `iso` on, in real time: the runner sleeps against it. */
    const runningFrom = (iso: string) => {
      const offset = Date.parse(iso) - Date.now();
      return { now: () => new Date(Date.now() + offset).toISOString() };
    };

    it('sends a reminder that comes due while the runner sleeps, at its moment', async () => {
      const { tenantId, meetingId } = await aBooking();
      const scheduling = openScheduling(sql, runningFrom(new Date(Date.parse(dueAt) - 300).toISOString()), anHour);
      const runner = scheduling.runner();
      await runner.onApplicationBootstrap();
      await runner.settled(); // the first round found the reminder not due yet
      try {
        await eventually(
          async () => (await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).length === 1,
          'the reminder sent',
        );
        expect((await timersOf(sql, meetingId)).find((t) => t.kind === 'reminder')).toMatchObject({ status: 'done' });
      } finally {
        await runner.beforeApplicationShutdown();
      }
    });

    it('runs a timer armed while it sleeps, in another replica (the commit notifies every runner)', async () => {
      const clock = runningFrom(bookedAt);
      const runner = openScheduling(sql, clock, anHour).runner();
      await runner.onApplicationBootstrap();
      await runner.settled(); // asleep, for the hour
      try {
        // Booked elsewhere (another replica's connection) after the runner went to sleep, with a reminder due at once.
        const tenantId = `t-${randomUUID().slice(0, 8)}`;
        await aRep(sql, tenantId, 'sarah');
        await aLead(sql, tenantId, 'c1');
        const offer = await anOffer(sql, tenantId, 'c1', [slot], bookedAt);
        const other = await db.open();
        const dueAtOnce = { ...anHour, BATON_REMINDER_LEAD_MINUTES: String(24 * 60) };
        const booked = await openScheduling(other, clock, dueAtOnce).booking.book({
          offer,
          slot,
          cause: { id: randomUUID(), correlationid: 'x' },
        });
        if (booked.kind !== 'booked') throw new Error('not booked');
        await eventually(
          async () => (await outboxed(tenantId, 'baton.commands.outbound.requested.v1')).length === 1,
          'the reminder sent',
        );
        await other.close();
      } finally {
        await runner.beforeApplicationShutdown();
      }
    });
  });
});
