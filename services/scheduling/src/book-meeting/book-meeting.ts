import { Inject, Injectable } from '@nestjs/common';
import { derivedEventId, MeetingBooked, type Slot } from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { CLOCK, type Clock } from '../adapters/clock';
import { leadContext } from '../adapters/lead-context';
import { Mailer } from '../adapters/mailer';
import { armMeetingEffects } from '../adapters/meeting-effects';
import { closeOffers, findMeeting, insertMeeting, type Offer } from '../adapters/meeting-store';
import { addToOutbox, Outbox } from '../adapters/outbox';
import { findRep } from '../adapters/rep-store';
import { schedulingEvent, type Cause } from '../adapters/scheduling-events';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { SlotTaken, type Meeting } from '../domain/meeting';
import { OfferSlots } from '../offer-slots/offer-slots';

export type BookOutcome = { kind: 'booked'; meeting: Meeting } | { kind: 'taken'; start: string };

const overlaps = (a: { start: string; end: string }, b: { start: string; end: string }) =>
  Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);

/**
 * Books a slot the lead picked: the rep's calendar is asked again, then the meeting is inserted under the
 * exclusion constraint (two leads racing for one slot: one wins, the other is offered the next free pair).
 * The meeting, its reminder, its calendar sync, its invites and meeting.booked commit together.
 */
@Injectable()
export class BookMeeting {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly offers: OfferSlots,
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async book(request: { offer: Offer; slot: Slot; inReplyTo?: string; cause: Cause }): Promise<BookOutcome> {
    const { offer, slot } = request;
    const log = this.logger.child({
      service: 'scheduling',
      conversationId: offer.conversationId,
      tenantId: offer.tenantId,
      offerId: offer.offerId,
    });
    const meetingId = derivedEventId(`meeting:${request.cause.id}`);
    const already = await findMeeting(this.sql, offer.tenantId, meetingId);
    if (already) return { kind: 'booked', meeting: already }; // the same pick handled again
    const rep = await findRep(this.sql, offer.tenantId, offer.repId);
    const outcome =
      rep && !rep.removed ? await this.insert(request, rep, meetingId) : { kind: 'taken' as const, start: slot.start };
    if (outcome.kind === 'booked') {
      void this.outbox.flush();
      log.info(
        { meetingId, repId: offer.repId, start: slot.start, calendar: outcome.meeting.calendar.status },
        'meeting booked',
      );
      return outcome;
    }
    log.info({ start: slot.start }, 'picked slot taken meanwhile; offering the next free pair');
    await this.offers.offer({
      tenantId: offer.tenantId,
      conversationId: offer.conversationId,
      why: 'slot_taken',
      inReplyTo: request.inReplyTo,
      exclude: offer.slots.map((s) => s.start),
      cause: request.cause,
    });
    return outcome;
  }

  private async insert(
    request: { offer: Offer; slot: Slot; inReplyTo?: string; cause: Cause },
    rep: NonNullable<Awaited<ReturnType<typeof findRep>>>,
    meetingId: string,
  ): Promise<BookOutcome> {
    const { offer, slot } = request;
    const now = this.clock.now();
    // Free/busy again at booking: the rep may have put something in their calendar since the offer.
    const around = {
      start: new Date(Date.parse(slot.start) - rep.bufferBeforeMinutes * 60_000).toISOString(),
      end: new Date(Date.parse(slot.end) + rep.bufferAfterMinutes * 60_000).toISOString(),
    };
    const { busy, calendarError } = await this.offers.busyOf(rep, around.start, around.end);
    if (busy.some((b) => overlaps(b, around))) return { kind: 'taken', start: slot.start };
    const lead = await leadContext(this.sql, this.config, offer.tenantId, offer.conversationId);
    const meeting: Meeting = {
      meetingId,
      tenantId: offer.tenantId,
      conversationId: offer.conversationId,
      repId: rep.repId,
      repName: rep.name,
      offerId: offer.offerId,
      start: slot.start,
      end: slot.end,
      status: 'booked',
      leadTimezone: offer.leadTimezone,
      zoneUncertain: offer.zoneUncertain,
      leadPhone: lead.lead?.leadPhone,
      leadEmail: lead.lead?.leadEmail,
      sequence: 0,
      calendar: {
        kind: rep.calendar.kind,
        status: rep.calendar.kind === 'internal' ? 'synced' : 'pending',
        attempts: 0,
        ...(calendarError ? { error: calendarError } : {}),
      },
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.sql.transaction(async (tx) => {
        // One booking per rep at a time: concurrent inserts waiting on each other's exclusion-constraint
        // entries can deadlock in PostgreSQL (seen with 50 leads racing for one slot); queued on the rep's
        // lock, the second insert sees the first one's committed meeting and fails cleanly as taken.
        await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`scheduling-rep:${offer.tenantId}:${rep.repId}`]);
        await insertMeeting(tx, meeting, { before: rep.bufferBeforeMinutes, after: rep.bufferAfterMinutes });
        await closeOffers(tx, offer.tenantId, offer.conversationId, 'booked');
        await armMeetingEffects(tx, meeting, rep, this.config, { mail: this.mailer.enabled, now });
        await addToOutbox(tx, [
          schedulingEvent(MeetingBooked, {
            tenantId: offer.tenantId,
            subject: offer.conversationId,
            cause: request.cause,
            at: now,
            name: `booked:${meetingId}`,
            data: {
              meetingId,
              repId: rep.repId,
              repName: rep.name,
              start: slot.start,
              end: slot.end,
              offerId: offer.offerId,
              leadTimezone: offer.leadTimezone,
              ...(offer.zoneUncertain ? { zoneUncertain: true } : {}),
              leadInvited: Boolean(meeting.leadEmail && this.mailer.enabled),
              reminderMinutes: this.config.BATON_REMINDER_LEAD_MINUTES,
              ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
            },
          }),
        ]);
      });
    } catch (error) {
      if (error instanceof SlotTaken) return { kind: 'taken', start: slot.start };
      if ((error as { code?: string }).code === '23505') {
        // the same pick booked by a concurrent delivery
        const booked = await findMeeting(this.sql, offer.tenantId, meetingId);
        if (booked) return { kind: 'booked', meeting: booked };
      }
      throw error;
    }
    return { kind: 'booked', meeting };
  }
}
