import type { Interval } from '@baton/working-hours';

/** One event Baton puts on a rep's calendar, named by a uid that stays the same across retries and changes. */
export interface CalendarEvent {
  uid: string;
  start: string;
  end: string;
  summary: string;
  description: string;
  /** Where: the meeting URL, or the number the rep calls. */
  location: string;
  /** The whole VCALENDAR, for calendars that store iCalendar (CalDAV, internal). */
  ics: string;
}

/**
 * A rep's calendar: free/busy, and Baton's events on it. `put` creates or updates by uid and is idempotent:
 * sent again (a retry, a redelivery), it never makes a second event. Every adapter passes calendarContract.
 */
/** Busy time; uid when the calendar says which event it is (so a meeting being moved does not block itself). */
export type BusyTime = Interval & { uid?: string };

export interface Calendar {
  readonly kind: 'internal' | 'caldav' | 'google';
  busy(fromIso: string, toIso: string): Promise<BusyTime[]>;
  put(event: CalendarEvent): Promise<void>;
  remove(uid: string): Promise<void>;
}

/** The calendar could not be reached or refused: the booking stands in the internal calendar and the sync is retried. */
export class CalendarUnavailable extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(`${kind} calendar: ${message}`);
  }
}
