import { Inject, Injectable } from '@nestjs/common';
import {
  derivedEventId,
  SlotsOffered,
  SlotsUnavailable,
  turnIdFor,
  type OfferReason,
  type Slot,
} from '@baton/contracts';
import type { Sql, SqlQueryable } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { DateTime } from 'luxon';
import { Calendars } from '../adapters/calendars/calendars';
import { CalendarUnavailable, type BusyTime } from '../adapters/calendars/calendar.port';
import { CLOCK, type Clock } from '../adapters/clock';
import { leadContext, type LeadContext } from '../adapters/lead-context';
import { bookedRanges, loads, openOffer } from '../adapters/meeting-store';
import { addToOutbox, Outbox } from '../adapters/outbox';
import { policyOf, type SchedulingPolicy } from '../adapters/policies';
import { listReps, markOffered } from '../adapters/rep-store';
import { schedulingEvent, type Cause } from '../adapters/scheduling-events';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import type { Rep } from '../domain/rep';
import { rankReps } from '../domain/routing';
import { proposeSlots, slotAt, type SlotSearch, type TimeWish } from '../domain/slots';

export interface OfferRequest {
  tenantId: string;
  conversationId: string;
  why: OfferReason;
  inReplyTo?: string;
  wish?: TimeWish;
  /** Starts the lead already said no to, or that were just taken. */
  exclude?: string[];
  /** Keep to this rep (a meeting being moved stays with its rep). */
  repId?: string;
  /** The meeting a pick of this offer moves. */
  movesMeetingId?: string;
  /** The same slots again (a clarifying question), not a new search. */
  again?: { repId: string; slots: Slot[] };
  cause: Cause;
}

export type OfferOutcome =
  { kind: 'offered'; offerId: string; repId: string; slots: Slot[] } | { kind: 'unavailable'; reason: string };

/**
 * Offers a lead two concrete slots: reps in the tenant's routing order, each one's free working time (its
 * calendar's busy time read now, plus Baton's bookings) inside the lead's allowed hours; the first rep with
 * two wins. The offer and its event are written in one transaction; none found is said too (slots.unavailable).
 */
@Injectable()
export class OfferSlots {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly calendars: Calendars,
    private readonly outbox: Outbox,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  policy(db: SqlQueryable, tenantId: string): Promise<SchedulingPolicy> {
    return policyOf(db, tenantId, {
      timezone: this.config.BATON_SCHEDULING_TIMEZONE,
      routing: { strategy: 'round_robin', fallback: 'round_robin' },
      minNoticeMinutes: this.config.BATON_MIN_NOTICE_MINUTES,
      horizonDays: 14,
    });
  }

  /** The rep's busy time: their calendar's (when it answers) and Baton's own bookings. */
  async busyOf(
    rep: Rep,
    fromIso: string,
    toIso: string,
    options: { exceptMeetingId?: string; exceptUid?: string } = {},
  ): Promise<{ busy: BusyTime[]; calendarError?: string }> {
    const booked = await bookedRanges(this.sql, rep.tenantId, rep.repId, fromIso, toIso, options.exceptMeetingId);
    try {
      const fromCalendar = await this.calendars.of(rep, this.sql).busy(fromIso, toIso);
      return { busy: [...booked, ...fromCalendar.filter((b) => !options.exceptUid || b.uid !== options.exceptUid)] };
    } catch (error) {
      if (!(error instanceof CalendarUnavailable)) throw error;
      return { busy: booked, calendarError: error.message };
    }
  }

  search(
    rep: Rep,
    lead: LeadContext,
    policy: SchedulingPolicy,
    busy: BusyTime[],
    now: string,
    request: Pick<OfferRequest, 'wish' | 'exclude'>,
  ): SlotSearch {
    return {
      now,
      busy,
      wish: request.wish,
      exclude: request.exclude,
      minNoticeMinutes: policy.minNoticeMinutes,
      horizonDays: policy.horizonDays,
      lead: { place: lead.place, window: lead.window },
      rep: {
        timezone: rep.timezone,
        workingHours: rep.workingHours,
        meetingMinutes: rep.meetingMinutes,
        bufferBeforeMinutes: rep.bufferBeforeMinutes,
        bufferAfterMinutes: rep.bufferAfterMinutes,
      },
    };
  }

  /**
   * The slot starting at `start` when the rep could take it for this lead now (free, in working and allowed
   * hours); a meeting being moved does not block itself.
   */
  async freeSlotAt(
    rep: Rep,
    conversation: { tenantId: string; conversationId: string },
    start: string,
    except: { meetingId?: string; uid?: string } = {},
  ): Promise<Slot | undefined> {
    const now = this.clock.now();
    const lead = await leadContext(this.sql, this.config, conversation.tenantId, conversation.conversationId);
    const policy = await this.policy(this.sql, conversation.tenantId);
    const day = 86_400_000;
    const { busy } = await this.busyOf(
      rep,
      new Date(Date.parse(start) - day).toISOString(),
      new Date(Date.parse(start) + day).toISOString(),
      { exceptMeetingId: except.meetingId, exceptUid: except.uid },
    );
    const horizonDays = Math.max(1, Math.ceil((Date.parse(start) - Date.parse(now)) / day) + 1);
    return slotAt(this.search(rep, lead, { ...policy, horizonDays }, busy, now, {}), start);
  }

  async offer(request: OfferRequest): Promise<OfferOutcome> {
    const now = this.clock.now();
    const log = this.logger.child({
      service: 'scheduling',
      conversationId: request.conversationId,
      tenantId: request.tenantId,
      why: request.why,
    });
    const lead = await leadContext(this.sql, this.config, request.tenantId, request.conversationId);
    const policy = await this.policy(this.sql, request.tenantId);
    const reps = (await listReps(this.sql, request.tenantId)).filter(
      (r) => !request.repId || r.repId === request.repId,
    );
    let chosen: { rep: Rep; slots: Slot[] } | undefined;
    if (request.again) {
      const rep = reps.find((r) => r.repId === request.again!.repId);
      if (rep) chosen = { rep, slots: request.again.slots };
    } else {
      const until = DateTime.fromISO(now)
        .plus({ days: policy.horizonDays + 1 })
        .toISO()!;
      const ahead = await loads(this.sql, request.tenantId, now, DateTime.fromISO(now).plus({ days: 7 }).toISO()!);
      const ranked = rankReps(
        reps.map((r) => ({ ...r, load: ahead[r.repId] ?? 0 })),
        { state: lead.place.state, language: lead.lead?.language, vertical: policy.vertical },
        policy.routing,
      );
      for (const candidate of ranked) {
        const rep = reps.find((r) => r.repId === candidate.repId)!;
        const { busy, calendarError } = await this.busyOf(rep, now, until);
        if (calendarError)
          log.warn(
            { repId: rep.repId, reason: calendarError },
            'rep calendar unreadable; offering around Baton bookings only',
          );
        const slots = proposeSlots(this.search(rep, lead, policy, busy, now, request));
        if (slots.length === 2) {
          chosen = { rep, slots };
          break;
        }
      }
    }
    const common = { tenantId: request.tenantId, subject: request.conversationId, cause: request.cause, at: now };
    if (!chosen) {
      const reason =
        reps.length === 0
          ? 'no rep in the tenant'
          : request.wish && Object.keys(request.wish).length > 0
            ? 'no two free slots as the lead asked'
            : "no rep has two free slots in the lead's hours";
      await this.sql.transaction(async (tx) => {
        await addToOutbox(tx, [
          schedulingEvent(SlotsUnavailable, {
            ...common,
            name: `unavailable:${request.why}`,
            data: { why: request.why, reason, ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}) },
          }),
        ]);
      });
      void this.outbox.flush();
      log.info({ reason }, 'no slots to offer');
      return { kind: 'unavailable', reason };
    }
    const { rep, slots } = chosen;
    const offerId = derivedEventId(`offer:${request.cause.id}:${request.why}`);
    const offered = schedulingEvent(SlotsOffered, {
      ...common,
      name: `offer:${offerId}`,
      data: {
        offerId,
        repId: rep.repId,
        repName: rep.name,
        slots,
        leadTimezone: lead.zone,
        ...(lead.zoneUncertain ? { zoneUncertain: true } : {}),
        minutes: rep.meetingMinutes,
        why: request.why,
        ...(request.inReplyTo ? { inReplyTo: request.inReplyTo } : {}),
      },
    });
    await this.sql.transaction(async (tx) => {
      await openOffer(tx, {
        offerId,
        tenantId: request.tenantId,
        conversationId: request.conversationId,
        repId: rep.repId,
        slots,
        why: request.why,
        clarified: request.why === 'clarify',
        leadTimezone: lead.zone,
        zoneUncertain: lead.zoneUncertain,
        createdAt: now,
        ...(request.movesMeetingId ? { meetingId: request.movesMeetingId } : {}),
        // The turn conversation-state grants for this offer: its message's fate (sent, or void) says whether the
        // lead saw the slots.
        turnId: turnIdFor(offered.id),
      });
      await markOffered(tx, request.tenantId, rep.repId, now);
      await addToOutbox(tx, [offered]);
    });
    void this.outbox.flush();
    log.info({ offerId, repId: rep.repId, slots: slots.map((s) => s.start) }, 'slots offered');
    return { kind: 'offered', offerId, repId: rep.repId, slots };
  }
}
