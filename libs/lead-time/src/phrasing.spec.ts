import { sayDay, sayDuration, saySlots, sayTime } from './phrasing';

const now = '2026-03-03T14:00:00Z'; // Tuesday 09:00 in New York
const ny = 'America/New_York';

describe("a moment in the lead's own words and clock", () => {
  it('reads business hours without am/pm, and marks the ones that could be misread', () => {
    expect(sayTime('2026-03-04T15:30:00Z', ny)).toBe('10:30');
    expect(sayTime('2026-03-04T18:15:00Z', ny)).toBe('1:15');
    expect(sayTime('2026-03-05T00:30:00Z', ny)).toBe('7:30 pm');
    expect(sayTime('2026-03-04T12:30:00Z', ny)).toBe('7:30 am');
    expect(sayTime('2026-03-04T15:30:00Z', 'America/Los_Angeles', { zoneName: true })).toBe('7:30 am PST');
  });

  it('names the day relative to now, in the lead zone', () => {
    expect(sayDay('2026-03-03T20:00:00Z', ny, now)).toBe('today');
    expect(sayDay('2026-03-04T15:00:00Z', ny, now)).toBe('tomorrow');
    expect(sayDay('2026-03-06T15:00:00Z', ny, now)).toBe('Friday');
    expect(sayDay('2026-03-16T15:00:00Z', ny, now)).toBe('Mon, Mar 16');
    // 03:00Z on Wednesday is still Tuesday evening in Los Angeles
    expect(sayDay('2026-03-04T03:00:00Z', 'America/Los_Angeles', now)).toBe('today');
  });

  it('says two slots as a person would', () => {
    expect(saySlots(['2026-03-04T15:30:00Z', '2026-03-04T18:15:00Z'], ny, now)).toBe('tomorrow at 10:30 or 1:15');
    expect(saySlots(['2026-03-04T20:00:00Z', '2026-03-05T15:30:00Z'], ny, now)).toBe(
      'tomorrow at 3:00 or Thursday at 10:30',
    );
  });

  it('keeps the wall clock across the spring change', () => {
    // Friday Mar 6 before the change; Monday Mar 9 10:30 EDT is 14:30Z (it was 15:30Z the week before)
    expect(saySlots(['2026-03-09T14:30:00Z'], ny, '2026-03-06T15:00:00Z')).toBe('Monday at 10:30');
  });

  it('says lengths of time', () => {
    expect(sayDuration(30)).toBe('30 minutes');
    expect(sayDuration(60)).toBe('1 hour');
    expect(sayDuration(2880)).toBe('2 days');
  });
});
