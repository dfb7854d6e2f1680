import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Alarm, LOGGER, type Logger } from '@baton/service-runtime';
import { NOTIFICATION_CONFIG, type NotificationConfig } from '../config';
import { afterFailure, delivered, signedHeaders } from '../domain/standard-webhooks';
import { NotificationStore, type DueDelivery } from './notification-store';
import { WebhookClient } from './webhook-client';

const batch = 20;

/** Posts due deliveries to tenants' endpoints, signed; retries on the schedule; dead-letters when it is spent. */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopListening?: () => Promise<void>;
  // at least 100 ms between rounds: a round that could not claim what is due (the database away) must not spin
  private readonly alarm = new Alarm(() => this.round(), {
    now: () => Date.now(),
    minGapMs: 100,
    onError: (error) => this.logger.error({ err: error, service: 'audit' }, 'webhook dispatch round failed'),
  });

  private readonly client: WebhookClient;

  constructor(
    private readonly store: NotificationStore,
    @Inject(NOTIFICATION_CONFIG) private readonly config: NotificationConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // Every attempt resolves the endpoint's name again and connects only to the address it checked.
    this.client = new WebhookClient({
      timeoutMs: config.BATON_WEBHOOK_TIMEOUT_MS,
      allowPrivate: config.BATON_WEBHOOK_ALLOW_PRIVATE,
    });
  }

  // Woken by NOTIFY when deliveries are added (in any replica), and by a timer set to the next retry that is
  // due; BATON_WEBHOOK_POLL_MS only bounds the wait, for leases that ran out and a notification that was lost.
  async onApplicationBootstrap(): Promise<void> {
    await this.store.migrate();
    this.stopListening = await this.store.onDue(() => this.wake());
    this.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopListening?.();
    await this.alarm.stop();
  }

  /** A round now; one under way is followed by another, so nothing added meanwhile waits. */
  private wake(): void {
    this.alarm.wake();
  }

  private async round(): Promise<number> {
    await this.dispatch();
    const bound = this.config.BATON_WEBHOOK_POLL_MS;
    const next = await this.store.nextDueInMs().catch(() => bound);
    return Date.now() + Math.min(next ?? bound, bound);
  }

  /** One round: everything due now, a batch at a time. */
  async dispatch(): Promise<number> {
    let sent = 0;
    try {
      for (;;) {
        // The lease outlasts an attempt, so a slow receiver is never sent the same delivery twice at once.
        const due = await this.store.claimDue(batch, this.config.BATON_WEBHOOK_TIMEOUT_MS + 30_000);
        await Promise.all(due.map((d) => this.attempt(d)));
        sent += due.length;
        if (due.length < batch) return sent;
      }
    } catch (error) {
      this.logger.error({ err: error, service: 'audit' }, 'webhook dispatch failed; due deliveries stay due');
      return sent;
    }
  }

  private async attempt(delivery: DueDelivery): Promise<void> {
    const log = this.logger.child({
      service: 'audit',
      conversationId: delivery.conversationId,
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      endpointId: delivery.endpointId,
    });
    let status: number | undefined;
    let error: string;
    try {
      // Checked again at each attempt: a name that resolved to a public address at registration may not now.
      status = await this.client.post(
        delivery.url,
        delivery.payload,
        signedHeaders(delivery.secret, delivery.id, delivery.payload, new Date()),
      );
      if (delivered(status)) {
        await this.store.markDelivered(delivery.id, status);
        log.info({ status, attempt: delivery.attempts + 1 }, 'webhook delivered');
        return;
      }
      error = `the receiver answered ${status}`;
    } catch (thrown) {
      const e = thrown as NodeJS.ErrnoException;
      error = `${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ''}`;
    }
    const next = afterFailure(delivery.attempts + 1, this.config.BATON_WEBHOOK_RETRY_SCHEDULE, Math.random());
    await this.store.markFailed(delivery.id, {
      status,
      error,
      retryInMs: next.kind === 'retry' ? next.delayMs : undefined,
    });
    if (next.kind === 'dead')
      log.error({ status, error, attempts: delivery.attempts + 1 }, 'webhook dead-lettered: every retry failed');
    else
      log.warn(
        { status, error, attempt: delivery.attempts + 1, retryInMs: next.delayMs },
        'webhook delivery failed; will retry',
      );
  }
}
