import { randomUUID } from 'node:crypto';
import type { Calendar, CalendarEvent } from '../src/adapters/calendars/calendar.port';
import { inviteIcs, inviteUid } from '../src/domain/invite';

/** One event as Baton writes it, on a given day, at a given time. */
export function anEvent(start: string, minutes = 15, meetingId = randomUUID()): CalendarEvent {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return {
    uid: inviteUid(meetingId),
    start,
    end,
    summary: 'Call with a lead (Baton)',
    description: 'test',
    location: 'call +15125550100',
    ics: inviteIcs({
      meeting: { meetingId, start, end, repName: 'Sarah Lee', sequence: 0, status: 'booked' },
      rep: { name: 'Sarah Lee' },
      lead: { phone: '+15125550100' },
      alarmMinutes: 30,
      organizer: { name: 'Baton', email: 'meetings@baton.invalid' },
      stampedAt: '2026-03-01T00:00:00.000Z',
    }),
  };
}

/** The suite every calendar adapter passes: free/busy shows Baton's events; a create sent again never double-books. */
export function calendarContract(
  adapter: string,
  open: () => Promise<{ calendar: Calendar; close(): Promise<void> }>,
): void {
  describe(`Calendar contract (${adapter})`, () => {
    let calendar: Calendar;
    let close: () => Promise<void>;
    beforeEach(async () => ({ calendar, close } = await open()));
    afterEach(() => close());
    const day = { from: '2026-03-04T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' };

    it('shows an event it put as busy, and only inside the range asked', async () => {
      await calendar.put(anEvent('2026-03-04T15:30:00.000Z'));
      const busy = await calendar.busy(day.from, day.to);
      expect(busy.map(({ start, end }) => ({ start, end }))).toEqual([
        { start: '2026-03-04T15:30:00.000Z', end: '2026-03-04T15:45:00.000Z' },
      ]);
      expect(await calendar.busy('2026-03-05T00:00:00.000Z', '2026-03-06T00:00:00.000Z')).toEqual([]);
    });

    it('puts the same event twice without a second copy (a retried create)', async () => {
      const event = anEvent('2026-03-04T17:00:00.000Z');
      await calendar.put(event);
      await calendar.put(event);
      expect(await calendar.busy(day.from, day.to)).toHaveLength(1);
    });

    it('moves an event put again with a new time, and removes it (twice is fine)', async () => {
      const meetingId = randomUUID();
      await calendar.put(anEvent('2026-03-04T15:00:00.000Z', 15, meetingId));
      await calendar.put(anEvent('2026-03-04T19:00:00.000Z', 30, meetingId));
      expect((await calendar.busy(day.from, day.to)).map((b) => b.start)).toEqual(['2026-03-04T19:00:00.000Z']);
      await calendar.remove(inviteUid(meetingId));
      await calendar.remove(inviteUid(meetingId));
      expect(await calendar.busy(day.from, day.to)).toEqual([]);
    });
  });
}
