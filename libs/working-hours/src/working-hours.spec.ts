import { effectivePresence, isWorking, problemWithHours, workingIntervals } from './working-hours';

const weekdays = {
  mon: [{ start: '09:00', end: '17:00' }],
  tue: [{ start: '09:00', end: '17:00' }],
  wed: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  thu: [{ start: '09:00', end: '17:00' }],
  fri: [{ start: '09:00', end: '17:00' }],
};
const ny = 'America/New_York';

describe("a rep's working week", () => {
  it("lays each day's ranges in the rep's zone", () => {
    // Mon 2026-03-02 (EST, UTC-5)
    expect(workingIntervals(weekdays, ny, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toEqual([
      { start: '2026-03-02T14:00:00.000Z', end: '2026-03-02T22:00:00.000Z' },
    ]);
    expect(workingIntervals(weekdays, ny, '2026-03-04T00:00:00Z', '2026-03-05T00:00:00Z')).toHaveLength(2); // a lunch break
  });

  it('moves in UTC across the spring change (Mar 8, 2026) and keeps the wall clock', () => {
    const [friday, monday] = workingIntervals(weekdays, ny, '2026-03-06T00:00:00Z', '2026-03-10T00:00:00Z');
    expect(friday).toEqual({ start: '2026-03-06T14:00:00.000Z', end: '2026-03-06T22:00:00.000Z' }); // EST
    expect(monday).toEqual({ start: '2026-03-09T13:00:00.000Z', end: '2026-03-09T21:00:00.000Z' }); // EDT
  });

  it('keeps the real length of a range across the autumn change (Nov 1, 2026)', () => {
    const night = { sun: [{ start: '00:00', end: '04:00' }] };
    const [range] = workingIntervals(night, ny, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z');
    expect(range).toEqual({ start: '2026-11-01T04:00:00.000Z', end: '2026-11-01T09:00:00.000Z' }); // 01:00-02:00 happens twice: five real hours
  });

  it('derives presence: offline outside hours, what the rep set inside, busy when never set', () => {
    const rep = { workingHours: weekdays, timezone: ny };
    expect(effectivePresence({ ...rep, presence: 'available' }, '2026-03-02T15:00:00Z')).toBe('available');
    expect(effectivePresence({ ...rep, presence: 'available' }, '2026-03-02T23:00:00Z')).toBe('offline');
    expect(effectivePresence({ ...rep, presence: 'available' }, '2026-03-07T15:00:00Z')).toBe('offline'); // Saturday
    expect(effectivePresence(rep, '2026-03-02T15:00:00Z')).toBe('busy');
    expect(isWorking(weekdays, 'America/Los_Angeles', '2026-03-02T16:30:00Z')).toBe(false); // 08:30 in LA
  });

  it('refuses hours that make no sense', () => {
    expect(problemWithHours({ mon: [{ start: '17:00', end: '09:00' }] })).toMatch(/ends before it starts/);
    expect(
      problemWithHours({
        tue: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      }),
    ).toMatch(/overlaps/);
    expect(problemWithHours({ sun: [{ start: '20:00', end: '24:00' }] })).toBeUndefined();
  });
});
