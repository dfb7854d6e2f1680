import { datesIn, formatDay, urgencyOf } from './timeline';

// Messages at fixed times (the clock is an input), including both 2026 US DST changes.
const monday = '2026-03-02T15:00:00Z';

describe("days in a lead's words, in the lead's zone", () => {
  it('resolves "in 9 days" and "by Friday" from the message time', () => {
    const found = datesIn("we're closing in 9 days, need commitment by Friday", monday, 'America/Chicago');
    expect(found.map((d) => [d.text, d.date, d.days])).toEqual([
      ['in 9 days', '2026-03-11', 9],
      ['Friday', '2026-03-06', 4],
    ]);
    expect(formatDay('2026-03-06', monday, 'America/Chicago')).toBe('Fri Mar 6');
  });

  it("counts days across the spring-forward change (Mar 8 2026) in the lead's zone", () => {
    const saturdayNight = '2026-03-08T04:30:00Z'; // 10:30 pm Saturday Mar 7 in Chicago
    expect(datesIn('need it done tomorrow', saturdayNight, 'America/Chicago').map((d) => [d.date, d.days])).toEqual([
      ['2026-03-08', 1],
    ]);
    expect(datesIn('closing in 2 days', saturdayNight, 'America/Chicago').map((d) => d.date)).toEqual(['2026-03-09']);
  });

  it('counts days across the fall-back change (Nov 1 2026)', () => {
    const saturday = '2026-10-31T23:00:00Z'; // 7 pm Saturday in New York
    expect(datesIn('by monday please', saturday, 'America/New_York').map((d) => [d.date, d.days])).toEqual([
      ['2026-11-02', 2],
    ]);
  });

  it('reads "the 28th", seasons and quarters; leaves the past and times of day alone', () => {
    expect(datesIn('closing on the 28th', monday, 'America/Chicago').map((d) => d.date)).toEqual(['2026-03-28']);
    expect(datesIn('want it installed before summer', monday, 'America/Los_Angeles').map((d) => d.date)).toEqual([
      '2026-06-21',
    ]);
    expect(datesIn('close before end of q2', monday, 'America/Chicago').map((d) => d.date)).toEqual(['2026-06-30']);
    expect(datesIn('we bought it last week', monday, 'America/Chicago')).toEqual([]);
    expect(datesIn('call me after 5', monday, 'America/Chicago')).toEqual([]);
    expect(datesIn('I may refinance', monday, 'America/Chicago')).toEqual([]);
  });

  it('calls two weeks out urgent and a season away not', () => {
    expect([urgencyOf(9), urgencyOf(30), urgencyOf(120)]).toEqual(['high', 'medium', 'low']);
  });
});
