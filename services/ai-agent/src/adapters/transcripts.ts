import { Inject, Injectable } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { Line } from '../domain/scripted-agent';

/** What was said in each thread, as the agent reads it before it speaks. */
@Injectable()
export class Transcripts {
  private ready?: Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  private migrated(): Promise<void> {
    this.ready ??= migrate(this.sql, 'ai-agent', [{
      version: 1,
      script: `CREATE TABLE agent_lines (tenant_id text NOT NULL, conversation_id text NOT NULL, message_id text NOT NULL, author text NOT NULL, body text NOT NULL,
        at timestamptz NOT NULL, PRIMARY KEY (tenant_id, conversation_id, message_id));
        CREATE TABLE agent_turns (turn_id text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, answered_at timestamptz NOT NULL DEFAULT now());`,
    }]);
    return this.ready;
  }

  async add(tenantId: string, conversationId: string, line: Line & { messageId: string; at: string }): Promise<void> {
    await this.migrated();
    await this.sql.query('INSERT INTO agent_lines VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [tenantId, conversationId, line.messageId, line.author, line.text, line.at]);
  }

  async read(tenantId: string, conversationId: string): Promise<(Line & { messageId: string })[]> {
    await this.migrated();
    const { rows } = await this.sql.query<{ message_id: string; author: Line['author']; body: string }>(
      'SELECT message_id, author, body FROM agent_lines WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY at, message_id', [tenantId, conversationId]);
    return rows.map((r) => ({ messageId: r.message_id, author: r.author, text: r.body }));
  }

  /** True the first time a turn is answered: a redelivered grant is not answered twice. */
  async claim(turnId: string, tenantId: string, conversationId: string): Promise<boolean> {
    await this.migrated();
    const { rowCount } = await this.sql.query('INSERT INTO agent_turns (turn_id, tenant_id, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [turnId, tenantId, conversationId]);
    return rowCount === 1;
  }

  async release(turnId: string): Promise<void> {
    await this.sql.query('DELETE FROM agent_turns WHERE turn_id = $1', [turnId]);
  }
}
