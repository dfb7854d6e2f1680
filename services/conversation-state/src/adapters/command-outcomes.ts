import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { CLOCK, SQL, type Clock } from '@baton/service-runtime';

export type CommandStatus = 'pending' | 'applied' | 'unchanged' | 'refused' | 'failed';

export interface CommandOutcome {
  commandId: string;
  conversationId: string;
  type: string;
  status: CommandStatus;
  /** A refusal's stable code (not-driven-by-rep, ...), or why the command could not be recorded. */
  code?: string;
  detail?: string;
  /** The facts it appended, by type. */
  events: string[];
  requestedAt: string;
  decidedAt?: string;
}

const channel = 'conversation_command_decided';

/**
 * What became of each conversation command: recorded as pending when the API publishes it (in the same
 * transaction), and decided by the handler in the transaction of its batch, so a caller can wait for it or
 * poll it. A rep never has to believe a takeover happened that did not.
 */
@Injectable()
export class CommandOutcomes implements OnModuleInit, OnModuleDestroy {
  private readonly waiters = new Map<string, Set<() => void>>();
  private stopListening?: () => Promise<void>;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state-commands', [
      {
        version: 1,
        script: `CREATE TABLE conversation_commands (
        tenant_id text NOT NULL, command_id uuid NOT NULL, conversation_id text NOT NULL, type text NOT NULL, status text NOT NULL,
        code text, detail text, events jsonb NOT NULL DEFAULT '[]'::jsonb, requested_at timestamptz NOT NULL, decided_at timestamptz,
        PRIMARY KEY (tenant_id, command_id));`,
      },
    ]);
    // Whichever instance decides a command, the one holding the caller's request hears it.
    this.stopListening = await this.sql.listen(channel, (commandId) => {
      for (const wake of this.waiters.get(commandId) ?? []) wake();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  async requested(
    tx: SqlQueryable,
    tenantId: string,
    commandId: string,
    conversationId: string,
    type: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO conversation_commands (tenant_id, command_id, conversation_id, type, status, requested_at) VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT DO NOTHING`,
      [tenantId, commandId, conversationId, type, this.clock.now().toISOString()],
    );
  }

  /** Records the decision (a command the API did not publish, say from another service, gets a row too). */
  async decided(
    tx: SqlQueryable,
    tenantId: string,
    commandId: string,
    conversationId: string,
    type: string,
    outcome: { status: Exclude<CommandStatus, 'pending'>; code?: string; detail?: string; events?: string[] },
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await tx.query(
      `INSERT INTO conversation_commands (tenant_id, command_id, conversation_id, type, status, code, detail, events, requested_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (tenant_id, command_id) DO UPDATE SET status = excluded.status, code = excluded.code, detail = excluded.detail,
         events = excluded.events, decided_at = excluded.decided_at WHERE conversation_commands.status = 'pending'`,
      [
        tenantId,
        commandId,
        conversationId,
        type,
        outcome.status,
        outcome.code ?? null,
        outcome.detail?.slice(0, 500) ?? null,
        JSON.stringify(outcome.events ?? []),
        now,
      ],
    );
    await tx.query(`SELECT pg_notify('${channel}', $1)`, [commandId]);
  }

  async get(tenantId: string, commandId: string): Promise<CommandOutcome | undefined> {
    const { rows } = await this.sql.query<{
      command_id: string;
      conversation_id: string;
      type: string;
      status: CommandStatus;
      code: string | null;
      detail: string | null;
      events: string[];
      requested_at: Date;
      decided_at: Date | null;
    }>('SELECT * FROM conversation_commands WHERE tenant_id = $1 AND command_id = $2', [tenantId, commandId]);
    const r = rows[0];
    return r
      ? {
          commandId: r.command_id,
          conversationId: r.conversation_id,
          type: r.type,
          status: r.status,
          ...(r.code ? { code: r.code } : {}),
          ...(r.detail ? { detail: r.detail } : {}),
          events: r.events,
          requestedAt: new Date(r.requested_at).toISOString(),
          ...(r.decided_at ? { decidedAt: new Date(r.decided_at).toISOString() } : {}),
        }
      : undefined;
  }

  /** The outcome once decided, or as it stands (pending) after waiting at most waitMs. */
  async await(tenantId: string, commandId: string, waitMs: number): Promise<CommandOutcome | undefined> {
    const until = Date.now() + waitMs;
    for (;;) {
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const set = this.waiters.get(commandId) ?? new Set();
      set.add(wake);
      this.waiters.set(commandId, set);
      try {
        const outcome = await this.get(tenantId, commandId);
        const left = until - Date.now();
        if (!outcome || outcome.status !== 'pending' || left <= 0) return outcome;
        // A notification wakes it; the timer covers one that was missed (a listener reconnecting).
        await Promise.race([woken, new Promise((r) => setTimeout(r, Math.min(left, 250)))]);
      } finally {
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(commandId);
      }
    }
  }
}
