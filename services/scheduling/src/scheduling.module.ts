import { Module } from '@nestjs/common';
import { BookMeeting } from './book-meeting/book-meeting';
import { ChangeMeeting } from './change-meeting/change-meeting';
import { Calendars } from './adapters/calendars/calendars';
import { CLOCK, systemClock } from './adapters/clock';
import { Mailer } from './adapters/mailer';
import { Outbox } from './adapters/outbox';
import { SchedulingDatabase } from './adapters/scheduling-database';
import { readSchedulingConfig, SCHEDULING_CONFIG } from './config';
import { MeetingsController } from './handlers/meetings.controller';
import { SchedulingHandlers } from './handlers/scheduling-handlers';
import { RepRoster } from './manage-reps/rep-roster';
import { RepsController, SchedulingPolicyController } from './manage-reps/reps.controller';
import { OfferSlots } from './offer-slots/offer-slots';
import { ReadLeadReply } from './read-lead-reply/read-lead-reply';
import { TimerRunner } from './send-reminder/timer-runner';

/** scheduling: reps and their calendars, slot offers, bookings, invites, reminders, outcomes. */
@Module({
  controllers: [SchedulingHandlers, RepsController, SchedulingPolicyController, MeetingsController],
  providers: [
    { provide: SCHEDULING_CONFIG, useFactory: () => readSchedulingConfig() },
    { provide: CLOCK, useValue: systemClock },
    SchedulingDatabase,
    Outbox,
    Calendars,
    Mailer,
    RepRoster,
    OfferSlots,
    BookMeeting,
    ChangeMeeting,
    ReadLeadReply,
    TimerRunner,
  ],
  exports: [OfferSlots, BookMeeting, ChangeMeeting, TimerRunner, Outbox],
})
export class SchedulingModule {}
