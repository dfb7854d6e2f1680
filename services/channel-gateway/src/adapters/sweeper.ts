import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Sql } from '@baton/sql';
import { Alarm, CLOCK, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { turnNotYetKnown } from '../domain/send-gate';
import { DeliveryUpdates } from './delivery-updates';
import { Inbound } from './inbound';
import { LeadDirectory } from './lead-directory';
import { SendGateStore, type SendRow, type SendStatus } from './send-gate-store';
import { Sender, sendLock } from './sender';

/** A lead text accepted this long ago and still unprocessed is taken by the sweep (its own drain died). */
const inboundAfterMs = 10_000;
/** A send decided this long ago and never started is started by the sweep. */
const readyAfterMs = 5_000;
/** The least time between two sweeps: what one could not settle (a live holder's lock) waits this long. */
const sweepGapMs = 5_000;
/** How soon a look that failed (the database away) is tried again. */
const retryMs = 1_000;
/** How long a reply that names its grant's revision may wait for the fence to reach it. */
const awaitingGrantLongStopMs = 15 * 60_000;

/** The oldest open thing of each kind the sweep looks at (ms since the epoch, on the service's clock), if any. */
interface SweepHorizon {
  ready?: number;
  inFlight?: number;
  awaitingTurn?: number;
  awaitingGrant?: number;
  deferred?: number;
  /** The oldest lead text accepted and not processed yet. */
  inbound?: number;
  /** Status callbacks parked until their send is known. */
  parked: boolean;
}

/**
 * What a crash or a lost message left open: sends decided but never started, sends the provider may have
 * (looked up there once their request could no longer be in flight, then sent only if the provider never got
 * them, decided again first), AI replies whose turn never came, deferred sends whose moment came, status
 * callbacks that could not be matched yet, and lead texts accepted and never processed. It sleeps until the
 * oldest of them comes due (one look at the open rows), and is told by the gate of each send put in a status it
 * watches; BATON_SWEEP_INTERVAL_MS only bounds the sleep, for what another instance left.
 */
@Injectable()
export class Sweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private sweeping: Promise<void> = Promise.resolve();
  private sweptAt = Number.NEGATIVE_INFINITY;
  private readonly alarm: Alarm;

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
  ) {
    // Never sooner than the gap after the last round: what it could not settle must not make it spin.
    this.alarm = new Alarm(() => this.round(), {
      now: () => this.clock.now().getTime(),
      minGapMs: this.gapMs,
      retryMs,
      onError: (error) => this.logger.error({ err: error, service: 'channel-gateway' }, 'sweep round failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.gate.watched.add(this.watchSend);
    this.deliveries.parked.add(this.watchCallback);
    this.alarm.wake();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.gate.watched.delete(this.watchSend);
    this.deliveries.parked.delete(this.watchCallback);
    await this.alarm.stop();
    await this.sweeping;
  }

  /** The longest a provider call can be in flight: its timeout, and a margin for the provider to finish it. */
  get inFlightMs(): number {
    return this.sender.channel.timeoutMs + 5_000;
  }

  /**
   * The long stop of a reply that names its grant's revision: the fence gets there however late the facts are, so
   * only a turn that was never granted (or a consumer down for a quarter of an hour) meets it.
   */
  private get awaitingGrantMs(): number {
    return Math.max(awaitingGrantLongStopMs, this.config.BATON_TURN_GRACE_MS);
  }

  private get gapMs(): number {
    return Math.min(sweepGapMs, this.config.BATON_SWEEP_INTERVAL_MS);
  }

  private readonly watchSend = (status: SendStatus, deferredUntil?: string) => {
    const now = this.clock.now().getTime();
    if (status === 'ready') this.wakeBy(now + readyAfterMs);
    else if (status === 'sending' || status === 'unknown') this.wakeBy(now + this.inFlightMs);
    else if (status === 'awaiting_turn') this.wakeBy(now + this.config.BATON_TURN_GRACE_MS);
    else if (status === 'deferred' && deferredUntil) this.wakeBy(Date.parse(deferredUntil));
  };

  private readonly watchCallback = () => this.wakeBy(this.clock.now().getTime() + this.gapMs);

  /** When the oldest open thing comes due; +Infinity when nothing is open. */
  private dueAt(h: SweepHorizon): number {
    const plus = (at: number | undefined, ms: number) => (at === undefined ? Number.POSITIVE_INFINITY : at + ms);
    return Math.min(
      plus(h.ready, readyAfterMs),
      plus(h.inFlight, this.inFlightMs),
      plus(h.awaitingTurn, this.config.BATON_TURN_GRACE_MS),
      plus(h.awaitingGrant, this.awaitingGrantMs),
      plus(h.deferred, 0),
      plus(h.inbound, inboundAfterMs),
      h.parked ? this.sweptAt + this.gapMs : Number.POSITIVE_INFINITY,
    );
  }

  private wakeBy(atMs: number): void {
    this.alarm.wakeBy(atMs);
  }

  /** A look at what is open; a sweep when something is due; then the moment the next thing is (the interval bounds it). */
  private async round(): Promise<number> {
    const look = async () => {
      try {
        return this.dueAt(await this.sweepHorizon());
      } catch (error) {
        this.logger.error({ err: error, service: 'channel-gateway' }, 'sweep look failed');
        return this.clock.now().getTime() + retryMs;
      }
    };
    const now = this.clock.now().getTime();
    let due = await look();
    if (due <= now && now >= this.sweptAt + this.gapMs) {
      await this.sweep();
      due = await look(); // and look again, for when the next thing is due
    }
    return Math.min(due, this.clock.now().getTime() + this.config.BATON_SWEEP_INTERVAL_MS);
  }

  private async sweepHorizon(): Promise<SweepHorizon> {
    const at = (v: Date | string | null) => (v === null ? undefined : new Date(v).getTime());
    const { rows } = await this.sql.query<Record<keyof SweepHorizon, Date | string | null>>(
      `SELECT (SELECT min(updated_at) FROM gateway_sends WHERE status = 'ready') AS ready,
              (SELECT min(COALESCE(attempt_at, updated_at)) FROM gateway_sends WHERE status IN ('sending', 'unknown')) AS "inFlight",
              (SELECT min(created_at) FROM gateway_sends WHERE status = 'awaiting_turn' AND turn_sequence IS NULL) AS "awaitingTurn",
              (SELECT min(created_at) FROM gateway_sends WHERE status = 'awaiting_turn' AND turn_sequence IS NOT NULL) AS "awaitingGrant",
              (SELECT min(deferred_until) FROM gateway_sends WHERE status = 'deferred') AS deferred,
              (SELECT min(received_at) FROM gateway_inbound WHERE processed_at IS NULL) AS inbound,
              EXISTS (SELECT 1 FROM gateway_pending_callbacks) AS parked`,
    );
    const r = rows[0]!;
    return {
      ready: at(r.ready),
      inFlight: at(r.inFlight),
      awaitingTurn: at(r.awaitingTurn),
      awaitingGrant: at(r.awaitingGrant),
      deferred: at(r.deferred),
      inbound: at(r.inbound),
      parked: Boolean(r.parked),
    };
  }

  /** Settles everything due now; sweeps never overlap in one process (a test's and the sweeper's own). */
  sweep(): Promise<void> {
    const run = this.sweeping.then(() => this.sweepNow());
    this.sweeping = run;
    return run;
  }

  private async sweepNow(): Promise<void> {
    this.sweptAt = this.clock.now().getTime();
    try {
      const rows = await this.gate.forSweep(this.clock.now(), {
        readyAfterMs,
        inFlightMs: this.inFlightMs,
        awaitingTurnMs: this.config.BATON_TURN_GRACE_MS,
        awaitingGrantMs: this.awaitingGrantMs,
      });
      for (const row of rows) await this.settle(row);
      await this.deliveries.retryPending();
      // Texts another instance accepted and did not live to process (this one's own were swept at its start).
      await this.inbound.sweep(inboundAfterMs);
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
      const detail =
        row.turnSequence === undefined
          ? `turn ${row.turnId} never reached the gate`
          : `turn ${row.turnId} never reached the gate, which has not applied revision ${row.turnSequence} of its stream yet`;
      await this.gate.setStatus(tx, row.sendId, 'blocked', now, { reason: 'turn_void', detail });
      this.sender.blocked(tx, row, { kind: 'block', reason: 'turn_void', detail });
      return false;
    });
    if (release) await this.sender.deliver(row.sendId, row.tenantId, row.conversationId);
  }
}
