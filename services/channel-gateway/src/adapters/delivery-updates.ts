import { Inject, Injectable } from '@nestjs/common';
import { derivedEventId, MessageDeliveryUpdated, MessageSent, newEvent } from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { knownStatus, movesForward } from '../domain/delivery-status';
import { LeadDirectory } from './lead-directory';
import { SendGateStore } from './send-gate-store';
import { Sender } from './sender';

export interface StatusCallback {
  tenantId: string;
  providerSid: string;
  status: string;
  to: string;
  from: string;
  errorCode?: string;
}

/**
 * Twilio status callbacks: applied once per status, never backwards. A callback for an outbound message
 * Baton did not send (a rep texting from the Twilio console or another tool) is a human message in the
 * thread, and closes the AI fence.
 */
@Injectable()
export class DeliveryUpdates {
  private ready?: Promise<void>;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly gate: SendGateStore,
    private readonly sender: Sender,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'channel-gateway-delivery', [{
      version: 1,
      script: `CREATE TABLE gateway_delivery (provider_sid text PRIMARY KEY, status text NOT NULL, error_code text, updated_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE gateway_foreign_sends (provider_sid text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, seen_at timestamptz NOT NULL DEFAULT now());`,
    }]);
    return this.ready;
  }

  /** 'applied', 'stale' (older than what is known), or 'foreign' (a human send Baton did not make). */
  async apply(callback: StatusCallback): Promise<'applied' | 'stale' | 'foreign' | 'invalid'> {
    await this.migrate();
    const status = knownStatus(callback.status);
    if (!status) return 'invalid';
    const { rows } = await this.sql.query<{ tenant_id: string; conversation_id: string; idempotency_key: string }>(
      'SELECT tenant_id, conversation_id, idempotency_key FROM gateway_sends WHERE provider_sid = $1', [callback.providerSid]);
    const ours = rows[0];
    if (!ours) return this.foreign(callback);
    const changed = await this.sql.transaction(async (tx) => {
      const current = await tx.query<{ status: string }>('SELECT status FROM gateway_delivery WHERE provider_sid = $1 FOR UPDATE', [callback.providerSid]);
      if (!movesForward(current.rows[0]?.status, status)) return false;
      await tx.query(`INSERT INTO gateway_delivery (provider_sid, status, error_code) VALUES ($1, $2, $3)
        ON CONFLICT (provider_sid) DO UPDATE SET status = excluded.status, error_code = excluded.error_code, updated_at = now()`, [callback.providerSid, status, callback.errorCode ?? null]);
      return true;
    });
    if (!changed) return 'stale';
    await this.sender.publish(newEvent(MessageDeliveryUpdated, {
      id: derivedEventId(`delivery:${callback.providerSid}:${status}`), subject: ours.conversation_id, tenantid: ours.tenant_id, source: '/baton/channel-gateway',
      data: { messageId: derivedEventId(`message:${ours.idempotency_key}`), providerMessageId: callback.providerSid, status, ...(callback.errorCode ? { errorCode: callback.errorCode } : {}), at: new Date().toISOString() },
    }));
    return 'applied';
  }

  private async foreign(callback: StatusCallback): Promise<'foreign'> {
    const conversationId = LeadDirectory.conversationIdOf(callback.tenantId, callback.to, callback.from);
    const { rowCount } = await this.sql.query('INSERT INTO gateway_foreign_sends (provider_sid, tenant_id, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [callback.providerSid, callback.tenantId, conversationId]);
    if (rowCount === 0) return 'foreign';
    await this.gate.apply(callback.tenantId, conversationId, [{ type: 'human.sent' }]);
    this.logger.warn({ service: 'channel-gateway', conversationId, tenantId: callback.tenantId }, 'a message Baton did not send went out in the thread; the AI is fenced off');
    await this.sender.publish(newEvent(MessageSent, {
      id: derivedEventId(`foreign:${callback.providerSid}`), subject: conversationId, tenantid: callback.tenantId, source: '/baton/channel-gateway',
      data: {
        messageId: derivedEventId(`foreign-message:${callback.providerSid}`), author: 'rep', repId: 'outside-baton', idempotencyKey: `foreign:${callback.providerSid}`,
        providerMessageId: callback.providerSid, leadPhone: callback.to, batonNumber: callback.from, channel: 'sms', body: '(sent outside Baton)', sentAt: new Date().toISOString(),
      },
    }));
    return 'foreign';
  }
}
