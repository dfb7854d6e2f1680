import { Inject, Injectable } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { Turn } from '../domain/signal-engine.port';

const keep = 12;

/** The recent turns of each conversation, the context sentiment and intent are read in. */
@Injectable()
export class ConversationTurns {
  private ready?: Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  private migrated(): Promise<void> {
    this.ready ??= migrate(this.sql, 'signal-detector', [{
      version: 1,
      script: `CREATE TABLE signal_turns (
        tenant_id text NOT NULL, conversation_id text NOT NULL, message_id text NOT NULL, author text NOT NULL,
        body text NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (tenant_id, conversation_id, message_id));
        CREATE INDEX signal_turns_recent ON signal_turns (tenant_id, conversation_id, at DESC);`,
    }]);
    return this.ready;
  }

  /** Turns before `at`, oldest first. */
  async before(tenantId: string, conversationId: string, at: string): Promise<Turn[]> {
    await this.migrated();
    const { rows } = await this.sql.query<{ author: Turn['author']; body: string }>(
      `SELECT author, body FROM signal_turns WHERE tenant_id = $1 AND conversation_id = $2 AND at < $3 ORDER BY at DESC LIMIT ${keep}`,
      [tenantId, conversationId, at]);
    return rows.reverse().map((r) => ({ author: r.author, text: r.body }));
  }

  async record(tenantId: string, conversationId: string, turn: Turn & { messageId: string; at: string }): Promise<void> {
    await this.migrated();
    await this.sql.query(
      `INSERT INTO signal_turns (tenant_id, conversation_id, message_id, author, body, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [tenantId, conversationId, turn.messageId, turn.author, turn.text, turn.at]);
    await this.sql.query(
      `DELETE FROM signal_turns WHERE tenant_id = $1 AND conversation_id = $2 AND message_id IN (
         SELECT message_id FROM signal_turns WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY at DESC OFFSET ${keep * 2})`,
      [tenantId, conversationId]);
  }
}
