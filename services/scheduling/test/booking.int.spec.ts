import { randomUUID } from 'node:crypto';
import { PgliteSql, type Sql } from '@baton/sql';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { findOpenOffer, listMeetings } from '../src/adapters/meeting-store';
import { migrateScheduling } from '../src/adapters/schema';
import { aLead, anOffer, aRep, openScheduling, TestClock } from './scheduling.fixtures';

const now = '2026-03-03T14:00:00.000Z'; // Tue 08:00 in Austin
const slot = { start: '2026-03-04T16:00:00.000Z', end: '2026-03-04T16:15:00.000Z' }; // Wed 10:00 in Austin
const other = { start: '2026-03-04T19:00:00.000Z', end: '2026-03-04T19:15:00.000Z' };

async function race(sql: Sql, leads: number) {
  const clock = new TestClock(now);
  const scheduling = openScheduling(sql, clock);
  const tenantId = `t-${randomUUID().slice(0, 8)}`;
  await aRep(sql, tenantId, 'sarah');
  const offers = [];
  for (let i = 0; i < leads; i++) {
    const conversationId = `c-${i}`;
    await aLead(sql, tenantId, conversationId);
    offers.push(await anOffer(sql, tenantId, conversationId, [slot, other], now));
  }
  // Every lead picks the same slot at once.
  const outcomes = await Promise.all(
    offers.map((offer) =>
      scheduling.booking.book({
        offer,
        slot,
        inReplyTo: `m-${offer.conversationId}`,
        cause: { id: randomUUID(), correlationid: randomUUID() },
      }),
    ),
  );
  await scheduling.outbox.flush();
  return { tenantId, outcomes, scheduling };
}

describe('booking under contention', () => {
  let db: TestDatabase;
  let sql: Sql;
  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open({ poolSize: 25 });
    await migrateScheduling(sql);
  });
  afterAll(() => db?.drop());

  it('gives one slot to exactly one of 50 leads booking it at once (PostgreSQL, exclusion constraint)', async () => {
    const { tenantId, outcomes, scheduling } = await race(sql, 50);
    expect(outcomes.filter((o) => o.kind === 'booked')).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(49);
    const booked = await listMeetings(sql, tenantId, { repId: 'sarah', limit: 100 });
    expect(booked.filter((m) => m.status === 'booked' && m.start === slot.start)).toHaveLength(1);
    expect(scheduling.bus.of('baton.scheduling.meeting.booked.v1')).toHaveLength(1);
    // Each of the 49 got the next free pair, without the taken time.
    const retried = scheduling.bus
      .of('baton.scheduling.slots.offered.v1')
      .map((e) => e.data as { why: string; slots: { start: string }[] });
    expect(retried).toHaveLength(49);
    for (const offer of retried) {
      expect(offer.why).toBe('slot_taken');
      expect(offer.slots.map((s) => s.start)).not.toContain(slot.start);
    }
    const loser = outcomes.findIndex((o) => o.kind === 'taken');
    expect(await findOpenOffer(sql, tenantId, `c-${loser}`)).toMatchObject({ why: 'slot_taken' });
  });

  it('refuses an overlapping booking through the buffers, not only the same start', async () => {
    const clock = new TestClock(now);
    const scheduling = openScheduling(sql, clock);
    const tenantId = `t-${randomUUID().slice(0, 8)}`;
    await aRep(sql, tenantId, 'sarah');
    await aLead(sql, tenantId, 'a');
    await aLead(sql, tenantId, 'b');
    const first = await scheduling.booking.book({
      offer: await anOffer(sql, tenantId, 'a', [slot, other], now),
      slot,
      cause: { id: randomUUID(), correlationid: 'x' },
    });
    expect(first.kind).toBe('booked');
    // 16:20 starts inside the first meeting's 5-minute after-buffer plus this one's 5-minute before-buffer
    const near = { start: '2026-03-04T16:20:00.000Z', end: '2026-03-04T16:35:00.000Z' };
    const second = await scheduling.booking.book({
      offer: await anOffer(sql, tenantId, 'b', [near, other], now),
      slot: near,
      cause: { id: randomUUID(), correlationid: 'y' },
    });
    expect(second.kind).toBe('taken');
  });

  it('books the same pick handled twice once (a redelivery)', async () => {
    const clock = new TestClock(now);
    const scheduling = openScheduling(sql, clock);
    const tenantId = `t-${randomUUID().slice(0, 8)}`;
    await aRep(sql, tenantId, 'sarah');
    await aLead(sql, tenantId, 'a');
    const offer = await anOffer(sql, tenantId, 'a', [slot, other], now);
    const cause = { id: randomUUID(), correlationid: 'x' };
    const [one, two] = await Promise.all([
      scheduling.booking.book({ offer, slot, cause }),
      scheduling.booking.book({ offer, slot, cause }),
    ]);
    expect([one.kind, two.kind]).toEqual(['booked', 'booked']);
    expect(await listMeetings(sql, tenantId, { limit: 10 })).toHaveLength(1);
  });
});

describe('booking on PGlite (the embedded mode), which loads btree_gist', () => {
  it('holds the exclusion constraint too', async () => {
    const sql = await PgliteSql.open();
    try {
      await migrateScheduling(sql);
      const { outcomes } = await race(sql, 8);
      expect(outcomes.filter((o) => o.kind === 'booked')).toHaveLength(1);
    } finally {
      await sql.close();
    }
  });
});
