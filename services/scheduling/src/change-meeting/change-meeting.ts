import { Inject, Injectable } from '@nestjs/common';
import {
  MeetingAttended,
  MeetingCancelled,
  MeetingNoShow,
  MeetingRescheduled,
  type DataOf,
  type Slot,
} from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { CLOCK, type Clock } from '../adapters/clock';
import { Mailer } from '../adapters/mailer';
import { armMeetingEffects } from '../adapters/meeting-effects';
import { closeOffers, findMeeting, moveMeeting, setMeetingStatus } from '../adapters/meeting-store';
import { addToOutbox, Outbox } from '../adapters/outbox';
import { findRep } from '../adapters/rep-store';
import { schedulingEvent, type Cause } from '../adapters/scheduling-events';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { inviteUid } from '../domain/invite';
import { meetingRules, SlotTaken, UnknownMeeting, type Meeting } from '../domain/meeting';
import { UnknownRep } from '../domain/rep';
import { OfferSlots } from '../offer-slots/offer-slots';

export type ChangedBy = 'lead' | 'rep' | 'supervisor' | 'admin';

/** Moves, cancels and records outcomes of meetings, by the lead in the thread or through the API; the calendar follows. */
@Injectable()
export class ChangeMeeting {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly offers: OfferSlots,
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private async load(tenantId: string, meetingId: string) {
    const meeting = await findMeeting(this.sql, tenantId, meetingId);
    if (!meeting) throw new UnknownMeeting(meetingId);
    const rep = await findRep(this.sql, tenantId, meeting.repId);
    if (!rep) throw new UnknownRep(meeting.repId);
    return { meeting, rep };
  }

  /**
   * Moves a meeting to a start the rep is free at (their calendar asked again; the meeting's own event does
   * not count), or refuses with SlotTaken. `exact` false: the nearest free slot on or after it is not tried.
   */
  async move(request: {
    tenantId: string;
    meetingId: string;
    start: string;
    by: ChangedBy;
    inReplyTo?: string;
    cause: Cause;
  }): Promise<Meeting> {
    const { meeting, rep } = await this.load(request.tenantId, request.meetingId);
    meetingRules.change(meeting, 'be moved');
    const now = this.clock.now();
    if (Date.parse(meeting.start) === Date.parse(request.start)) return meeting;
    const slot: Slot | undefined = await this.offers.freeSlotAt(rep, meeting, request.start, {
      meetingId: meeting.meetingId,
      uid: inviteUid(meeting.meetingId),
    });
    if (!slot) throw new SlotTaken(request.start);
    const moved: Meeting = {
      ...meeting,
      start: slot.start,
      end: slot.end,
      sequence: meeting.sequence + 1,
      updatedAt: now,
      calendar: { ...meeting.calendar, status: meeting.calendar.kind === 'internal' ? 'synced' : 'pending' },
    };
    await this.sql.transaction(async (tx) => {
      await moveMeeting(
        tx,
        meeting.meetingId,
        slot,
        { before: rep.bufferBeforeMinutes, after: rep.bufferAfterMinutes },
        now,
      );
      await closeOffers(tx, meeting.tenantId, meeting.conversationId);
      await armMeetingEffects(tx, moved, rep, this.config, { mail: this.mailer.enabled, now });
      await addToOutbox(tx, [
        schedulingEvent(MeetingRescheduled, {
          tenantId: meeting.tenantId,
          subject: meeting.conversationId,
          cause: request.cause,
          at: now,
          name: `moved:${meeting.meetingId}:${moved.sequence}`,
          data: {
            meetingId: meeting.meetingId,
            repId: rep.repId,
            repName: rep.name,
            start: slot.start,
            end: slot.end,
            previousStart: meeting.start,
            leadTimezone: meeting.leadTimezone,
            ...(meeting.zoneUncertain ? { zoneUncertain: true } : {}),
            leadInvited: Boolean(meeting.leadEmail && this.mailer.enabled),
            reminderMinutes: this.config.BATON_REMINDER_LEAD_MINUTES,
            ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
          },
        }),
      ]);
    });
    void this.outbox.flush();
    this.logger.info(
      {
        service: 'scheduling',
        conversationId: meeting.conversationId,
        tenantId: meeting.tenantId,
        meetingId: meeting.meetingId,
        by: request.by,
        start: slot.start,
      },
      'meeting moved',
    );
    return moved;
  }

  async cancel(request: {
    tenantId: string;
    meetingId: string;
    by: ChangedBy;
    reason?: string;
    inReplyTo?: string;
    cause: Cause;
  }): Promise<Meeting> {
    const { meeting, rep } = await this.load(request.tenantId, request.meetingId);
    if (meeting.status === 'cancelled') return meeting;
    meetingRules.change(meeting, 'be cancelled');
    const now = this.clock.now();
    const cancelled: Meeting = { ...meeting, status: 'cancelled', sequence: meeting.sequence + 1, updatedAt: now };
    await this.sql.transaction(async (tx) => {
      await setMeetingStatus(tx, meeting.meetingId, 'cancelled', now);
      await armMeetingEffects(tx, cancelled, rep, this.config, { mail: this.mailer.enabled, now });
      await addToOutbox(tx, [
        schedulingEvent(MeetingCancelled, {
          tenantId: meeting.tenantId,
          subject: meeting.conversationId,
          cause: request.cause,
          at: now,
          name: `cancelled:${meeting.meetingId}`,
          data: {
            meetingId: meeting.meetingId,
            repId: rep.repId,
            repName: rep.name,
            start: meeting.start,
            end: meeting.end,
            leadTimezone: meeting.leadTimezone,
            by: request.by,
            ...(request.reason ? { reason: request.reason } : {}),
            ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
          },
        }),
      ]);
    });
    void this.outbox.flush();
    this.logger.info(
      {
        service: 'scheduling',
        conversationId: meeting.conversationId,
        tenantId: meeting.tenantId,
        meetingId: meeting.meetingId,
        by: request.by,
      },
      'meeting cancelled',
    );
    return cancelled;
  }

  /** Attended or no-show, by the rep (through the API): published for the show-rate KPI; a second answer replaces the first. */
  async outcome(request: {
    tenantId: string;
    meetingId: string;
    outcome: 'attended' | 'no_show';
    recordedBy: string;
    note?: string;
    cause: Cause;
  }): Promise<Meeting> {
    const { meeting, rep } = await this.load(request.tenantId, request.meetingId);
    const now = this.clock.now();
    meetingRules.outcome(meeting, now);
    if (meeting.status === request.outcome) return meeting;
    const recorded: Meeting = {
      ...meeting,
      status: request.outcome,
      updatedAt: now,
      ...(request.note ? { outcomeNote: request.note } : {}),
    };
    const data: DataOf<typeof MeetingAttended> = {
      meetingId: meeting.meetingId,
      repId: rep.repId,
      repName: rep.name,
      start: meeting.start,
      leadTimezone: meeting.leadTimezone,
      source: 'api',
      recordedBy: request.recordedBy,
    };
    await this.sql.transaction(async (tx) => {
      await setMeetingStatus(tx, meeting.meetingId, request.outcome, now, request.note);
      await armMeetingEffects(tx, recorded, rep, this.config, { mail: false, now });
      const common = {
        tenantId: meeting.tenantId,
        subject: meeting.conversationId,
        cause: request.cause,
        at: now,
        name: `outcome:${meeting.meetingId}:${request.outcome}`,
      };
      await addToOutbox(tx, [
        request.outcome === 'attended'
          ? schedulingEvent(MeetingAttended, { ...common, data })
          : schedulingEvent(MeetingNoShow, { ...common, data }),
      ]);
    });
    void this.outbox.flush();
    return recorded;
  }
}
