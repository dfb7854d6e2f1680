import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ambientTransaction, migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { Brief, RepFacts, RequestionedField, Turn } from '../domain/brief-input';
import { initialBriefingState, type BriefingState } from '../domain/briefing.decider';

export interface Conversation {
  tenantId: string;
  conversationId: string;
}
export interface StoredState {
  state: BriefingState;
  revision: number;
}
export type DeliveryKind = 'event' | 'email';
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'waiting' | 'unknown';
export interface NewDelivery {
  id: string;
  kind: DeliveryKind;
  repId: string;
  status: 'pending' | 'skipped' | 'waiting';
  /** event: the CloudEvent to publish; email: the brief version and where it goes */
  payload: Record<string, unknown>;
  reason?: string;
}
export interface DeliveryRow {
  id: string;
  tenantId: string;
  conversationId: string;
  kind: DeliveryKind;
  repId: string;
  status: DeliveryStatus;
  attempts: number;
  payload: Record<string, unknown>;
  lastError?: string;
  createdAt: string;
  sentAt?: string;
}

interface RawDelivery {
  id: string;
  tenant_id: string;
  conversation_id: string;
  kind: DeliveryKind;
  rep_id: string;
  status: DeliveryStatus;
  attempts: number;
  payload: Record<string, unknown> | string;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const deliveryOf = (r: RawDelivery): DeliveryRow => ({
  id: r.id,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  kind: r.kind,
  repId: r.rep_id,
  status: r.status,
  attempts: r.attempts,
  payload: json(r.payload),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  createdAt: new Date(r.created_at).toISOString(),
  ...(r.sent_at ? { sentAt: new Date(r.sent_at).toISOString() } : {}),
});

/**
 * briefing's own tables: each conversation's messages (the brief's input), its brief lifecycle state, the latest
 * brief, reps' contact details, re-questions and the outbox of deliveries. Every method takes the queryable it
 * runs on, so a caller's transaction holds several together.
 */
@Injectable()
export class BriefingStore implements OnModuleInit {
  /** Told when a write outside the brief writer made deliveries due (the writer nudges the dispatcher itself). */
  readonly madeDue = new Set<() => void>();

  constructor(@Inject(SQL) readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'briefing', [
      {
        version: 1,
        script: `
        CREATE TABLE briefing_messages (
          tenant_id text NOT NULL, conversation_id text NOT NULL, message_id text NOT NULL, seq bigserial, author text NOT NULL,
          rep_id text, body text NOT NULL, at timestamptz NOT NULL, PRIMARY KEY (tenant_id, conversation_id, message_id));
        CREATE INDEX briefing_messages_order ON briefing_messages (tenant_id, conversation_id, at, seq);
        CREATE TABLE briefing_conversations (
          tenant_id text NOT NULL, conversation_id text NOT NULL, state jsonb NOT NULL, revision integer NOT NULL DEFAULT 0,
          updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, conversation_id));
        CREATE TABLE briefing_briefs (
          tenant_id text NOT NULL, conversation_id text NOT NULL, brief jsonb NOT NULL, version integer NOT NULL, built_from integer NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, conversation_id));
        CREATE TABLE briefing_reps (
          tenant_id text NOT NULL, rep_id text NOT NULL, name text NOT NULL, email text, phone text, timezone text NOT NULL,
          presence text NOT NULL, removed boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, rep_id));
        CREATE TABLE briefing_requestions (
          tenant_id text NOT NULL, conversation_id text NOT NULL, asked_message_id text NOT NULL, field text NOT NULL, rep_id text,
          known_message_id text NOT NULL, known_value text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
          PRIMARY KEY (tenant_id, conversation_id, asked_message_id, field));
        CREATE TABLE briefing_deliveries (
          id uuid PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, kind text NOT NULL, rep_id text NOT NULL,
          status text NOT NULL, attempts integer NOT NULL DEFAULT 0, next_attempt_at timestamptz NOT NULL DEFAULT now(), payload jsonb NOT NULL,
          last_error text, created_at timestamptz NOT NULL DEFAULT now(), sent_at timestamptz);
        CREATE INDEX briefing_deliveries_due ON briefing_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
        CREATE INDEX briefing_deliveries_conversation ON briefing_deliveries (tenant_id, conversation_id, created_at);
        CREATE INDEX briefing_deliveries_waiting ON briefing_deliveries (tenant_id, rep_id) WHERE status = 'waiting';`,
      },
    ]);
  }

  /** Records a message once (by id); true when it is new. */
  async recordMessage(q: SqlQueryable, c: Conversation, turn: Turn): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO briefing_messages (tenant_id, conversation_id, message_id, author, rep_id, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING RETURNING message_id`,
      [c.tenantId, c.conversationId, turn.id, turn.author, turn.repId ?? null, turn.text, turn.at],
    );
    return rows.length > 0;
  }

  async turns(q: SqlQueryable, c: Conversation): Promise<Turn[]> {
    const { rows } = await q.query<{
      message_id: string;
      author: Turn['author'];
      rep_id: string | null;
      body: string;
      at: Date;
    }>(
      `SELECT message_id, author, rep_id, body, at FROM briefing_messages WHERE tenant_id = $1 AND conversation_id = $2
        ORDER BY briefing_messages.at, briefing_messages.seq`,
      [c.tenantId, c.conversationId],
    );
    return rows.map((r) => ({
      id: r.message_id,
      author: r.author,
      text: r.body,
      at: new Date(r.at).toISOString(),
      ...(r.rep_id ? { repId: r.rep_id } : {}),
    }));
  }

  /** The lifecycle state; `lock` holds the row until the caller's transaction ends. */
  async state(q: SqlQueryable, c: Conversation, lock = false): Promise<StoredState> {
    const { rows } = await q.query<{ state: BriefingState | string; revision: number }>(
      `SELECT state, revision FROM briefing_conversations WHERE tenant_id = $1 AND conversation_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [c.tenantId, c.conversationId],
    );
    return rows[0]
      ? { state: json(rows[0].state), revision: rows[0].revision }
      : { state: initialBriefingState(), revision: 0 };
  }

  /**
   * The state, locked for the rest of the transaction: its row's lock once it exists (one statement), else a
   * lock on the conversation's name, then the row again (which a holder of that lock may have just created).
   */
  async lockState(tx: SqlQueryable, c: Conversation): Promise<StoredState> {
    const found = await this.state(tx, c, true);
    if (found.revision > 0) return found;
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`briefing:${c.tenantId}:${c.conversationId}`]);
    return this.state(tx, c, true);
  }

  /** Saves the state and counts a revision: anything a brief is built from changed. */
  async saveState(q: SqlQueryable, c: Conversation, state: BriefingState): Promise<number> {
    const { rows } = await q.query<{ revision: number }>(
      `INSERT INTO briefing_conversations (tenant_id, conversation_id, state, revision) VALUES ($1, $2, $3, 1)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET state = excluded.state, revision = briefing_conversations.revision + 1, updated_at = now()
       RETURNING revision`,
      [c.tenantId, c.conversationId, JSON.stringify(state)],
    );
    return rows[0]!.revision;
  }

  async brief(q: SqlQueryable, c: Conversation): Promise<{ brief: Brief; builtFrom: number } | undefined> {
    const { rows } = await q.query<{ brief: Brief | string; built_from: number }>(
      'SELECT brief, built_from FROM briefing_briefs WHERE tenant_id = $1 AND conversation_id = $2',
      [c.tenantId, c.conversationId],
    );
    return rows[0] ? { brief: json(rows[0].brief), builtFrom: rows[0].built_from } : undefined;
  }

  async saveBrief(q: SqlQueryable, c: Conversation, brief: Brief, builtFrom: number): Promise<void> {
    await q.query(
      `INSERT INTO briefing_briefs (tenant_id, conversation_id, brief, version, built_from) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET brief = excluded.brief, version = excluded.version, built_from = excluded.built_from, updated_at = now()`,
      [c.tenantId, c.conversationId, JSON.stringify(brief), brief.version, builtFrom],
    );
  }

  async upsertRep(
    q: SqlQueryable,
    tenantId: string,
    rep: RepFacts & { presence: string; removed?: boolean; name: string; timezone: string },
  ): Promise<void> {
    await q.query(
      `INSERT INTO briefing_reps (tenant_id, rep_id, name, email, phone, timezone, presence, removed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, rep_id) DO UPDATE SET name = excluded.name, email = excluded.email, phone = excluded.phone, timezone = excluded.timezone,
         presence = excluded.presence, removed = excluded.removed, updated_at = now()`,
      [
        tenantId,
        rep.repId,
        rep.name,
        rep.email ?? null,
        rep.phone ?? null,
        rep.timezone,
        rep.presence,
        rep.removed ?? false,
      ],
    );
  }

  async rep(q: SqlQueryable, tenantId: string, repId: string): Promise<(RepFacts & { removed: boolean }) | undefined> {
    const { rows } = await q.query<{
      rep_id: string;
      name: string;
      email: string | null;
      phone: string | null;
      timezone: string;
      removed: boolean;
    }>('SELECT rep_id, name, email, phone, timezone, removed FROM briefing_reps WHERE tenant_id = $1 AND rep_id = $2', [
      tenantId,
      repId,
    ]);
    const r = rows[0];
    return r
      ? {
          repId: r.rep_id,
          name: r.name,
          timezone: r.timezone,
          removed: r.removed,
          ...(r.email ? { email: r.email } : {}),
          ...(r.phone ? { phone: r.phone } : {}),
        }
      : undefined;
  }

  /** Records a re-question once per asked message and field; true when it is new. */
  async recordRequestion(q: SqlQueryable, c: Conversation, r: RequestionedField): Promise<boolean> {
    const { rows } = await q.query(
      `INSERT INTO briefing_requestions (tenant_id, conversation_id, asked_message_id, field, rep_id, known_message_id, known_value)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING field`,
      [c.tenantId, c.conversationId, r.askedMessageId, r.field, r.repId ?? null, r.knownMessageId, r.knownValue],
    );
    return rows.length > 0;
  }

  async requestions(q: SqlQueryable, c: Conversation): Promise<RequestionedField[]> {
    const { rows } = await q.query<{
      asked_message_id: string;
      field: string;
      rep_id: string | null;
      known_message_id: string;
      known_value: string;
    }>(
      `SELECT asked_message_id, field, rep_id, known_message_id, known_value FROM briefing_requestions WHERE tenant_id = $1 AND conversation_id = $2
        ORDER BY briefing_requestions.created_at, briefing_requestions.field`,
      [c.tenantId, c.conversationId],
    );
    return rows.map((r) => ({
      ...(r.rep_id ? { repId: r.rep_id } : {}),
      field: r.field,
      askedMessageId: r.asked_message_id,
      knownMessageId: r.known_message_id,
      knownValue: r.known_value,
    }));
  }

  /** Adds deliveries to the outbox; one with the same id (the same key) is never added twice. */
  async enqueue(q: SqlQueryable, c: Conversation, deliveries: NewDelivery[]): Promise<number> {
    let added = 0;
    for (const d of deliveries) {
      const { rows } = await q.query(
        `INSERT INTO briefing_deliveries (id, tenant_id, conversation_id, kind, rep_id, status, payload, last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [d.id, c.tenantId, c.conversationId, d.kind, d.repId, d.status, JSON.stringify(d.payload), d.reason ?? null],
      );
      added += rows.length;
    }
    return added;
  }

  /** Mail that waited for the rep's address can go now. */
  async releaseWaiting(q: SqlQueryable, tenantId: string, repId: string, email: string): Promise<number> {
    const { rows } = await q.query(
      `UPDATE briefing_deliveries SET status = 'pending', next_attempt_at = now(), last_error = NULL, payload = payload || jsonb_build_object('to', $3::text)
        WHERE tenant_id = $1 AND rep_id = $2 AND status = 'waiting' AND kind = 'email' RETURNING id`,
      [tenantId, repId, email],
    );
    if (rows.length > 0) {
      // Once they are committed: a round before that would not see them.
      const tell = () => this.madeDue.forEach((wake) => wake());
      const open = ambientTransaction(this.sql);
      if (open) open.afterCommit(tell);
      else tell();
    }
    return rows.length;
  }

  /**
   * Claims what is due, leased so another replica skips it. A delivery found still `sending` after its lease
   * is one whose attempt died midway: an event is published again (same id, consumers drop the copy), a mail
   * is marked unknown rather than sent twice.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DeliveryRow[]> {
    await this.sql.query(
      `UPDATE briefing_deliveries SET status = 'unknown', last_error = 'the process stopped while sending; not sent again so the rep never gets it twice'
        WHERE status = 'sending' AND kind = 'email' AND next_attempt_at <= now()`,
    );
    const { rows } = await this.sql.query<RawDelivery>(
      `WITH due AS (
         SELECT id FROM briefing_deliveries WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
          ORDER BY briefing_deliveries.next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE briefing_deliveries d SET status = 'sending', attempts = d.attempts + 1, next_attempt_at = now() + ($2 || ' milliseconds')::interval
         FROM due WHERE d.id = due.id RETURNING d.*`,
      [limit, String(leaseMs)],
    );
    return rows.map(deliveryOf);
  }

  /** How soon the next delivery is due (a retry, a lease that runs out); undefined when none is pending. */
  async nextDueInMs(): Promise<number | undefined> {
    const { rows } = await this.sql.query<{ ms: string | number | null }>(
      `SELECT EXTRACT(EPOCH FROM (min(next_attempt_at) - now())) * 1000 AS ms FROM briefing_deliveries
        WHERE status IN ('pending', 'sending')`,
    );
    const ms = rows[0]?.ms;
    return ms === null || ms === undefined ? undefined : Number(ms);
  }

  async markSent(id: string): Promise<void> {
    await this.sql.query(
      `UPDATE briefing_deliveries SET status = 'sent', sent_at = now(), last_error = NULL WHERE id = $1 AND status = 'sending'`,
      [id],
    );
  }

  async markFailed(id: string, error: string, retryInMs?: number): Promise<void> {
    await this.sql.query(
      `UPDATE briefing_deliveries SET last_error = $2, status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $3::bigint IS NULL THEN next_attempt_at ELSE now() + ($3::bigint || ' milliseconds')::interval END
        WHERE id = $1 AND status = 'sending'`,
      [id, error.slice(0, 1000), retryInMs === undefined ? null : String(retryInMs)],
    );
  }

  async deliveries(q: SqlQueryable, c: Conversation): Promise<DeliveryRow[]> {
    const { rows } = await q.query<RawDelivery>(
      'SELECT * FROM briefing_deliveries WHERE tenant_id = $1 AND conversation_id = $2 ORDER BY briefing_deliveries.created_at, briefing_deliveries.id',
      [c.tenantId, c.conversationId],
    );
    return rows.map(deliveryOf);
  }
}
