import { Inject, Injectable } from '@nestjs/common';
import type { SqlQueryable } from '@baton/sql';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../../config';
import type { Rep } from '../../domain/rep';
import { CalDavCalendar } from './caldav-calendar';
import type { Calendar } from './calendar.port';
import { GoogleCalendar } from './google-calendar';
import { InternalCalendar } from './internal-calendar';

/** The calendar adapter a rep's connection names. */
@Injectable()
export class Calendars {
  constructor(@Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig) {}

  of(rep: Pick<Rep, 'tenantId' | 'repId' | 'calendar'>, db: SqlQueryable): Calendar {
    const c = rep.calendar;
    switch (c.kind) {
      case 'internal':
        return new InternalCalendar(db, rep.tenantId, rep.repId);
      case 'caldav':
        return new CalDavCalendar(c, this.config.BATON_CALENDAR_TIMEOUT_MS);
      case 'google':
        return new GoogleCalendar(c, {
          apiUrl: this.config.GOOGLE_API_BASE_URL,
          tokenUrl: this.config.GOOGLE_TOKEN_URL,
          timeoutMs: this.config.BATON_CALENDAR_TIMEOUT_MS,
        });
    }
  }
}
