import { outsideTransactions } from '@baton/sql';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { definitionFor, type CloudEvent } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import { Alarm, EVENT_BUS, LOGGER, type Logger } from '@baton/service-runtime';
import { BRIEFING_CONFIG, type BriefingConfig } from '../config';
import { BriefingStore, type DeliveryRow } from './briefing-store';
import { SmtpMailer, type BriefMail } from './smtp-mailer';

const batch = 20;
const eventRetryMs = 5000;
/** How soon a round that failed is tried again. */
const retryMs = 1000;

/**
 * Sends what the outbox holds: events to the bus (at least once, under their own ids, so a consumer drops a
 * copy), mail to reps through SMTP (at most once: a mail whose attempt died midway is marked unknown, not
 * resent). Leased, so replicas never send the same delivery together. Woken by the commits that add deliveries
 * (nudge) and by a timer set to the next one due (a retry, a lease that runs out); BATON_BRIEF_DISPATCH_MS only
 * bounds the wait, for what another replica added and did not live to send.
 */
@Injectable()
export class BriefDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private failed = false;
  // at least 100 ms between rounds: what could not be claimed (the database away) must not make it spin
  private readonly alarm = new Alarm(() => outsideTransactions(() => this.round()), {
    now: () => Date.now(),
    minGapMs: 100,
    retryMs,
    onError: (error) => this.logger.error({ err: error, service: 'briefing' }, 'brief dispatch round failed'),
  });

  constructor(
    private readonly store: BriefingStore,
    private readonly mailer: SmtpMailer,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(BRIEFING_CONFIG) private readonly config: BriefingConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.store.madeDue.add(this.wake);
    this.nudge();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.store.madeDue.delete(this.wake);
    await this.alarm.stop();
  }

  private readonly wake = () => this.nudge();

  /** Starts a round now (after a commit); a round already running is followed by another. */
  nudge(): void {
    this.alarm.wake();
  }

  /** Resolves once no round is under way. */
  settled(): Promise<void> {
    return this.alarm.settled();
  }

  /**
   * Detached from whatever transaction woke it (a consumer batch): a round claims and sends on its own, then
   * names when the next delivery is due (a retry, a lease that runs out).
   */
  private async round(): Promise<number> {
    await this.dispatch();
    // A round that failed (the database away) is tried again soon, not at the bound.
    const bound = this.failed ? retryMs : this.config.BATON_BRIEF_DISPATCH_MS;
    const next = await this.store.nextDueInMs().catch(() => retryMs);
    return Date.now() + Math.min(next ?? bound, bound);
  }

  private async dispatch(): Promise<void> {
    this.failed = false;
    try {
      for (;;) {
        const due = await this.store.claimDue(batch, 60_000);
        await Promise.all(due.map((d) => this.attempt(d)));
        if (due.length < batch) return;
      }
    } catch (error) {
      this.failed = true;
      this.logger.error({ err: error, service: 'briefing' }, 'brief dispatch failed; due deliveries stay due');
    }
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const log = this.logger.child({
      service: 'briefing',
      conversationId: d.conversationId,
      tenantId: d.tenantId,
      deliveryId: d.id,
      kind: d.kind,
      repId: d.repId,
    });
    try {
      if (d.kind === 'event') {
        const event = d.payload.event as CloudEvent;
        const topic = definitionFor(event.type)?.topic;
        if (!topic) throw new Error(`no topic for ${event.type}`);
        await this.bus.publish(topic, [{ key: event.subject, value: JSON.stringify(event) }]);
        await this.store.markSent(d.id);
        log.info({ type: event.type, eventId: event.id }, 'brief event published');
        return;
      }
      const mail = d.payload as unknown as BriefMail & { to: string };
      await this.mailer.send({ ...mail, conversationId: d.conversationId });
      await this.store.markSent(d.id);
      log.info({ attempt: d.attempts }, 'brief mailed to the rep');
    } catch (thrown) {
      const error = (thrown as Error).message;
      const schedule = this.config.BATON_BRIEF_MAIL_RETRY_SCHEDULE;
      const retryInMs =
        d.kind === 'event'
          ? eventRetryMs
          : d.attempts <= schedule.length
            ? schedule[d.attempts - 1]! * 1000
            : undefined;
      await this.store.markFailed(d.id, error, retryInMs);
      if (retryInMs === undefined)
        log.error({ error, attempts: d.attempts }, 'brief mail failed: every retry was refused');
      else log.warn({ error, attempt: d.attempts, retryInMs }, 'brief delivery failed; will retry');
    }
  }
}
