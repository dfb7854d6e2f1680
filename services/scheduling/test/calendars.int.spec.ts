import {
  createTestDatabase,
  FakeGoogleCalendar,
  startRadicale,
  type Radicale,
  type TestDatabase,
} from '@baton/testing';
import type { Sql } from '@baton/sql';
import { CalDavCalendar } from '../src/adapters/calendars/caldav-calendar';
import { CalendarUnavailable } from '../src/adapters/calendars/calendar.port';
import { GoogleCalendar } from '../src/adapters/calendars/google-calendar';
import { InternalCalendar } from '../src/adapters/calendars/internal-calendar';
import { migrateScheduling } from '../src/adapters/schema';
import { anEvent, calendarContract } from './calendar.contract';

let db: TestDatabase;
let sql: Sql;
let radicale: Radicale;
const google = new FakeGoogleCalendar();
let calendarsMade = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = await db.open();
  await migrateScheduling(sql);
  radicale = await startRadicale();
  await google.start();
});
afterAll(async () => {
  await radicale?.stop();
  await google.stop();
  await db?.drop();
});

calendarContract('internal (PostgreSQL)', async () => ({
  calendar: new InternalCalendar(sql, 't1', `rep-${++calendarsMade}`),
  close: async () => undefined,
}));

calendarContract('CalDAV (tsdav, against Radicale)', async () => {
  const user = `rep${++calendarsMade}`;
  const calendarUrl = await radicale.makeCalendar(user, 'work');
  return {
    calendar: new CalDavCalendar({ serverUrl: radicale.url, calendarUrl, username: user, password: 'x' }),
    close: async () => undefined,
  };
});

calendarContract('Google (@googleapis/calendar, against a local server)', async () => ({
  calendar: new GoogleCalendar(
    {
      calendarId: `rep${++calendarsMade}@example.com`,
      clientId: 'client',
      clientSecret: 'secret',
      refreshToken: 'refresh',
    },
    { apiUrl: google.url, tokenUrl: google.tokenUrl },
  ),
  close: async () => undefined,
}));

describe('CalDAV against Radicale', () => {
  it('sends a create with If-None-Match, so Radicale refuses a repeat (412) instead of storing a second event', async () => {
    const user = 'repeat';
    const calendarUrl = await radicale.makeCalendar(user, 'work');
    const event = anEvent('2026-03-04T15:30:00.000Z');
    await new CalDavCalendar({ serverUrl: radicale.url, calendarUrl, username: user, password: 'x' }).put(event);
    const again = await fetch(`${calendarUrl}${event.uid}.ics`, {
      method: 'PUT',
      headers: {
        'if-none-match': '*',
        'content-type': 'text/calendar',
        authorization: `Basic ${Buffer.from(`${user}:x`).toString('base64')}`,
      },
      body: event.ics,
    });
    expect(again.status).toBe(412);
  });

  it("reads the rep's own events (a recurring one too) as busy", async () => {
    const user = 'busy';
    const calendarUrl = await radicale.makeCalendar(user, 'work');
    const standup = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:test',
      'BEGIN:VEVENT',
      'UID:standup@test',
      'DTSTAMP:20260301T000000Z',
      'DTSTART;TZID=America/New_York:20260302T093000',
      'DTEND;TZID=America/New_York:20260302T100000',
      'RRULE:FREQ=DAILY;COUNT=5',
      'SUMMARY:Standup',
      'END:VEVENT',
      'BEGIN:VTIMEZONE',
      'TZID:America/New_York',
      'BEGIN:STANDARD',
      'DTSTART:19701101T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
      'TZOFFSETFROM:-0400',
      'TZOFFSETTO:-0500',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700308T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
      'TZOFFSETFROM:-0500',
      'TZOFFSETTO:-0400',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    const put = await fetch(`${calendarUrl}standup.ics`, {
      method: 'PUT',
      headers: {
        'content-type': 'text/calendar',
        authorization: `Basic ${Buffer.from(`${user}:x`).toString('base64')}`,
      },
      body: standup,
    });
    expect(put.status).toBe(201);
    const busy = await new CalDavCalendar({ serverUrl: radicale.url, calendarUrl, username: user, password: 'x' }).busy(
      '2026-03-04T00:00:00.000Z',
      '2026-03-05T00:00:00.000Z',
    );
    expect(busy.map(({ start, end }) => ({ start, end }))).toEqual([
      { start: '2026-03-04T14:30:00.000Z', end: '2026-03-04T15:00:00.000Z' },
    ]); // 09:30 EST on Wednesday
  });

  it('says the calendar is unavailable when the server does not answer', async () => {
    const dead = new CalDavCalendar({ serverUrl: 'http://127.0.0.1:9', username: 'x', password: 'x' }, 1000);
    await expect(dead.busy('2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z')).rejects.toBeInstanceOf(
      CalendarUnavailable,
    );
  });
});

describe('Google against its local server', () => {
  it('authenticates with the refresh token and says the calendar is unavailable when Google is down', async () => {
    const calendar = new GoogleCalendar(
      { calendarId: 'down@example.com', clientId: 'c', clientSecret: 's', refreshToken: 'r' },
      { apiUrl: google.url, tokenUrl: google.tokenUrl },
    );
    await calendar.busy('2026-03-04T00:00:00.000Z', '2026-03-05T00:00:00.000Z');
    expect(google.requests.some((r) => r.path === '/token')).toBe(true);
    google.down = true;
    try {
      await expect(calendar.put(anEvent('2026-03-04T15:00:00.000Z'))).rejects.toBeInstanceOf(CalendarUnavailable);
    } finally {
      google.down = false;
    }
  });
});
