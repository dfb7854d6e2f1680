import { Module } from '@nestjs/common';

/** scheduling: rep calendars and availability, slot offers, bookings, reminders, no-shows, rep routing for warm transfer. */
@Module({})
export class SchedulingModule {}
