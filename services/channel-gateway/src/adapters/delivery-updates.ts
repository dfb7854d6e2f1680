import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { derivedEventId, MessageDeliveryUpdated, MessageSent, newEvent } from '@baton/contracts';
import { migrate, type Sql, type Transaction } from '@baton/sql';
import { CLOCK, LOGGER, SQL, type Clock, type Logger } from '@baton/service-runtime';
import { knownStatus, movesForward, type DeliveryStatus } from '../domain/delivery-status';
import { evolveFence } from '../domain/send-gate';
import { LeadDirectory } from './lead-directory';
import { SendGateStore, type SendRow } from './send-gate-store';
import { Sender } from './sender';

export interface StatusCallback {
  tenantId: string;
  providerSid: string;
  status: string;
  to: string;
  from: string;
  errorCode?: string;
}

export type CallbackOutcome = 'applied' | 'stale' | 'foreign' | 'pending' | 'invalid';

/**
 * Twilio status callbacks: applied once per status, never backwards. A callback for a sid Baton has not stored
 * may be its own send whose answer has not been recorded yet (the callback outran it, or a crash lost it): it
 * is matched against the conversation's sends in flight, by the provider's record of that sid, before it can
 * count as a message sent from outside Baton (a rep texting from the Twilio console), which fences the AI off.
 */
@Injectable()
export class DeliveryUpdates implements OnModuleInit {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly gate: SendGateStore,
    private readonly sender: Sender,
    private readonly directory: LeadDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-delivery', [
      {
        version: 1,
        script: `CREATE TABLE gateway_delivery (provider_sid text PRIMARY KEY, status text NOT NULL, error_code text, updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE gateway_foreign_sends (provider_sid text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, seen_at timestamptz NOT NULL DEFAULT now());`,
      },
      {
        version: 2,
        // Callbacks that could not be told apart yet (the provider could not be asked): the sweep asks again.
        script: `CREATE TABLE gateway_pending_callbacks (provider_sid text PRIMARY KEY, callback jsonb NOT NULL, received_at timestamptz NOT NULL);`,
      },
    ]);
  }

  async apply(callback: StatusCallback): Promise<CallbackOutcome> {
    const status = knownStatus(callback.status);
    if (!status) return 'invalid';
    const ours = await this.gate.bySid(this.sql, callback.providerSid);
    if (ours) return this.record(ours, callback, status);
    const conversationId = LeadDirectory.conversationIdOf(callback.tenantId, callback.to, callback.from);
    const inFlight = await this.gate.inFlight(this.sql, callback.tenantId, conversationId);
    if (inFlight.length > 0) {
      let held;
      try {
        held = await this.sender.channel.fetch(callback.providerSid);
      } catch (error) {
        await this.park(callback);
        this.logger.warn(
          { service: 'channel-gateway', conversationId, tenantId: callback.tenantId, err: error },
          'status callback parked: the provider could not be asked about it',
        );
        return 'pending';
      }
      const match =
        held && inFlight.find((row) => held!.to === callback.to && held!.body === this.sender.composed(row));
      if (match) {
        const address = await this.directory.find(match.tenantId, match.conversationId);
        if (address) {
          await this.sql.transaction((tx) => this.sender.markSent(tx, match, address, callback.providerSid));
          this.logger.info(
            { service: 'channel-gateway', conversationId, tenantId: callback.tenantId, sendId: match.sendId },
            'send reconciled by its status callback',
          );
          return this.record({ ...match, providerSid: callback.providerSid }, callback, status);
        }
      }
    }
    return this.foreign(callback, conversationId);
  }

  /** Callbacks parked earlier, tried again (by the sweep). */
  async retryPending(): Promise<void> {
    const { rows } = await this.sql.query<{ provider_sid: string; callback: StatusCallback }>(
      'SELECT provider_sid, callback FROM gateway_pending_callbacks LIMIT 100',
    );
    for (const row of rows) {
      if ((await this.apply(row.callback)) !== 'pending')
        await this.sql.query('DELETE FROM gateway_pending_callbacks WHERE provider_sid = $1', [row.provider_sid]);
    }
  }

  /** Told when a callback is parked: the sweep tries it again. */
  readonly parked = new Set<() => void>();

  private async park(callback: StatusCallback): Promise<void> {
    this.parked.forEach((tell) => tell());
    await this.sql.query(
      'INSERT INTO gateway_pending_callbacks (provider_sid, callback, received_at) VALUES ($1, $2, $3) ON CONFLICT (provider_sid) DO UPDATE SET callback = excluded.callback',
      [callback.providerSid, JSON.stringify(callback), this.clock.now().toISOString()],
    );
  }

  private record(ours: SendRow, callback: StatusCallback, status: DeliveryStatus): Promise<CallbackOutcome> {
    return this.sql.transaction(async (tx): Promise<CallbackOutcome> => {
      const current = await tx.query<{ status: string }>(
        'SELECT status FROM gateway_delivery WHERE provider_sid = $1 FOR UPDATE',
        [callback.providerSid],
      );
      if (!movesForward(current.rows[0]?.status, status)) return 'stale';
      await tx.query(
        `INSERT INTO gateway_delivery (provider_sid, status, error_code, updated_at) VALUES ($1, $2, $3, $4)
        ON CONFLICT (provider_sid) DO UPDATE SET status = excluded.status, error_code = excluded.error_code, updated_at = excluded.updated_at`,
        [callback.providerSid, status, callback.errorCode ?? null, this.clock.now().toISOString()],
      );
      this.sender.publish(
        tx,
        newEvent(MessageDeliveryUpdated, {
          id: derivedEventId(`delivery:${callback.providerSid}:${status}`),
          subject: ours.conversationId,
          tenantid: ours.tenantId,
          source: '/baton/channel-gateway',
          data: {
            messageId: derivedEventId(`message:${ours.sendId}`),
            providerMessageId: callback.providerSid,
            status,
            ...(callback.errorCode ? { errorCode: callback.errorCode } : {}),
            at: this.clock.now().toISOString(),
          },
        }),
      );
      return 'applied';
    });
  }

  private foreign(callback: StatusCallback, conversationId: string): Promise<CallbackOutcome> {
    return this.sql.transaction(async (tx: Transaction): Promise<CallbackOutcome> => {
      const { rowCount } = await tx.query(
        'INSERT INTO gateway_foreign_sends (provider_sid, tenant_id, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [callback.providerSid, callback.tenantId, conversationId],
      );
      if (rowCount === 0) return 'foreign';
      const fence = await this.gate.lockFence(tx, callback.tenantId, conversationId);
      await this.gate.saveFence(tx, callback.tenantId, conversationId, evolveFence(fence, { type: 'human.sent' }));
      this.logger.warn(
        { service: 'channel-gateway', conversationId, tenantId: callback.tenantId },
        'a message Baton did not send went out in the thread; the AI is fenced off',
      );
      this.sender.publish(
        tx,
        newEvent(MessageSent, {
          id: derivedEventId(`foreign:${callback.providerSid}`),
          subject: conversationId,
          tenantid: callback.tenantId,
          source: '/baton/channel-gateway',
          data: {
            messageId: derivedEventId(`foreign-message:${callback.providerSid}`),
            author: 'rep',
            repId: 'outside-baton',
            idempotencyKey: `foreign:${callback.providerSid}`,
            providerMessageId: callback.providerSid,
            leadPhone: callback.to,
            batonNumber: callback.from,
            channel: 'sms',
            body: '(sent outside Baton)',
            sentAt: this.clock.now().toISOString(),
          },
        }),
      );
      return 'foreign';
    });
  }
}
