import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { OutboundRequested, ReminderDue } from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { Alarm, LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { Calendars } from '../adapters/calendars/calendars';
import { CLOCK, type Clock } from '../adapters/clock';
import { findLead } from '../adapters/lead-store';
import { Mailer } from '../adapters/mailer';
import { calendarEventOf, organizerOf } from '../adapters/meeting-effects';
import { findMeeting, markCalendar } from '../adapters/meeting-store';
import { addToOutbox, Outbox } from '../adapters/outbox';
import { findRep } from '../adapters/rep-store';
import { schedulingEvent } from '../adapters/scheduling-events';
import { claimDue, completeTimer, nextClaimableAt, retryTimer, timerArmed, type Timer } from '../adapters/timer-store';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { inviteIcs, inviteUid } from '../domain/invite';
import { reminderKey, reminderText } from '../domain/reminder';

const leaseMs = 60_000;
const batch = 20;
/** How soon a round that failed (the database or the bus away) is tried again. */
const retryMs = 1000;

/** The lease was lost to another replica while this one worked: its effects roll back, the holder redoes them. */
class LeaseLost extends Error {}

/**
 * Runs due timers (reminders, calendar syncs, invite mails) and publishes the outbox. It sleeps until the next
 * timer can be claimed (read from the table after each round), or until a timer is armed (NOTIFY on commit, from
 * any replica, carrying its moment); BATON_SCHEDULING_TICK_MS only bounds the sleep, for a lost notification
 * and an outbox another replica left. A timer is leased before it runs, so two replicas never run one at once;
 * a reminder's text and its mark are committed together, under a key the send gate sends once, so a restart or a
 * second replica never texts twice.
 */
@Injectable()
export class TimerRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private failed = false;
  private stopListening?: () => Promise<void>;
  // at least 100 ms between rounds: a timer that cannot be claimed yet (the database away) must not make it spin
  private readonly alarm = new Alarm(() => this.round(), {
    now: () => Date.parse(this.clock.now()),
    minGapMs: 100,
    retryMs,
    onError: (error) => this.logger.error({ err: error, service: 'scheduling' }, 'timer round failed'),
  });

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly outbox: Outbox,
    private readonly calendars: Calendars,
    private readonly mailer: Mailer,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopListening = await this.sql.listen(timerArmed, (dueAt) => this.armed(dueAt));
    this.alarm.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopListening?.();
    await this.alarm.stop();
    await this.outbox.flush();
    this.mailer.close();
  }

  /** Resolves once no round is under way (the runner asleep until its next wake). */
  settled(): Promise<void> {
    return this.alarm.settled();
  }

  /** A timer was armed for `dueAtIso`: a round by then (now, if it is due). */
  private armed(dueAtIso: string): void {
    this.alarm.wakeBy(Date.parse(dueAtIso) || Date.parse(this.clock.now()));
  }

  /** Everything due now, then the moment the next timer can be claimed (the tick bounds it). */
  private async round(): Promise<number> {
    const ok = await this.tick().then(
      () => !this.failed && !this.outbox.behind,
      () => false,
    );
    const now = Date.parse(this.clock.now());
    // What failed (the database or the bus away) is tried again soon, not at the bound.
    const bound = now + (ok ? this.config.BATON_SCHEDULING_TICK_MS : retryMs);
    const due = await nextClaimableAt(this.sql, new Date(bound).toISOString()).catch(() => undefined);
    return Math.min(bound, due ? Date.parse(due) : bound);
  }

  /** One round: everything due now, then the outbox. Returns how many timers ran. */
  async tick(): Promise<number> {
    let ran = 0;
    this.failed = false;
    try {
      for (;;) {
        const due = await claimDue(this.sql, this.owner, this.clock.now(), leaseMs, batch);
        for (const timer of due) await this.run(timer);
        ran += due.length;
        if (due.length < batch) break;
      }
    } catch (error) {
      this.failed = true;
      this.logger.error({ service: 'scheduling', err: error }, 'timers failed; what is due stays due');
    }
    await this.outbox.flush();
    return ran;
  }

  private async run(timer: Timer): Promise<void> {
    const log = this.logger.child({
      service: 'scheduling',
      tenantId: timer.tenantId,
      meetingId: timer.meetingId,
      timerId: timer.timerId,
    });
    try {
      if (timer.kind === 'reminder') await this.remind(timer, log);
      else if (timer.kind === 'calendar_sync') await this.sync(timer, log);
      else await this.mail(timer, log);
    } catch (error) {
      if (error instanceof LeaseLost) return;
      const delays = this.config.BATON_CALENDAR_RETRY_SECONDS;
      const next = new Date(
        Date.parse(this.clock.now()) + delays[Math.min(timer.attempts - 1, delays.length - 1)]! * 1000,
      ).toISOString();
      await retryTimer(this.sql, timer.timerId, this.owner, next, (error as Error).message);
      log.warn(
        { kind: timer.kind, attempt: timer.attempts, next, reason: (error as Error).message },
        'timer failed; will retry',
      );
    }
  }

  private async finish(timer: Timer, status: 'done' | 'dropped' = 'done'): Promise<void> {
    if (!(await completeTimer(this.sql, timer.timerId, this.owner, this.clock.now(), status))) throw new LeaseLost();
  }

  private async remind(timer: Timer, log: Logger): Promise<void> {
    const now = this.clock.now();
    const meeting = await findMeeting(this.sql, timer.tenantId, timer.meetingId);
    const lead = meeting ? await findLead(this.sql, meeting.tenantId, meeting.conversationId) : undefined;
    const why =
      !meeting || meeting.status !== 'booked'
        ? 'the meeting is no longer booked'
        : meeting.start !== timer.payload.start
          ? 'the meeting moved' // its re-armed timer carries the new time
          : lead?.optedOut
            ? 'the lead opted out'
            : Date.parse(now) >= Date.parse(meeting.start)
              ? 'the meeting already started'
              : undefined;
    if (why || !meeting) {
      await this.finish(timer, 'dropped');
      log.info({ reason: why }, 'reminder dropped');
      return;
    }
    const key = reminderKey(meeting.meetingId, meeting.start);
    const cause = { id: key, correlationid: key };
    const common = { tenantId: meeting.tenantId, subject: meeting.conversationId, cause, at: now };
    await this.sql.transaction(async (tx) => {
      if (!(await completeTimer(tx, timer.timerId, this.owner, now))) throw new LeaseLost();
      await addToOutbox(tx, [
        schedulingEvent(OutboundRequested, {
          ...common,
          name: 'reminder:outbound',
          data: { idempotencyKey: key, author: 'system', channel: 'sms', body: reminderText(meeting, now) },
        }),
        schedulingEvent(ReminderDue, {
          ...common,
          name: 'reminder:due',
          data: { meetingId: meeting.meetingId, dueAt: timer.dueAt, start: meeting.start, idempotencyKey: key },
        }),
      ]);
    });
    log.info({ start: meeting.start }, 'reminder sent to the gate');
  }

  private async sync(timer: Timer, log: Logger): Promise<void> {
    const meeting = await findMeeting(this.sql, timer.tenantId, timer.meetingId);
    const rep = meeting ? await findRep(this.sql, meeting.tenantId, meeting.repId) : undefined;
    if (!meeting || !rep) return this.finish(timer, 'dropped');
    const calendar = this.calendars.of(rep, this.sql);
    try {
      if (meeting.status === 'cancelled') await calendar.remove(inviteUid(meeting.meetingId));
      else await calendar.put(calendarEventOf(meeting, rep, this.config));
    } catch (error) {
      // The booking stands in the internal calendar; the failure shows on the meeting until a retry gets through.
      await markCalendar(
        this.sql,
        meeting.meetingId,
        timer.attempts >= 5 ? 'failed' : 'pending',
        (error as Error).message,
      );
      throw error;
    }
    await markCalendar(this.sql, meeting.meetingId, 'synced');
    await this.finish(timer);
    log.info({ calendar: calendar.kind, status: meeting.status }, 'rep calendar synced');
  }

  private async mail(timer: Timer, log: Logger): Promise<void> {
    const meeting = await findMeeting(this.sql, timer.tenantId, timer.meetingId);
    const rep = meeting ? await findRep(this.sql, meeting.tenantId, meeting.repId) : undefined;
    if (!meeting || !rep || !this.mailer.enabled || meeting.sequence !== timer.payload.sequence)
      return this.finish(timer, 'dropped');
    const cancelled = meeting.status === 'cancelled';
    const method = cancelled ? ('CANCEL' as const) : ('REQUEST' as const);
    const ics = inviteIcs({
      meeting,
      rep,
      lead: { phone: meeting.leadPhone, email: meeting.leadEmail },
      meetingUrl: rep.meetingUrl,
      alarmMinutes: this.config.BATON_REMINDER_LEAD_MINUTES || 15,
      organizer: organizerOf(this.config),
      method,
      stampedAt: meeting.updatedAt,
    });
    const toRep = timer.payload.who === 'rep';
    await this.mailer.send({
      to: String(timer.payload.to),
      ics,
      method,
      subject: `${cancelled ? 'Cancelled: ' : meeting.sequence > 0 ? 'Updated: ' : ''}${toRep ? 'Call with a lead' : `Your call with ${rep.name}`}`,
      text: toRep
        ? `Baton booked a call for you (conversation ${meeting.conversationId}). The brief follows separately.`
        : `Your call with ${rep.name} is in the attached invite.`,
      messageId: `<${meeting.meetingId}.${meeting.sequence}.${timer.payload.who}@baton>`,
    });
    await this.finish(timer);
    log.info({ who: timer.payload.who, sequence: meeting.sequence }, 'invite mailed');
  }
}
