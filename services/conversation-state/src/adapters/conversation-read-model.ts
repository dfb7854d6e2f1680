import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { stateSchemaVersion, type Conversation } from '../domain/conversation.decider';

export interface ConversationRow {
  tenantId: string;
  conversationId: string;
  revision: bigint;
  state: Conversation;
  updatedAt: Date;
}

export interface InboxFilter {
  repId?: string;
  unassigned?: boolean;
  driver?: string;
  vertical?: string;
  channel?: string;
  includeClosed?: boolean;
  limit: number;
}

const migrations = [
  {
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
  },
  {
    version: 2,
    // External AI agents answer a turn by its id.
    script: `CREATE INDEX conversation_view_turn ON conversation_view (tenant_id, (state->'turn'->>'turnId'));`,
  },
  {
    version: 3,
    // The snapshot names the decider's state schema it was folded with: another one is refolded from the stream.
    script: `ALTER TABLE conversation_view ADD COLUMN schema_version integer NOT NULL DEFAULT 1;`,
  },
];

/**
 * The conversations as the subscription last folded them: one row each, with the state and its revision.
 * It serves the read API and is the snapshot loads start from, so a read costs the same however long the history.
 */
@Injectable()
export class ConversationReadModel implements OnModuleInit {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state', migrations);
  }

  /** The conversation whose latest turn has this id, as the read model last saw it. */
  async conversationOfTurn(tenantId: string, turnId: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM conversation_view WHERE tenant_id = $1 AND (state->'turn'->>'turnId') = $2`,
      [tenantId, turnId],
    );
    return rows[0]?.conversation_id;
  }

  /** The last snapshot, if it was folded with the decider's current state schema (another is no snapshot at all). */
  async snapshot(tenantId: string, conversationId: string): Promise<ConversationRow | undefined> {
    const { rows } = await this.sql.query<{
      revision: string;
      state: Conversation;
      updated_at: Date;
      schema_version: number;
    }>(
      'SELECT revision::text AS revision, state, updated_at, schema_version FROM conversation_view WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    const row = rows[0];
    if (!row || row.schema_version !== stateSchemaVersion) return undefined;
    return {
      tenantId,
      conversationId,
      revision: BigInt(row.revision),
      state: row.state,
      updatedAt: new Date(row.updated_at),
    };
  }

  /** Writes the conversation as of a revision, in the transaction of the append that reached it. */
  async save(
    tx: SqlQueryable,
    tenantId: string,
    conversationId: string,
    revision: bigint,
    state: Conversation,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO conversation_view (tenant_id, conversation_id, revision, driver, lead_phone, rep_id, last_activity_at, state, schema_version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET revision = excluded.revision, driver = excluded.driver,
         lead_phone = excluded.lead_phone, rep_id = excluded.rep_id, last_activity_at = excluded.last_activity_at,
         state = excluded.state, schema_version = excluded.schema_version, updated_at = now()
       WHERE conversation_view.revision < excluded.revision OR conversation_view.schema_version <> excluded.schema_version`,
      [
        tenantId,
        conversationId,
        revision.toString(),
        state.driver,
        state.leadPhone ?? null,
        state.repId ?? null,
        state.lastActivityAt ?? null,
        JSON.stringify(state),
        stateSchemaVersion,
      ],
    );
  }

  /**
   * The console's inbox: handoff-pending first, the longest wait since the trigger first; then rep-held, paused,
   * AI-driven and opted-out ones, latest activity first. With the count per driver under the same filters.
   */
  async inbox(
    tenantId: string,
    filter: InboxFilter,
  ): Promise<{ rows: ConversationRow[]; counts: Record<string, number> }> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (filter.repId) where.push(`rep_id = $${params.push(filter.repId)}`);
    if (filter.unassigned) where.push('rep_id IS NULL');
    if (filter.vertical) where.push(`state->>'vertical' = $${params.push(filter.vertical)}`);
    if (filter.channel) where.push(`state->>'channel' = $${params.push(filter.channel)}`);
    if (!filter.includeClosed) where.push(`coalesce((state->>'closed')::boolean, false) = false`);
    const counted = await this.sql.query<{ driver: string; n: string }>(
      `SELECT driver, count(*)::text AS n FROM conversation_view WHERE ${where.join(' AND ')} GROUP BY driver`,
      params,
    );
    const counts: Record<string, number> = { handoff_pending: 0, human: 0, paused: 0, ai: 0, opted_out: 0 };
    for (const row of counted.rows) counts[row.driver] = Number(row.n);
    const listed = [...params];
    const listWhere = [...where];
    if (filter.driver) listWhere.push(`driver = $${listed.push(filter.driver)}`);
    const { rows } = await this.sql.query<{
      conversation_id: string;
      revision: string;
      state: Conversation;
      updated_at: Date;
    }>(
      `SELECT conversation_id, revision::text AS revision, state, updated_at FROM conversation_view WHERE ${listWhere.join(' AND ')}
       ORDER BY CASE driver WHEN 'handoff_pending' THEN 0 WHEN 'human' THEN 1 WHEN 'paused' THEN 2 WHEN 'ai' THEN 3 ELSE 4 END,
         CASE WHEN driver = 'handoff_pending' THEN (state->'handoff'->>'at')::timestamptz END ASC NULLS LAST,
         last_activity_at DESC NULLS LAST, conversation_id DESC
       LIMIT $${listed.push(filter.limit)}`,
      listed,
    );
    return {
      rows: rows.map((r) => ({
        tenantId,
        conversationId: r.conversation_id,
        revision: BigInt(r.revision),
        state: r.state,
        updatedAt: new Date(r.updated_at),
      })),
      counts,
    };
  }

  /** The rep holding the conversation now, as the read model last saw it (undefined: nobody, or no such conversation). */
  async holderOf(tenantId: string, conversationId: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ rep_id: string | null }>(
      'SELECT rep_id FROM conversation_view WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    return rows[0]?.rep_id ?? undefined;
  }

  async list(
    tenantId: string,
    filter: { driver?: string; leadPhone?: string; limit: number; cursor?: { at: string; id: string } },
  ): Promise<ConversationRow[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (filter.driver) where.push(`driver = $${params.push(filter.driver)}`);
    if (filter.leadPhone) where.push(`lead_phone = $${params.push(filter.leadPhone)}`);
    if (filter.cursor)
      where.push(
        `(last_activity_at, conversation_id) < ($${params.push(filter.cursor.at)}::timestamptz, $${params.push(filter.cursor.id)})`,
      );
    const { rows } = await this.sql.query<{
      conversation_id: string;
      revision: string;
      state: Conversation;
      updated_at: Date;
    }>(
      `SELECT conversation_id, revision::text AS revision, state, updated_at FROM conversation_view WHERE ${where.join(' AND ')}
       ORDER BY last_activity_at DESC NULLS LAST, conversation_id DESC LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map((r) => ({
      tenantId,
      conversationId: r.conversation_id,
      revision: BigInt(r.revision),
      state: r.state,
      updatedAt: new Date(r.updated_at),
    }));
  }
}
