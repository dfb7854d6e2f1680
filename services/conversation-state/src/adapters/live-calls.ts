import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';

/** Which conversations have a call in progress: context for the handoff mode, not a change of driver. */
@Injectable()
export class LiveCalls implements OnModuleInit {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state-calls', [
      {
        version: 1,
        script:
          'CREATE TABLE live_calls (tenant_id text NOT NULL, conversation_id text NOT NULL, call_sid text NOT NULL, started_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, conversation_id, call_sid))',
      },
    ]);
  }

  async started(tenantId: string, conversationId: string, callSid: string, at: string): Promise<void> {
    await this.sql.query('INSERT INTO live_calls VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
      tenantId,
      conversationId,
      callSid,
      at,
    ]);
  }

  async ended(tenantId: string, conversationId: string, callSid: string): Promise<void> {
    await this.sql.query('DELETE FROM live_calls WHERE tenant_id = $1 AND conversation_id = $2 AND call_sid = $3', [
      tenantId,
      conversationId,
      callSid,
    ]);
  }

  /** Calls older than four hours are taken as ended whose end event never came. */
  async onCall(tenantId: string, conversationId: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      `SELECT 1 FROM live_calls WHERE tenant_id = $1 AND conversation_id = $2 AND started_at > now() - interval '4 hours' LIMIT 1`,
      [tenantId, conversationId],
    );
    return rows.length > 0;
  }
}
