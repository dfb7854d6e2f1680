import { Inject, Injectable } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { StoredEvent } from '@baton/event-store';
import { evolve, initialState, type Conversation } from '../domain/conversation.decider';
import { fromWire } from '../domain/conversation.wire';

export interface ConversationRow {
  tenantId: string;
  conversationId: string;
  revision: bigint;
  state: Conversation;
  updatedAt: Date;
}

const migrations = [{
  version: 1,
  script: `
CREATE TABLE conversation_view (
  tenant_id text NOT NULL,
  conversation_id text NOT NULL,
  revision bigint NOT NULL,
  driver text NOT NULL,
  lead_phone text,
  rep_id text,
  last_activity_at timestamptz,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, conversation_id)
);
CREATE INDEX conversation_view_activity ON conversation_view (tenant_id, last_activity_at DESC, conversation_id DESC);
CREATE INDEX conversation_view_driver ON conversation_view (tenant_id, driver);
CREATE INDEX conversation_view_lead ON conversation_view (tenant_id, lead_phone);`,
}, {
  version: 2,
  // External AI agents answer a turn by its id.
  script: `CREATE INDEX conversation_view_turn ON conversation_view (tenant_id, (state->'turn'->>'turnId'));`,
}];

/**
 * The conversations as the subscription last folded them: one row each, with the state and its revision.
 * It serves the read API and is the snapshot loads start from, so a read costs the same however long the history.
 */
@Injectable()
export class ConversationReadModel {
  private ready?: Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'conversation-state', migrations);
    return this.ready;
  }

  /** The conversation whose latest turn has this id, as the read model last saw it. */
  async conversationOfTurn(tenantId: string, turnId: string): Promise<string | undefined> {
    await this.migrate();
    const { rows } = await this.sql.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM conversation_view WHERE tenant_id = $1 AND (state->'turn'->>'turnId') = $2`, [tenantId, turnId]);
    return rows[0]?.conversation_id;
  }

  async snapshot(tenantId: string, conversationId: string): Promise<ConversationRow | undefined> {
    const { rows } = await this.sql.query<{ revision: string; state: Conversation; updated_at: Date }>(
      'SELECT revision::text AS revision, state, updated_at FROM conversation_view WHERE tenant_id = $1 AND conversation_id = $2', [tenantId, conversationId]);
    const row = rows[0];
    return row ? { tenantId, conversationId, revision: BigInt(row.revision), state: row.state, updatedAt: new Date(row.updated_at) } : undefined;
  }

  /** Folds one stored event into its conversation's row; an event at or below the row's revision is skipped. */
  /** A page of stored facts: each conversation's are folded together and written once. */
  async applyPage(page: StoredEvent[]): Promise<void> {
    const byConversation = new Map<string, StoredEvent[]>();
    for (const stored of page) {
      const key = `${String(stored.metadata.tenantId)}/${String(stored.metadata.conversationId)}`;
      const events = byConversation.get(key);
      if (events) events.push(stored);
      else byConversation.set(key, [stored]);
    }
    for (const events of byConversation.values()) await this.applyAll(events);
  }

  private async applyAll(events: StoredEvent[]): Promise<void> {
    const tenantId = events[0]!.metadata.tenantId as string | undefined;
    const conversationId = events[0]!.metadata.conversationId as string | undefined;
    if (!tenantId || !conversationId) return;
    const current = await this.snapshot(tenantId, conversationId);
    let state = current?.state ?? initialState();
    let revision = current?.revision ?? -1n;
    for (const stored of events) {
      const event = fromWire(stored.type, stored.data);
      if (!event || stored.revision <= revision) continue;
      state = evolve(state, event);
      revision = stored.revision;
    }
    if (revision === (current?.revision ?? -1n)) return; // nothing new
    await this.sql.query(
      `INSERT INTO conversation_view (tenant_id, conversation_id, revision, driver, lead_phone, rep_id, last_activity_at, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET revision = excluded.revision, driver = excluded.driver,
         lead_phone = excluded.lead_phone, rep_id = excluded.rep_id, last_activity_at = excluded.last_activity_at,
         state = excluded.state, updated_at = now()
       WHERE conversation_view.revision < excluded.revision`,
      [tenantId, conversationId, revision.toString(), state.driver, state.leadPhone ?? null, state.repId ?? null, state.lastActivityAt ?? null, JSON.stringify(state)]);
  }

  async list(tenantId: string, filter: { driver?: string; leadPhone?: string; limit: number; cursor?: { at: string; id: string } }): Promise<ConversationRow[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (filter.driver) where.push(`driver = $${params.push(filter.driver)}`);
    if (filter.leadPhone) where.push(`lead_phone = $${params.push(filter.leadPhone)}`);
    if (filter.cursor) where.push(`(last_activity_at, conversation_id) < ($${params.push(filter.cursor.at)}::timestamptz, $${params.push(filter.cursor.id)})`);
    const { rows } = await this.sql.query<{ conversation_id: string; revision: string; state: Conversation; updated_at: Date }>(
      `SELECT conversation_id, revision::text AS revision, state, updated_at FROM conversation_view WHERE ${where.join(' AND ')}
       ORDER BY last_activity_at DESC NULLS LAST, conversation_id DESC LIMIT $${params.push(filter.limit)}`, params);
    return rows.map((r) => ({ tenantId, conversationId: r.conversation_id, revision: BigInt(r.revision), state: r.state, updatedAt: new Date(r.updated_at) }));
  }
}
