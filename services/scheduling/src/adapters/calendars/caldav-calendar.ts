import ICAL from 'ical.js';
import { DAVClient, type DAVCalendar } from 'tsdav';
import { CalendarUnavailable, type BusyTime, type Calendar, type CalendarEvent } from './calendar.port';

export interface CalDavConnection {
  serverUrl: string;
  calendarUrl?: string;
  username: string;
  password?: string;
}

/**
 * A CalDAV calendar (iCloud, Fastmail, Nextcloud, Radicale...) through tsdav. Events are `<uid>.ics`; a
 * create is sent with If-None-Match: *, so sent again it is refused (412) instead of making a second event,
 * and then the existing one is updated in place. Busy time is read with a time-range calendar-query (not
 * every server does free-busy-query) and the events' times read with ical.js, recurrences included.
 */
export class CalDavCalendar implements Calendar {
  readonly kind = 'caldav' as const;
  private calendar?: Promise<DAVCalendar>;
  private readonly client: DAVClient;

  constructor(
    private readonly connection: CalDavConnection,
    private readonly timeoutMs = 10_000,
  ) {
    this.client = new DAVClient({
      serverUrl: connection.serverUrl,
      credentials: { username: connection.username, password: connection.password ?? '' },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
    });
  }

  private async target(): Promise<DAVCalendar> {
    this.calendar ??= (async () => {
      await this.guard(this.client.login(), 'login');
      const calendars = await this.guard(this.client.fetchCalendars(), 'list calendars');
      const wanted = this.connection.calendarUrl?.replace(/\/?$/, '/');
      const found = wanted ? calendars.find((c) => c.url.replace(/\/?$/, '/') === wanted) : calendars[0];
      if (!found)
        throw new CalendarUnavailable('caldav', wanted ? `no calendar at ${wanted}` : 'the account has no calendar');
      return found;
    })().catch((error) => {
      this.calendar = undefined;
      throw error;
    });
    return this.calendar;
  }

  async busy(fromIso: string, toIso: string): Promise<BusyTime[]> {
    const calendar = await this.target();
    const objects = await this.guard(
      this.client.fetchCalendarObjects({ calendar, timeRange: { start: fromIso, end: toIso } }),
      'read events',
    );
    const from = Date.parse(fromIso);
    const to = Date.parse(toIso);
    const out: BusyTime[] = [];
    for (const object of objects) {
      if (typeof object.data !== 'string' || !object.data.includes('BEGIN:VEVENT')) continue;
      for (const range of eventRanges(object.data, from, to)) out.push(range);
    }
    return out.sort((a, b) => a.start.localeCompare(b.start));
  }

  async put(event: CalendarEvent): Promise<void> {
    const calendar = await this.target();
    const filename = `${event.uid}.ics`;
    const created = await this.guard(
      this.client.createCalendarObject({ calendar, filename, iCalString: event.ics }),
      'create event',
    );
    if (created.ok) return;
    if (created.status !== 412) throw new CalendarUnavailable('caldav', `create answered ${created.status}`);
    // Already there (a retry, or a change of time): write it over.
    const url = new URL(filename, calendar.url.replace(/\/?$/, '/')).href;
    const updated = await this.guard(
      this.client.updateCalendarObject({ calendarObject: { url, data: event.ics } }),
      'update event',
    );
    if (!updated.ok) throw new CalendarUnavailable('caldav', `update answered ${updated.status}`);
  }

  async remove(uid: string): Promise<void> {
    const calendar = await this.target();
    const url = new URL(`${uid}.ics`, calendar.url.replace(/\/?$/, '/')).href;
    const removed = await this.guard(this.client.deleteCalendarObject({ calendarObject: { url } }), 'delete event');
    if (!removed.ok && removed.status !== 404)
      throw new CalendarUnavailable('caldav', `delete answered ${removed.status}`);
  }

  private async guard<T>(work: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
    } catch (error) {
      if (error instanceof CalendarUnavailable) throw error;
      throw new CalendarUnavailable('caldav', `${what} failed: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The busy ranges of a VCALENDAR's events between two instants (recurrences expanded, at most 1000). */
export function eventRanges(ics: string, from: number, to: number): BusyTime[] {
  const out: BusyTime[] = [];
  const root = new ICAL.Component(ICAL.parse(ics));
  for (const component of root.getAllSubcomponents('vevent')) {
    const event = new ICAL.Event(component);
    if ((component.getFirstPropertyValue('transp') as string | null)?.toUpperCase() === 'TRANSPARENT') continue;
    if ((component.getFirstPropertyValue('status') as string | null)?.toUpperCase() === 'CANCELLED') continue;
    if (event.isRecurrenceException()) continue;
    const length = event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime();
    if (!event.isRecurring()) {
      const start = event.startDate.toJSDate().getTime();
      if (start < to && start + length > from)
        out.push({ uid: event.uid, start: new Date(start).toISOString(), end: new Date(start + length).toISOString() });
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(), n = 0; next && n < 1000; next = iterator.next(), n++) {
      const start = next.toJSDate().getTime();
      if (start >= to) break;
      if (start + length > from)
        out.push({ uid: event.uid, start: new Date(start).toISOString(), end: new Date(start + length).toISOString() });
    }
  }
  return out;
}
