import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { CLOCK, SQL, type Clock } from '@baton/service-runtime';

const channel = 'live_calls';
/** Calls older than this are taken as ended whose end event never came. */
const callLimitMs = 4 * 3600_000;
/** A notification lost with a dropped listener (a database server's) is made good by this reload at the latest. */
const reloadMs = 60_000;

type Change = { op: 'started' | 'ended'; tenantId: string; conversationId: string; callSid: string; at?: string };

/**
 * Which conversations have a call in progress: context for the handoff mode, not a change of driver. Every
 * lead message asks, so the answer comes from memory: the table loaded at start, kept by the NOTIFY that each
 * change sends on commit (from whichever replica consumed the call event), reloaded now and then in case a
 * notification was lost.
 */
@Injectable()
export class LiveCalls implements OnModuleInit, OnModuleDestroy {
  // conversation -> call sid -> started at (ms)
  private live = new Map<string, Map<string, number>>();
  // changes heard while a reload reads the table, applied again over what it read
  private heardDuringReload?: Change[];
  private stopListening?: () => Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state-calls', [
      {
        version: 1,
        script:
          'CREATE TABLE live_calls (tenant_id text NOT NULL, conversation_id text NOT NULL, call_sid text NOT NULL, started_at timestamptz NOT NULL, PRIMARY KEY (tenant_id, conversation_id, call_sid))',
      },
    ]);
    this.stopListening = await this.sql.listen(channel, (payload) => this.heard(payload));
    await this.reload();
    if (this.sql.driver === 'pglite') return; // notifications in the process itself: none can be lost
    this.timer = setInterval(() => void this.reload().catch(() => undefined), reloadMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.stopListening?.();
  }

  async started(tenantId: string, conversationId: string, callSid: string, at: string): Promise<void> {
    const change: Change = { op: 'started', tenantId, conversationId, callSid, at };
    await this.sql.query(
      'WITH kept AS (INSERT INTO live_calls VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING) SELECT pg_notify($5, $6)',
      [tenantId, conversationId, callSid, at, channel, JSON.stringify(change)],
    );
  }

  async ended(tenantId: string, conversationId: string, callSid: string): Promise<void> {
    const change: Change = { op: 'ended', tenantId, conversationId, callSid };
    await this.sql.query(
      'WITH gone AS (DELETE FROM live_calls WHERE tenant_id = $1 AND conversation_id = $2 AND call_sid = $3) SELECT pg_notify($4, $5)',
      [tenantId, conversationId, callSid, channel, JSON.stringify(change)],
    );
  }

  async onCall(tenantId: string, conversationId: string): Promise<boolean> {
    const since = this.clock.now().getTime() - callLimitMs;
    return [...(this.live.get(key(tenantId, conversationId))?.values() ?? [])].some((startedAt) => startedAt > since);
  }

  /** Reads the table again; what was notified meanwhile is applied over it, so no change is lost to the read. */
  async reload(): Promise<void> {
    this.heardDuringReload = [];
    try {
      const { rows } = await this.sql.query<{
        tenant_id: string;
        conversation_id: string;
        call_sid: string;
        started_at: Date | string;
      }>('SELECT tenant_id, conversation_id, call_sid, started_at FROM live_calls');
      const live = new Map<string, Map<string, number>>();
      for (const r of rows) {
        const k = key(r.tenant_id, r.conversation_id);
        const calls = live.get(k) ?? new Map<string, number>();
        live.set(k, calls);
        calls.set(r.call_sid, new Date(r.started_at).getTime());
      }
      const heard = this.heardDuringReload;
      this.live = live;
      for (const change of heard) this.apply(change);
    } finally {
      this.heardDuringReload = undefined;
    }
  }

  private heard(payload: string): void {
    let change: Change;
    try {
      change = JSON.parse(payload) as Change;
    } catch {
      return;
    }
    this.heardDuringReload?.push(change);
    this.apply(change);
  }

  private apply(change: Change): void {
    const k = key(change.tenantId, change.conversationId);
    if (change.op === 'started') {
      const calls = this.live.get(k) ?? new Map<string, number>();
      this.live.set(k, calls);
      calls.set(change.callSid, Date.parse(change.at!));
      return;
    }
    const calls = this.live.get(k);
    calls?.delete(change.callSid);
    if (calls?.size === 0) this.live.delete(k);
  }
}

const key = (tenantId: string, conversationId: string) => `${tenantId}\u0000${conversationId}`;
