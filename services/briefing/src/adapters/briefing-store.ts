import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ambientTransaction, migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { Brief, RepFacts, RequestionedField, Turn } from '../domain/brief-input';
import type { BriefingState } from '../domain/briefing.decider';

export interface Conversation {
  tenantId: string;
  conversationId: string;
}
export interface StoredState {
  state: BriefingState;
  revision: number;
}
export const conversationKey = (c: Conversation) => `${c.tenantId}\n${c.conversationId}`;
export interface BriefContext {
  /** by conversationKey */
  briefs: Map<string, { brief: Brief; builtFrom: number }>;
  turns: Map<string, Turn[]>;
  reQuestions: Map<string, RequestionedField[]>;
  /** by `${tenantId}\n${repId}` */
  reps: Map<string, RepFacts & { removed: boolean }>;
}
export interface BatchWrites {
  messages: { c: Conversation; turn: Turn }[];
  states: { c: Conversation; state: BriefingState; revision: number }[];
  briefs: { c: Conversation; brief: Brief; builtFrom: number }[];
  reQuestions: { c: Conversation; r: RequestionedField }[];
  deliveries: { c: Conversation; d: NewDelivery }[];
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

  /**
   * The states of a consumer batch's conversations, locked for the rest of the transaction in one fixed order
   * (so two replicas never deadlock): the rows that exist in one statement, then, for conversations without
   * one, a lock on each name and their rows again (which a holder of that lock may have just created).
   */
  async lockStates(tx: SqlQueryable, cs: Conversation[]): Promise<Map<string, StoredState>> {
    const sorted = [...cs].sort((a, b) => (conversationKey(a) < conversationKey(b) ? -1 : 1));
    const found = await this.lockedRows(tx, sorted);
    const missing = sorted.filter((c) => !found.has(conversationKey(c)));
    if (missing.length > 0) {
      await tx.query(
        'SELECT pg_advisory_xact_lock(hashtext(n.name)) FROM (SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS k(name, i) ORDER BY k.i) AS n',
        [missing.map((c) => `briefing:${c.tenantId}:${c.conversationId}`)],
      );
      for (const [key, state] of await this.lockedRows(tx, missing)) found.set(key, state);
    }
    return found;
  }

  private async lockedRows(tx: SqlQueryable, sorted: Conversation[]): Promise<Map<string, StoredState>> {
    const { rows } = await tx.query<{
      tenant_id: string;
      conversation_id: string;
      state: BriefingState | string;
      revision: number;
    }>(
      `SELECT c.tenant_id, c.conversation_id, c.state, c.revision
         FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS k(tenant_id, conversation_id, i)
         JOIN briefing_conversations c ON c.tenant_id = k.tenant_id AND c.conversation_id = k.conversation_id
        ORDER BY k.i FOR UPDATE OF c`,
      [sorted.map((c) => c.tenantId), sorted.map((c) => c.conversationId)],
    );
    return new Map(
      rows.map((r) => [
        conversationKey({ tenantId: r.tenant_id, conversationId: r.conversation_id }),
        { state: json(r.state), revision: r.revision },
      ]),
    );
  }

  /**
   * Holds reps' names for the rest of the transaction: `exclusive` while their details change, `shared` while
   * mail to them is queued. Mail queued to wait for an address is then either seen by the change (and released)
   * or queued after it (and finds the address): never left waiting between the two.
   */
  async lockReps(
    q: SqlQueryable,
    reps: { tenantId: string; repId: string }[],
    mode: 'shared' | 'exclusive',
  ): Promise<void> {
    const names = [...new Set(reps.map((r) => `briefing-rep:${r.tenantId}:${r.repId}`))].sort();
    if (names.length === 0) return;
    await q.query(
      `SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext(n.name))
         FROM (SELECT name FROM unnest($1::text[]) WITH ORDINALITY AS k(name, i) ORDER BY k.i) AS n`,
      [names],
    );
  }

  /**
   * What a batch's briefs are built from, in one statement: each conversation's latest brief, messages and
   * re-questions, and the reps named. Read under the conversations' locks, so current for them.
   */
  async briefContext(
    q: SqlQueryable,
    cs: Conversation[],
    reps: { tenantId: string; repId: string }[],
  ): Promise<BriefContext> {
    const { rows } = await q.query<{
      part: string;
      tenant_id: string;
      id: string;
      body: Record<string, unknown> | string;
    }>(
      `SELECT part, tenant_id, id, body FROM (
         SELECT 'brief' AS part, b.tenant_id, b.conversation_id AS id, jsonb_build_object('brief', b.brief, 'builtFrom', b.built_from) AS body,
                NULL::timestamptz AS at, 0::bigint AS seq, '' AS tie
           FROM briefing_briefs b JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, conversation_id)
             ON b.tenant_id = k.tenant_id AND b.conversation_id = k.conversation_id
         UNION ALL
         SELECT 'turn', m.tenant_id, m.conversation_id,
                jsonb_build_object('id', m.message_id, 'author', m.author, 'repId', m.rep_id, 'text', m.body, 'at', m.at), m.at, m.seq, ''
           FROM briefing_messages m JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, conversation_id)
             ON m.tenant_id = k.tenant_id AND m.conversation_id = k.conversation_id
         UNION ALL
         SELECT 'requestion', r.tenant_id, r.conversation_id,
                jsonb_build_object('askedMessageId', r.asked_message_id, 'field', r.field, 'repId', r.rep_id,
                  'knownMessageId', r.known_message_id, 'knownValue', r.known_value), r.created_at, 0, r.field
           FROM briefing_requestions r JOIN unnest($1::text[], $2::text[]) AS k(tenant_id, conversation_id)
             ON r.tenant_id = k.tenant_id AND r.conversation_id = k.conversation_id
         UNION ALL
         SELECT 'rep', p.tenant_id, p.rep_id,
                jsonb_build_object('repId', p.rep_id, 'name', p.name, 'email', p.email, 'phone', p.phone, 'timezone', p.timezone, 'removed', p.removed),
                NULL, 0, ''
           FROM briefing_reps p JOIN unnest($3::text[], $4::text[]) AS k(tenant_id, rep_id) ON p.tenant_id = k.tenant_id AND p.rep_id = k.rep_id
       ) AS context ORDER BY context.part, context.tenant_id, context.id, context.at, context.seq, context.tie`,
      [
        cs.map((c) => c.tenantId),
        cs.map((c) => c.conversationId),
        reps.map((r) => r.tenantId),
        reps.map((r) => r.repId),
      ],
    );
    const context: BriefContext = { briefs: new Map(), turns: new Map(), reQuestions: new Map(), reps: new Map() };
    const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    for (const row of rows) {
      const body = json(row.body) as Record<string, unknown>;
      const key = `${row.tenant_id}\n${row.id}`;
      if (row.part === 'brief')
        context.briefs.set(key, { brief: json(body.brief as Brief | string), builtFrom: Number(body.builtFrom) });
      else if (row.part === 'turn')
        push(context.turns, key, {
          id: String(body.id),
          author: body.author as Turn['author'],
          text: String(body.text),
          at: new Date(String(body.at)).toISOString(),
          ...(body.repId ? { repId: String(body.repId) } : {}),
        });
      else if (row.part === 'requestion')
        push(context.reQuestions, key, {
          ...(body.repId ? { repId: String(body.repId) } : {}),
          field: String(body.field),
          askedMessageId: String(body.askedMessageId),
          knownMessageId: String(body.knownMessageId),
          knownValue: String(body.knownValue),
        });
      else
        context.reps.set(key, {
          repId: String(body.repId),
          name: String(body.name),
          timezone: String(body.timezone),
          removed: body.removed === true,
          ...(body.email ? { email: String(body.email) } : {}),
          ...(body.phone ? { phone: String(body.phone) } : {}),
        });
    }
    return context;
  }

  /** A batch's writes, in one statement: messages (each once), states, briefs, re-questions (each once), deliveries (each once, by id). */
  async writeBatch(q: SqlQueryable, w: BatchWrites): Promise<void> {
    const params: unknown[] = [];
    const p = (value: unknown[], type: string) => {
      params.push(value);
      return `$${params.length}::${type}[]`;
    };
    const parts: string[] = [];
    if (w.messages.length > 0)
      parts.push(`INSERT INTO briefing_messages (tenant_id, conversation_id, message_id, author, rep_id, body, at)
        SELECT * FROM unnest(${p(
          w.messages.map((m) => m.c.tenantId),
          'text',
        )}, ${p(
          w.messages.map((m) => m.c.conversationId),
          'text',
        )},
          ${p(
            w.messages.map((m) => m.turn.id),
            'text',
          )}, ${p(
            w.messages.map((m) => m.turn.author),
            'text',
          )},
          ${p(
            w.messages.map((m) => m.turn.repId ?? null),
            'text',
          )}, ${p(
            w.messages.map((m) => m.turn.text),
            'text',
          )},
          ${p(
            w.messages.map((m) => m.turn.at),
            'timestamptz',
          )})
        ON CONFLICT DO NOTHING`);
    if (w.states.length > 0)
      parts.push(`INSERT INTO briefing_conversations (tenant_id, conversation_id, state, revision)
        SELECT * FROM unnest(${p(
          w.states.map((s) => s.c.tenantId),
          'text',
        )}, ${p(
          w.states.map((s) => s.c.conversationId),
          'text',
        )},
          ${p(
            w.states.map((s) => JSON.stringify(s.state)),
            'jsonb',
          )}, ${p(
            w.states.map((s) => s.revision),
            'int',
          )})
        ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET state = excluded.state, revision = excluded.revision, updated_at = now()`);
    if (w.briefs.length > 0)
      parts.push(`INSERT INTO briefing_briefs (tenant_id, conversation_id, brief, version, built_from)
        SELECT * FROM unnest(${p(
          w.briefs.map((b) => b.c.tenantId),
          'text',
        )}, ${p(
          w.briefs.map((b) => b.c.conversationId),
          'text',
        )},
          ${p(
            w.briefs.map((b) => JSON.stringify(b.brief)),
            'jsonb',
          )}, ${p(
            w.briefs.map((b) => b.brief.version),
            'int',
          )},
          ${p(
            w.briefs.map((b) => b.builtFrom),
            'int',
          )})
        ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET brief = excluded.brief, version = excluded.version, built_from = excluded.built_from, updated_at = now()`);
    if (w.reQuestions.length > 0)
      parts.push(`INSERT INTO briefing_requestions (tenant_id, conversation_id, asked_message_id, field, rep_id, known_message_id, known_value)
        SELECT * FROM unnest(${p(
          w.reQuestions.map((r) => r.c.tenantId),
          'text',
        )}, ${p(
          w.reQuestions.map((r) => r.c.conversationId),
          'text',
        )},
          ${p(
            w.reQuestions.map((r) => r.r.askedMessageId),
            'text',
          )}, ${p(
            w.reQuestions.map((r) => r.r.field),
            'text',
          )},
          ${p(
            w.reQuestions.map((r) => r.r.repId ?? null),
            'text',
          )}, ${p(
            w.reQuestions.map((r) => r.r.knownMessageId),
            'text',
          )},
          ${p(
            w.reQuestions.map((r) => r.r.knownValue),
            'text',
          )})
        ON CONFLICT DO NOTHING`);
    if (w.deliveries.length > 0)
      parts.push(`INSERT INTO briefing_deliveries (id, tenant_id, conversation_id, kind, rep_id, status, payload, last_error)
        SELECT * FROM unnest(${p(
          w.deliveries.map((d) => d.d.id),
          'uuid',
        )}, ${p(
          w.deliveries.map((d) => d.c.tenantId),
          'text',
        )},
          ${p(
            w.deliveries.map((d) => d.c.conversationId),
            'text',
          )}, ${p(
            w.deliveries.map((d) => d.d.kind),
            'text',
          )},
          ${p(
            w.deliveries.map((d) => d.d.repId),
            'text',
          )}, ${p(
            w.deliveries.map((d) => d.d.status),
            'text',
          )},
          ${p(
            w.deliveries.map((d) => JSON.stringify(d.d.payload)),
            'jsonb',
          )}, ${p(
            w.deliveries.map((d) => d.d.reason ?? null),
            'text',
          )})
        ON CONFLICT (id) DO NOTHING`);
    if (parts.length === 0) return;
    // Data-modifying WITH parts run once each, whatever the main query reads.
    await q.query(`WITH ${parts.map((part, i) => `w${i} AS (${part})`).join(', ')} SELECT 1`, params);
  }

  async brief(q: SqlQueryable, c: Conversation): Promise<{ brief: Brief; builtFrom: number } | undefined> {
    const { rows } = await q.query<{ brief: Brief | string; built_from: number }>(
      'SELECT brief, built_from FROM briefing_briefs WHERE tenant_id = $1 AND conversation_id = $2',
      [c.tenantId, c.conversationId],
    );
    return rows[0] ? { brief: json(rows[0].brief), builtFrom: rows[0].built_from } : undefined;
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
