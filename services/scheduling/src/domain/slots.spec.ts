import { windowFor } from '@baton/lead-time';
import { candidateSlots, proposeSlots, slotAt, type SlotSearch } from './slots';

const weekdays = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
);
const texas = { zones: ['America/Chicago'], state: 'TX' };
const search = (over: Partial<SlotSearch> = {}): SlotSearch => ({
  now: '2026-03-03T14:00:00Z', // Tue 09:00 New York, 08:00 Chicago
  rep: {
    timezone: 'America/New_York',
    workingHours: weekdays,
    meetingMinutes: 15,
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 5,
  },
  busy: [],
  lead: { place: texas, window: windowFor(texas) },
  minNoticeMinutes: 60,
  horizonDays: 14,
  ...over,
});

describe('offering two slots', () => {
  it('gives the soonest sensible pair, not back to back', () => {
    expect(proposeSlots(search())).toEqual([
      { start: '2026-03-03T15:00:00.000Z', end: '2026-03-03T15:15:00.000Z' }, // 10:00 NY, an hour's notice
      { start: '2026-03-03T17:00:00.000Z', end: '2026-03-03T17:15:00.000Z' }, // two hours later
    ]);
  });

  it("keeps out of the rep's busy time with the buffers around it", () => {
    const [first] = proposeSlots(search({ busy: [{ start: '2026-03-03T15:00:00Z', end: '2026-03-03T15:30:00Z' }] }));
    expect(first!.start).toBe('2026-03-03T15:45:00.000Z'); // 15:30 + the 5-minute buffer: the next quarter hour
  });

  it("stays inside the lead's allowed hours in the lead's zone (a Honolulu lead and a New York rep)", () => {
    const hawaii = { zones: ['Pacific/Honolulu'], state: 'HI' };
    const slots = proposeSlots(search({ lead: { place: hawaii, window: windowFor(hawaii) } }));
    // 08:00 in Honolulu is 13:00 in New York (HST is UTC-10, EST UTC-5)
    expect(slots[0]!.start).toBe('2026-03-03T18:00:00.000Z');
    expect(slots[1]!.start).toBe('2026-03-03T20:00:00.000Z');
  });

  it('finds nothing when the hours never meet (a Tokyo lead, a New York rep)', () => {
    const tokyo = { zones: ['Asia/Tokyo'] };
    expect(proposeSlots(search({ lead: { place: tokyo, window: windowFor(tokyo) } }))).toEqual([]);
  });

  it('follows the spring change (Mar 8, 2026): Monday 9:00 in New York is 13:00Z, a week after 14:00Z', () => {
    const friday = search({ now: '2026-03-06T21:30:00Z' }); // Fri 16:30 EST: nothing left today
    expect(proposeSlots(friday)[0]!.start).toBe('2026-03-09T13:00:00.000Z');
    // a London lead: Europe changes on Mar 29, so the gap to New York is four hours between the two changes
    const london = { zones: ['Europe/London'] };
    const slots = proposeSlots({ ...friday, lead: { place: london, window: { start: '08:00', end: '16:00' } } });
    expect(slots.map((s) => s.start)).toEqual(['2026-03-09T13:00:00.000Z', '2026-03-09T15:00:00.000Z']); // 13:00 and 15:00 in London
  });

  it('follows the autumn change (Nov 1, 2026): Monday 9:00 in Chicago is 15:00Z', () => {
    const chicagoRep = { ...search().rep, timezone: 'America/Chicago' };
    const slots = proposeSlots(search({ now: '2026-10-30T22:30:00Z', rep: chicagoRep })); // Fri 17:30 CDT
    expect(slots[0]!.start).toBe('2026-11-02T15:00:00.000Z'); // CST, UTC-6 (it was UTC-5 the Friday before)
  });

  it('keeps a rep working across the autumn change night whole, without offering a slot twice', () => {
    const night = {
      ...search().rep,
      workingHours: { sun: [{ start: '00:00', end: '04:00' }] },
      meetingMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    };
    const anywhere = { zones: ['America/New_York'] };
    const all = [
      ...candidateSlots(
        search({
          now: '2026-10-31T12:00:00Z',
          rep: night,
          lead: { place: anywhere, window: { start: '00:00', end: '23:59' } },
          minNoticeMinutes: 0,
          horizonDays: 2,
        }),
      ),
    ];
    const starts = all.map((s) => s.start);
    expect(new Set(starts).size).toBe(starts.length);
    expect(starts[0]).toBe('2026-11-01T04:00:00.000Z');
    expect(starts[starts.length - 1]).toBe('2026-11-01T08:30:00.000Z'); // 03:30 EST: five real hours of work
  });

  it('honours a wish: friday afternoon, next week, a time', () => {
    const friday = proposeSlots(search({ wish: { weekday: 5, partOfDay: 'afternoon' } }));
    expect(friday[0]!.start).toBe('2026-03-06T18:00:00.000Z'); // Fri 12:00 in Chicago
    const nextWeek = proposeSlots(search({ wish: { fromDate: '2026-03-09' } }));
    expect(nextWeek[0]!.start).toBe('2026-03-09T13:00:00.000Z'); // Mon 9:00 EDT, 08:00 CDT in Texas
  });

  it('leaves out the pair the lead said no to', () => {
    const first = proposeSlots(search());
    const second = proposeSlots(search({ exclude: first.map((s) => s.start) }));
    expect(second.map((s) => s.start)).not.toContain(first[0]!.start);
    expect(second.map((s) => s.start)).not.toContain(first[1]!.start);
  });

  it('books an asked-for time only when it is free and allowed', () => {
    expect(slotAt(search(), '2026-03-04T20:00:00.000Z')).toEqual({
      start: '2026-03-04T20:00:00.000Z',
      end: '2026-03-04T20:15:00.000Z',
    });
    expect(
      slotAt(
        search({ busy: [{ start: '2026-03-04T20:00:00Z', end: '2026-03-04T20:15:00Z' }] }),
        '2026-03-04T20:00:00.000Z',
      ),
    ).toBeUndefined();
    expect(slotAt(search(), '2026-03-04T23:00:00.000Z')).toBeUndefined(); // 18:00 in New York: after hours
  });
});
