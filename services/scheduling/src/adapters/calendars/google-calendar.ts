import { auth, calendar as googleCalendar, type calendar_v3 } from '@googleapis/calendar';
import { CalendarUnavailable, type BusyTime, type Calendar, type CalendarEvent } from './calendar.port';

export interface GoogleConnection {
  calendarId: string;
  clientId: string;
  clientSecret?: string;
  refreshToken?: string;
}

export interface GoogleEndpoints {
  /** The Calendar API root (tests point it at a local server); default Google's. */
  apiUrl?: string;
  /** The OAuth token endpoint; default Google's. */
  tokenUrl?: string;
  timeoutMs?: number;
}

/** Google's event ids are base32hex (a-v, 0-9): a uuid's hex digits with a prefix qualify, and never change. */
export const googleEventId = (uid: string) => `baton${uid.toLowerCase().replace(/[^a-v0-9]/g, '')}`;

/**
 * Google Calendar through @googleapis/calendar: free/busy from freebusy.query, Baton's events by their own id
 * (events.insert with a client id: sent again, Google answers 409 and the event is updated instead).
 */
export class GoogleCalendar implements Calendar {
  readonly kind = 'google' as const;
  private readonly api: calendar_v3.Calendar;

  constructor(
    private readonly connection: GoogleConnection,
    endpoints: GoogleEndpoints = {},
  ) {
    const client = new auth.OAuth2({
      clientId: connection.clientId,
      clientSecret: connection.clientSecret,
      ...(endpoints.tokenUrl ? { endpoints: { oauth2TokenUrl: endpoints.tokenUrl } } : {}),
    });
    client.setCredentials({ refresh_token: connection.refreshToken });
    this.api = googleCalendar({
      version: 'v3',
      auth: client,
      ...(endpoints.apiUrl ? { rootUrl: `${endpoints.apiUrl.replace(/\/$/, '')}/` } : {}),
      timeout: endpoints.timeoutMs ?? 10_000,
      retry: false,
    });
  }

  async busy(fromIso: string, toIso: string): Promise<BusyTime[]> {
    const answer = await this.guard(
      this.api.freebusy.query({
        requestBody: { timeMin: fromIso, timeMax: toIso, items: [{ id: this.connection.calendarId }] },
      }),
      'free/busy',
    );
    const entry = answer.data.calendars?.[this.connection.calendarId];
    if (!entry) throw new CalendarUnavailable('google', `free/busy said nothing of ${this.connection.calendarId}`);
    if (entry.errors?.length)
      throw new CalendarUnavailable('google', `free/busy: ${entry.errors.map((e) => e.reason).join(', ')}`);
    return (entry.busy ?? [])
      .filter((b) => b.start && b.end)
      .map((b) => ({ start: new Date(b.start!).toISOString(), end: new Date(b.end!).toISOString() }));
  }

  async put(event: CalendarEvent): Promise<void> {
    const id = googleEventId(event.uid);
    const requestBody: calendar_v3.Schema$Event = {
      id,
      summary: event.summary,
      description: event.description,
      location: event.location,
      iCalUID: `${event.uid}@baton`,
      start: { dateTime: event.start },
      end: { dateTime: event.end },
      status: 'confirmed',
    };
    try {
      await this.api.events.insert({ calendarId: this.connection.calendarId, requestBody, sendUpdates: 'none' });
    } catch (error) {
      if (status(error) !== 409) throw this.unavailable(error, 'insert event');
      await this.guard(
        this.api.events.update({
          calendarId: this.connection.calendarId,
          eventId: id,
          requestBody,
          sendUpdates: 'none',
        }),
        'update event',
      );
    }
  }

  async remove(uid: string): Promise<void> {
    try {
      await this.api.events.delete({
        calendarId: this.connection.calendarId,
        eventId: googleEventId(uid),
        sendUpdates: 'none',
      });
    } catch (error) {
      if (status(error) === 404 || status(error) === 410) return;
      throw this.unavailable(error, 'delete event');
    }
  }

  private async guard<T>(work: Promise<T>, what: string): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw this.unavailable(error, what);
    }
  }

  private unavailable(error: unknown, what: string): CalendarUnavailable {
    const code = status(error);
    return new CalendarUnavailable('google', `${what} failed${code ? ` (${code})` : ''}: ${(error as Error).message}`);
  }
}

const status = (error: unknown): number | undefined => {
  const e = error as { status?: number; code?: number | string; response?: { status?: number } };
  return e.response?.status ?? e.status ?? (typeof e.code === 'number' ? e.code : undefined);
};
