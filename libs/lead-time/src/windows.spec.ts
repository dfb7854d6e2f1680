import { allowedRanges, nextAllowedMoment, strictestPlace, windowFor } from './windows';

const texas = { zones: ['America/Chicago'], state: 'TX' };
const newYork = { zones: ['America/New_York'], state: 'NY' };
const florida = { zones: ['America/New_York'], state: 'FL' };

describe("quiet hours in the lead's time", () => {
  it('lets a message out inside the window, as it is', () =>
    expect(nextAllowedMoment('2026-03-03T16:00:00.000Z', texas, windowFor(texas))).toBe('2026-03-03T16:00:00.000Z'));

  it('holds a 2 a.m. reply until 08:00 local', () =>
    expect(nextAllowedMoment('2026-03-03T08:00:00.000Z', texas, windowFor(texas))).toBe('2026-03-03T14:00:00.000Z')); // 02:00 CST -> 08:00 CST

  it('ends earlier in Florida, Oklahoma, Maryland and Washington', () => {
    expect(windowFor(florida)).toEqual({ start: '08:00', end: '20:00' });
    expect(windowFor(newYork)).toEqual({ start: '08:00', end: '21:00' });
    // 20:30 in Miami waits for the morning; 20:30 in New York goes out
    expect(nextAllowedMoment('2026-06-02T00:30:00.000Z', florida, windowFor(florida))).toBe('2026-06-02T12:00:00.000Z');
    expect(nextAllowedMoment('2026-06-02T00:30:00.000Z', newYork, windowFor(newYork))).toBe('2026-06-02T00:30:00.000Z');
  });

  it('lets a tenant set its own windows', () =>
    expect(windowFor(texas, { default: { start: '09:00', end: '18:00' } })).toEqual({ start: '09:00', end: '18:00' }));

  it('is right across the spring DST change', () => {
    // 2026-03-08: clocks go from 02:00 EST to 03:00 EDT. 01:30 EST (06:30Z) waits until 08:00 EDT (12:00Z), not 13:00Z.
    expect(nextAllowedMoment('2026-03-08T06:30:00.000Z', newYork, windowFor(newYork))).toBe('2026-03-08T12:00:00.000Z');
  });

  it('is right across the autumn DST change', () => {
    // 2026-11-01: clocks go back at 02:00 EDT. 01:30 EDT (05:30Z) waits until 08:00 EST (13:00Z).
    expect(nextAllowedMoment('2026-11-01T05:30:00.000Z', newYork, windowFor(newYork))).toBe('2026-11-01T13:00:00.000Z');
  });

  it('with nothing known of the lead, waits for a moment allowed in every US zone', () => {
    const until = nextAllowedMoment('2026-03-03T13:00:00.000Z', strictestPlace, windowFor(strictestPlace)); // 08:00 in New York, 03:00 in Honolulu
    expect(until).toBe('2026-03-03T18:00:00.000Z'); // 08:00 in Honolulu (13:00 in New York, before Florida's 20:00)
  });
});

describe('the sending window of a place', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'takes a state named %s for an unknown one',
    (state) => {
      expect(windowFor({ zones: ['America/Chicago'], state })).toEqual({ start: '08:00', end: '21:00' });
      expect(windowFor({ zones: ['America/Chicago'], state }, { default: { start: '09:00', end: '18:00' } })).toEqual({
        start: '09:00',
        end: '18:00',
      });
    },
  );
});

describe("the lead's allowed stretches of time", () => {
  it('lays the window in each zone and keeps what every zone allows', () => {
    const both = { zones: ['America/New_York', 'America/Los_Angeles'] };
    const ranges = allowedRanges(
      both,
      { start: '08:00', end: '21:00' },
      '2026-03-03T00:00:00Z',
      '2026-03-04T00:00:00Z',
    );
    // 08:00 in Los Angeles (16:00Z) to 21:00 in New York (02:00Z next day), cut at the end asked
    expect(ranges.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()])).toEqual([
      ['2026-03-03T00:00:00.000Z', '2026-03-03T02:00:00.000Z'],
      ['2026-03-03T16:00:00.000Z', '2026-03-04T00:00:00.000Z'],
    ]);
  });
  it('follows the spring change', () => {
    const ny = { zones: ['America/New_York'] };
    const [saturday, sunday] = allowedRanges(
      ny,
      { start: '08:00', end: '21:00' },
      '2026-03-07T12:00:00Z',
      '2026-03-09T00:00:00Z',
    );
    expect(new Date(saturday![0]).toISOString()).toBe('2026-03-07T13:00:00.000Z'); // EST
    expect(new Date(sunday![0]).toISOString()).toBe('2026-03-08T12:00:00.000Z'); // EDT
  });
});
