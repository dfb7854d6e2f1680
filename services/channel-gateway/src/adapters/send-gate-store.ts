import { Inject, Injectable } from '@nestjs/common';
import { migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { LeadPlace, Window } from '@baton/lead-time';
import { decideSend, evolveFence, openFence, type Channel, type Fence, type FenceFact, type Verdict } from '../domain/send-gate';

export interface OutboundRequest {
  tenantId: string;
  conversationId: string;
  idempotencyKey: string;
  author: 'ai' | 'rep' | 'system';
  repId?: string;
  turnId?: string;
  channel: Channel;
  body: string;
  purpose?: 'opt_out_confirmation' | 'help';
  at: string;
}

export interface GateOutcome {
  sendId: string;
  verdict: Verdict;
  /** True when this idempotency key was decided before: nothing new happened. */
  repeated: boolean;
}

const migrations = [{
  version: 1,
  script: `
CREATE TABLE gateway_fences (
  tenant_id text NOT NULL, conversation_id text NOT NULL, fence jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, conversation_id));
CREATE TABLE gateway_sends (
  idempotency_key text PRIMARY KEY,
  seq bigserial NOT NULL,
  tenant_id text NOT NULL, conversation_id text NOT NULL,
  author text NOT NULL, rep_id text, turn_id text, channel text NOT NULL, body text NOT NULL,
  status text NOT NULL, reason text, detail text, deferred_until timestamptz, disclose boolean NOT NULL DEFAULT false,
  provider_sid text, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX gateway_sends_conversation ON gateway_sends (tenant_id, conversation_id, seq);
CREATE INDEX gateway_sends_due ON gateway_sends (deferred_until) WHERE status = 'deferred';`,
}];

/**
 * The gate's durable side. Every decision about a conversation takes its fence row's lock, so a rep's send
 * and an AI send racing for the same thread are decided one after the other, and the rep's closes the fence
 * in the same transaction that records it, before any event goes round the bus. Each send is recorded under
 * its idempotency key before any provider is called: a retry of the key is answered from the record.
 */
@Injectable()
export class SendGateStore {
  private ready?: Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'channel-gateway-gate', migrations);
    return this.ready;
  }

  async decide(request: OutboundRequest, place: LeadPlace, window: Window): Promise<GateOutcome> {
    await this.migrate();
    return this.sql.transaction(async (tx) => {
      const fence = await this.lockFence(tx, request.tenantId, request.conversationId);
      const existing = await tx.query<{ status: string; reason: string | null; detail: string | null; deferred_until: Date | null; disclose: boolean }>(
        'SELECT status, reason, detail, deferred_until, disclose FROM gateway_sends WHERE idempotency_key = $1', [request.idempotencyKey]);
      if (existing.rows[0]) return { sendId: request.idempotencyKey, verdict: verdictOf(existing.rows[0]), repeated: true };
      const verdict = decideSend(request, fence, place, window);
      const status = verdict.kind === 'send' ? 'recorded' : verdict.kind === 'block' ? 'blocked' : 'deferred';
      await tx.query(
        `INSERT INTO gateway_sends (idempotency_key, tenant_id, conversation_id, author, rep_id, turn_id, channel, body, status, reason, detail, deferred_until, disclose)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [request.idempotencyKey, request.tenantId, request.conversationId, request.author, request.repId ?? null, request.turnId ?? null, request.channel, request.body,
          status, verdict.kind === 'block' ? verdict.reason : null, verdict.kind === 'block' ? verdict.detail : null, verdict.kind === 'defer' ? verdict.until : null,
          verdict.kind === 'send' && verdict.disclose]);
      let next = fence;
      if (request.author === 'rep' && verdict.kind !== 'block') next = evolveFence(next, { type: 'human.sent' });
      if (verdict.kind === 'send' && request.author === 'ai') next = evolveFence(next, { type: 'ai.sent', turnId: request.turnId!, disclosed: verdict.disclose });
      if (verdict.kind === 'send' && request.purpose === 'opt_out_confirmation') next = evolveFence(next, { type: 'opt-out.confirmed' });
      if (next !== fence) await this.saveFence(tx, request.tenantId, request.conversationId, next);
      return { sendId: request.idempotencyKey, verdict, repeated: false };
    });
  }

  /** A deferred send at its moment: the same request decided again on today's fence. */
  async decideAgain(sendId: string, place: LeadPlace, window: Window, at: string): Promise<Verdict | undefined> {
    await this.migrate();
    return this.sql.transaction(async (tx) => {
      const { rows } = await tx.query<{ tenant_id: string; conversation_id: string; author: OutboundRequest['author']; turn_id: string | null; channel: Channel; status: string }>(
        'SELECT tenant_id, conversation_id, author, turn_id, channel, status FROM gateway_sends WHERE idempotency_key = $1', [sendId]);
      const row = rows[0];
      if (!row || row.status !== 'deferred') return undefined;
      const fence = await this.lockFence(tx, row.tenant_id, row.conversation_id);
      const verdict = decideSend({ author: row.author, channel: row.channel, turnId: row.turn_id ?? undefined, at }, fence, place, window);
      if (verdict.kind === 'defer') {
        await tx.query('UPDATE gateway_sends SET deferred_until = $2, updated_at = now() WHERE idempotency_key = $1', [sendId, verdict.until]);
        return verdict;
      }
      await tx.query('UPDATE gateway_sends SET status = $2, reason = $3, detail = $4, disclose = $5, updated_at = now() WHERE idempotency_key = $1',
        [sendId, verdict.kind === 'send' ? 'recorded' : 'blocked', verdict.kind === 'block' ? verdict.reason : null, verdict.kind === 'block' ? verdict.detail : null, verdict.kind === 'send' && verdict.disclose]);
      if (verdict.kind === 'send' && row.author === 'ai') await this.saveFence(tx, row.tenant_id, row.conversation_id, evolveFence(fence, { type: 'ai.sent', turnId: row.turn_id!, disclosed: verdict.disclose }));
      return verdict;
    });
  }

  /** Facts from baton.conversations (and the gateway's own inbound side) move the fence. */
  async apply(tenantId: string, conversationId: string, facts: FenceFact[]): Promise<Fence> {
    await this.migrate();
    return this.sql.transaction(async (tx) => {
      const fence = facts.reduce(evolveFence, await this.lockFence(tx, tenantId, conversationId));
      await this.saveFence(tx, tenantId, conversationId, fence);
      return fence;
    });
  }

  async fence(tenantId: string, conversationId: string): Promise<Fence> {
    await this.migrate();
    const { rows } = await this.sql.query<{ fence: Fence }>('SELECT fence FROM gateway_fences WHERE tenant_id = $1 AND conversation_id = $2', [tenantId, conversationId]);
    return rows[0]?.fence ?? openFence();
  }

  async markSent(sendId: string, providerSid: string): Promise<void> {
    await this.sql.query(`UPDATE gateway_sends SET status = 'sent', provider_sid = $2, updated_at = now() WHERE idempotency_key = $1`, [sendId, providerSid]);
  }

  async markOutcome(sendId: string, status: 'failed' | 'unknown', detail: string): Promise<void> {
    await this.sql.query(`UPDATE gateway_sends SET status = $2, detail = $3, updated_at = now() WHERE idempotency_key = $1`, [sendId, status, detail]);
  }

  private async lockFence(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<Fence> {
    await tx.query(`INSERT INTO gateway_fences (tenant_id, conversation_id, fence) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenantId, conversationId, JSON.stringify(openFence())]);
    const { rows } = await tx.query<{ fence: Fence }>('SELECT fence FROM gateway_fences WHERE tenant_id = $1 AND conversation_id = $2 FOR UPDATE', [tenantId, conversationId]);
    return rows[0]!.fence;
  }

  private async saveFence(tx: SqlQueryable, tenantId: string, conversationId: string, fence: Fence): Promise<void> {
    await tx.query('UPDATE gateway_fences SET fence = $3, updated_at = now() WHERE tenant_id = $1 AND conversation_id = $2', [tenantId, conversationId, JSON.stringify(fence)]);
  }
}

function verdictOf(row: { status: string; reason: string | null; detail: string | null; deferred_until: Date | null; disclose: boolean }): Verdict {
  if (row.status === 'blocked') return { kind: 'block', reason: row.reason as never, detail: row.detail ?? '' };
  if (row.status === 'deferred') return { kind: 'defer', until: new Date(row.deferred_until!).toISOString() };
  return { kind: 'send', disclose: row.disclose };
}

export interface SendRow {
  sendId: string;
  tenantId: string;
  conversationId: string;
  author: 'ai' | 'rep' | 'system';
  repId?: string;
  turnId?: string;
  channel: Channel;
  body: string;
  status: 'recorded' | 'sent' | 'failed' | 'blocked' | 'deferred' | 'unknown';
  disclose: boolean;
  providerSid?: string;
  createdAt: Date;
}

export async function loadSend(sql: Sql, sendId: string): Promise<SendRow | undefined> {
  const { rows } = await sql.query<{ idempotency_key: string; tenant_id: string; conversation_id: string; author: SendRow['author']; rep_id: string | null; turn_id: string | null; channel: Channel; body: string; status: SendRow['status']; disclose: boolean; provider_sid: string | null; created_at: Date }>(
    'SELECT * FROM gateway_sends WHERE idempotency_key = $1', [sendId]);
  const r = rows[0];
  return r ? {
    sendId: r.idempotency_key, tenantId: r.tenant_id, conversationId: r.conversation_id, author: r.author, repId: r.rep_id ?? undefined, turnId: r.turn_id ?? undefined,
    channel: r.channel, body: r.body, status: r.status, disclose: r.disclose, providerSid: r.provider_sid ?? undefined, createdAt: new Date(r.created_at),
  } : undefined;
}
