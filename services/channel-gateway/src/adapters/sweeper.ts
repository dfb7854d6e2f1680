import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Sql } from '@baton/sql';
import { CLOCK, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { turnNotYetKnown } from '../domain/send-gate';
import { DeliveryUpdates } from './delivery-updates';
import { Inbound } from './inbound';
import { LeadDirectory } from './lead-directory';
import { SendGateStore, type SendRow } from './send-gate-store';
import { Sender, sendLock } from './sender';

/**
 * Every few seconds, what a crash or a lost message left open: sends decided but never started, sends the
 * provider may have (looked up there once their request could no longer be in flight, then sent only if the
 * provider never got them, decided again first), AI replies whose turn never came, deferred sends whose
 * moment came, status callbacks that could not be matched yet, and lead texts accepted and never processed.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly sender: Sender,
    private readonly gate: SendGateStore,
    private readonly directory: LeadDirectory,
    private readonly deliveries: DeliveryUpdates,
    private readonly inbound: Inbound,
    @Inject(SQL) private readonly sql: Sql,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = undefined));
    }, this.config.BATON_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  /** The longest a provider call can be in flight: its timeout, and a margin for the provider to finish it. */
  get inFlightMs(): number {
    return this.sender.channel.timeoutMs + 5_000;
  }

  async sweep(): Promise<void> {
    try {
      const rows = await this.gate.forSweep(this.clock.now(), {
        readyAfterMs: 5_000,
        inFlightMs: this.inFlightMs,
        awaitingTurnMs: this.config.BATON_TURN_GRACE_MS,
      });
      for (const row of rows) await this.settle(row);
      await this.deliveries.retryPending();
      // Texts another instance accepted and did not live to process (this one's own were swept at its start).
      await this.inbound.sweep();
      await this.inbound.idle();
    } catch (error) {
      this.logger.error({ err: error, service: 'channel-gateway' }, 'sweep failed');
    }
  }

  private async settle(row: SendRow): Promise<void> {
    const now = this.clock.now().toISOString();
    switch (row.status) {
      case 'ready':
        return this.sender.deliver(row.sendId, row.tenantId, row.conversationId);
      case 'deferred':
        // Its moment came: decided again on the fence as it is now.
        await this.gate.setStatus(this.sql, row.sendId, 'ready', now);
        return this.sender.deliver(row.sendId, row.tenantId, row.conversationId);
      case 'awaiting_turn':
        return this.expire(row);
      case 'sending':
      case 'unknown':
        // A live process holding the conversation's lock is still on it; otherwise the call died with its process.
        await this.sql.tryLock(sendLock(row.tenantId, row.conversationId), () => this.reconcile(row));
        return;
      default:
        return;
    }
  }

  /** A send the provider may have: looked up first; sent again (after a fresh decision) only if it never got there. */
  private async reconcile(row: SendRow): Promise<void> {
    const current = await this.gate.load(this.sql, row.sendId);
    if (current?.status !== 'sending' && current?.status !== 'unknown') return;
    const address = await this.directory.find(row.tenantId, row.conversationId);
    if (!address) return;
    const found = await this.sender.channel.find({
      sendId: row.sendId,
      to: address.leadPhone,
      from: address.batonNumber,
      body: this.sender.composed(current),
      after: current.createdAt,
    });
    if (found) {
      await this.sql.transaction((tx) => this.sender.markSent(tx, current, address, found.providerSid));
      this.logger.info(
        { service: 'channel-gateway', conversationId: row.conversationId, tenantId: row.tenantId, sendId: row.sendId },
        'send reconciled: the provider had it',
      );
      return;
    }
    await this.gate.setStatus(this.sql, row.sendId, 'ready', this.clock.now().toISOString());
    await this.sender.attempt(row.sendId); // we hold the lock already
  }

  /** An AI reply whose turn never reached the gate within the grace: released if it has now, else void. */
  private async expire(row: SendRow): Promise<void> {
    const release = await this.sql.transaction(async (tx) => {
      const current = await this.gate.load(tx, row.sendId, true);
      if (current?.status !== 'awaiting_turn') return false;
      const fence = await this.gate.lockFence(tx, row.tenantId, row.conversationId);
      const now = this.clock.now().toISOString();
      if (!turnNotYetKnown(fence, row.turnId)) {
        await this.gate.setStatus(tx, row.sendId, 'ready', now);
        return true;
      }
      const detail = `turn ${row.turnId} never reached the gate`;
      await this.gate.setStatus(tx, row.sendId, 'blocked', now, { reason: 'turn_void', detail });
      this.sender.blocked(tx, row, { kind: 'block', reason: 'turn_void', detail });
      return false;
    });
    if (release) await this.sender.deliver(row.sendId, row.tenantId, row.conversationId);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
