import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ambientTransaction, migrate, type Sql, type SqlQueryable, type Transaction } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { evolveFence, openFence, type Channel, type Fence, type FenceFact } from '../domain/send-gate';

export interface OutboundRequest {
  tenantId: string;
  conversationId: string;
  idempotencyKey: string;
  author: 'ai' | 'rep' | 'system';
  repId?: string;
  turnId?: string;
  /** A stream revision at or after the turn's grant (see grantMayStillCome). */
  turnSequence?: string;
  channel: Channel;
  body: string;
  purpose?: 'opt_out_confirmation' | 'help';
}

/**
 * Where a send is. `awaiting_turn`: an AI reply whose turn grant the gate has not heard yet (released or voided
 * when it does); `deferred`: held for quiet hours; `ready`: may go, not started; `sending`: the provider may
 * have it (a crash here is reconciled by looking it up, never by sending blindly); `unknown`: the provider
 * call failed without an answer; `sent`, `failed` (the provider refused), `blocked`: final.
 */
export type SendStatus = 'awaiting_turn' | 'deferred' | 'ready' | 'sending' | 'unknown' | 'sent' | 'failed' | 'blocked';

export interface SendRow {
  sendId: string;
  tenantId: string;
  conversationId: string;
  author: 'ai' | 'rep' | 'system';
  repId?: string;
  turnId?: string;
  turnSequence?: string;
  channel: Channel;
  body: string;
  purpose?: 'opt_out_confirmation' | 'help';
  status: SendStatus;
  reason?: string;
  detail?: string;
  deferredUntil?: string;
  disclose: boolean;
  providerSid?: string;
  createdAt: Date;
  attemptAt?: Date;
}

const migrations = [
  {
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
  },
  {
    version: 2,
    // The moment a provider call started (the in-flight window is measured from it), what the send is for
    // (a carrier-required answer goes out at any hour), the sid index status callbacks look up, and the sweep's.
    script: `
ALTER TABLE gateway_sends ADD COLUMN attempt_at timestamptz, ADD COLUMN purpose text;
CREATE INDEX gateway_sends_sid ON gateway_sends (provider_sid) WHERE provider_sid IS NOT NULL;
CREATE INDEX gateway_sends_open ON gateway_sends (status, updated_at) WHERE status IN ('awaiting_turn', 'ready', 'sending', 'unknown');
CREATE INDEX gateway_sends_thread ON gateway_sends (tenant_id, conversation_id, created_at DESC) WHERE status = 'sent';`,
  },
  {
    version: 3,
    // The stream revision an AI reply names for its turn's grant: a parked reply waits for the fence to get there.
    script: `ALTER TABLE gateway_sends ADD COLUMN turn_sequence bigint;`,
  },
];

/** A fence locked by the current transaction: as stored when it was read, and as the transaction has made it. */
interface HeldFence {
  tenantId: string;
  conversationId: string;
  stored: string;
  fence: Fence;
}
const fenceKey = (tenantId: string, conversationId: string) => `${tenantId}\u0000${conversationId}`;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Row = {
  idempotency_key: string;
  tenant_id: string;
  conversation_id: string;
  author: SendRow['author'];
  rep_id: string | null;
  turn_id: string | null;
  turn_sequence: string | number | null;
  channel: Channel;
  body: string;
  purpose: SendRow['purpose'] | null;
  status: SendStatus;
  reason: string | null;
  detail: string | null;
  deferred_until: Date | string | null;
  disclose: boolean;
  provider_sid: string | null;
  created_at: Date | string;
  attempt_at: Date | string | null;
};

const toSend = (r: Row): SendRow => ({
  sendId: r.idempotency_key,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  author: r.author,
  ...(r.rep_id ? { repId: r.rep_id } : {}),
  ...(r.turn_id ? { turnId: r.turn_id } : {}),
  ...(r.turn_sequence !== null && r.turn_sequence !== undefined ? { turnSequence: String(r.turn_sequence) } : {}),
  channel: r.channel,
  body: r.body,
  ...(r.purpose ? { purpose: r.purpose } : {}),
  status: r.status,
  ...(r.reason ? { reason: r.reason } : {}),
  ...(r.detail ? { detail: r.detail } : {}),
  ...(r.deferred_until ? { deferredUntil: new Date(r.deferred_until).toISOString() } : {}),
  disclose: r.disclose,
  ...(r.provider_sid ? { providerSid: r.provider_sid } : {}),
  createdAt: new Date(r.created_at),
  ...(r.attempt_at ? { attemptAt: new Date(r.attempt_at) } : {}),
});

interface StatusFields {
  reason?: string;
  detail?: string;
  deferredUntil?: string;
  disclose?: boolean;
  providerSid?: string;
  attemptAt?: string;
}

/**
 * The gate's durable side: one fence row per conversation and one row per send, keyed by its idempotency key.
 * Every decision locks the conversation's fence row (`FOR UPDATE`), so decisions about one thread happen one
 * after the other; every method runs in the transaction of its caller when there is one (a consumer batch).
 */
@Injectable()
export class SendGateStore implements OnModuleInit {
  /** Told of each send put in a status the sweep watches (its own transaction may still roll back): the sweeper wakes by its time. */
  readonly watched = new Set<(status: SendStatus, deferredUntil?: string) => void>();

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-gate', migrations);
  }

  /**
   * The fence, locked for the rest of the transaction (created open if the conversation is new). Locked and read
   * once per transaction: the row lock holds until the commit, so what this transaction last made of it is the
   * fence, and a later call answers from that. The row is there for all but a conversation's first decision: one
   * statement then, three the first time.
   */
  async lockFence(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<Fence> {
    const held = this.heldFences();
    const known = held?.get(fenceKey(tenantId, conversationId));
    if (known) return known.fence;
    const locked = () =>
      tx.query<{ fence: Fence }>(
        'SELECT fence FROM gateway_fences WHERE tenant_id = $1 AND conversation_id = $2 FOR UPDATE',
        [tenantId, conversationId],
      );
    let { rows } = await locked();
    if (rows.length === 0) {
      await tx.query(
        `INSERT INTO gateway_fences (tenant_id, conversation_id, fence) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [tenantId, conversationId, JSON.stringify(openFence())],
      );
      ({ rows } = await locked());
    }
    const fence = rows[0]!.fence;
    held?.set(fenceKey(tenantId, conversationId), { tenantId, conversationId, stored: JSON.stringify(fence), fence });
    return fence;
  }

  /**
   * The fence as this transaction leaves it. Written once, just before the commit, with every other fence the
   * transaction moved (one statement), and only where it changed; the row lock taken by lockFence holds until then.
   */
  async saveFence(tx: SqlQueryable, tenantId: string, conversationId: string, fence: Fence): Promise<void> {
    const known = this.heldFences()?.get(fenceKey(tenantId, conversationId));
    if (known) {
      known.fence = fence;
      return;
    }
    // Not locked through here in this transaction: written at once, as asked.
    await this.writeFences(tx, [{ tenantId, conversationId, stored: '', fence }]);
  }

  /**
   * Runs fn in a savepoint of the current transaction that may fail alone (the caller goes on): the fences it
   * moved, and the locks it took, are undone with it.
   */
  async isolated<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const held = this.heldFences();
    const before = held && [...held].map(([key, entry]) => [key, { ...entry }] as const);
    try {
      return await this.sql.transaction(fn);
    } catch (error) {
      if (held && before) {
        held.clear();
        for (const [key, entry] of before) held.set(key, entry);
      }
      throw error;
    }
  }

  /** The fences the current transaction holds, by conversation; written by one hook just before it commits. */
  private heldFences(create = true): Map<string, HeldFence> | undefined {
    const top = ambientTransaction(this.sql);
    if (!top) return undefined;
    let held = this.held.get(top);
    if (!held && create) {
      const fences = new Map<string, HeldFence>();
      this.held.set(top, fences);
      top.beforeCommit(() =>
        this.writeFences(
          top,
          [...fences.values()].filter((f) => JSON.stringify(f.fence) !== f.stored),
        ),
      );
      held = fences;
    }
    return held;
  }

  private readonly held = new WeakMap<Transaction, Map<string, HeldFence>>();

  /** One statement for every fence, in a fixed order (tenant, conversation). */
  private async writeFences(tx: SqlQueryable, fences: HeldFence[]): Promise<void> {
    if (fences.length === 0) return;
    const sorted = [...fences].sort(
      (a, b) => compare(a.tenantId, b.tenantId) || compare(a.conversationId, b.conversationId),
    );
    await tx.query(
      `UPDATE gateway_fences f SET fence = n.fence::jsonb, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::text[]) AS n(tenant_id, conversation_id, fence)
        WHERE f.tenant_id = n.tenant_id AND f.conversation_id = n.conversation_id`,
      [sorted.map((f) => f.tenantId), sorted.map((f) => f.conversationId), sorted.map((f) => JSON.stringify(f.fence))],
    );
  }

  /** Facts move the fence, under its lock. */
  async apply(tenantId: string, conversationId: string, facts: FenceFact[]): Promise<Fence> {
    return this.sql.transaction(async (tx) => {
      const before = await this.lockFence(tx, tenantId, conversationId);
      const fence = facts.reduce(evolveFence, before);
      await this.saveFence(tx, tenantId, conversationId, fence);
      return fence;
    });
  }

  async fence(tenantId: string, conversationId: string): Promise<Fence> {
    const held = this.heldFences(false)?.get(fenceKey(tenantId, conversationId));
    if (held) return held.fence;
    const { rows } = await this.sql.query<{ fence: Fence }>(
      'SELECT fence FROM gateway_fences WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    return rows[0]?.fence ?? openFence();
  }

  /**
   * Records a new send; false when its key was taken before (the first request's row stands). Times come from
   * the service's clock, never the database's, so every comparison uses one clock.
   */
  async insert(
    tx: SqlQueryable,
    request: OutboundRequest,
    status: SendStatus,
    at: string,
    outcome: { reason?: string; detail?: string; deferredUntil?: string } = {},
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO gateway_sends (idempotency_key, tenant_id, conversation_id, author, rep_id, turn_id, channel, body, purpose, status, reason, detail, deferred_until, created_at, updated_at, turn_sequence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        request.idempotencyKey,
        request.tenantId,
        request.conversationId,
        request.author,
        request.repId ?? null,
        request.turnId ?? null,
        request.channel,
        request.body,
        request.purpose ?? null,
        status,
        outcome.reason ?? null,
        outcome.detail ?? null,
        outcome.deferredUntil ?? null,
        at,
        request.turnSequence ?? null,
      ],
    );
    if (rowCount === 1) this.watched.forEach((tell) => tell(status, outcome.deferredUntil));
    return rowCount === 1;
  }

  async load(tx: SqlQueryable, sendId: string, lock = false): Promise<SendRow | undefined> {
    const { rows } = await tx.query<Row>(
      `SELECT * FROM gateway_sends WHERE idempotency_key = $1${lock ? ' FOR UPDATE' : ''}`,
      [sendId],
    );
    return rows[0] ? toSend(rows[0]) : undefined;
  }

  async bySid(tx: SqlQueryable, providerSid: string): Promise<SendRow | undefined> {
    const { rows } = await tx.query<Row>('SELECT * FROM gateway_sends WHERE provider_sid = $1', [providerSid]);
    return rows[0] ? toSend(rows[0]) : undefined;
  }

  async setStatus(
    tx: SqlQueryable,
    sendId: string,
    status: SendStatus,
    at: string,
    fields: StatusFields = {},
  ): Promise<void> {
    await this.moveSend(tx, sendId, status, at, fields, false);
  }

  /** Moves a send that is still ready (and only then) to its next status; the send as it is now, or undefined. */
  moveReady(
    tx: SqlQueryable,
    sendId: string,
    status: Exclude<SendStatus, 'ready'>,
    at: string,
    fields: Omit<StatusFields, 'providerSid'> = {},
  ): Promise<SendRow | undefined> {
    return this.moveSend(tx, sendId, status, at, fields, true);
  }

  /** One statement for both moves; the sweeper hears of every send put in a status it watches. */
  private async moveSend(
    tx: SqlQueryable,
    sendId: string,
    status: SendStatus,
    at: string,
    fields: StatusFields,
    onlyIfReady: boolean,
  ): Promise<SendRow | undefined> {
    const { rows } = await tx.query<Row>(
      `UPDATE gateway_sends SET status = $2, reason = COALESCE($3, reason), detail = COALESCE($4, detail), deferred_until = $5,
         disclose = COALESCE($6, disclose), provider_sid = COALESCE($7, provider_sid), attempt_at = COALESCE($8, attempt_at), updated_at = $9
       WHERE idempotency_key = $1 AND ($10::boolean IS FALSE OR status = 'ready') RETURNING *`,
      [
        sendId,
        status,
        fields.reason ?? null,
        fields.detail ?? null,
        fields.deferredUntil ?? null,
        fields.disclose ?? null,
        fields.providerSid ?? null,
        fields.attemptAt ?? null,
        at,
        onlyIfReady,
      ],
    );
    if (rows.length > 0) this.watched.forEach((tell) => tell(status, fields.deferredUntil));
    return rows[0] ? toSend(rows[0]) : undefined;
  }

  /** AI replies of a conversation parked until the gate hears of their turn. */
  async awaitingTurn(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<SendRow[]> {
    const { rows } = await tx.query<Row>(
      `SELECT * FROM gateway_sends WHERE tenant_id = $1 AND conversation_id = $2 AND status = 'awaiting_turn' ORDER BY seq FOR UPDATE`,
      [tenantId, conversationId],
    );
    return rows.map(toSend);
  }

  /** Sends of a conversation the provider may have now, or a crash left mid-way: what an unknown sid may be. */
  async inFlight(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<SendRow[]> {
    const { rows } = await tx.query<Row>(
      `SELECT * FROM gateway_sends WHERE tenant_id = $1 AND conversation_id = $2 AND status IN ('sending', 'unknown') ORDER BY seq`,
      [tenantId, conversationId],
    );
    return rows.map(toSend);
  }

  /**
   * Open sends for the sweep: ready ones left by a crash, ones in flight too long, parked ones too old (by the grace,
   * or by the long stop when they name their grant's revision), deferred ones due.
   */
  async forSweep(
    now: Date,
    limits: { readyAfterMs: number; inFlightMs: number; awaitingTurnMs: number; awaitingGrantMs: number },
  ): Promise<SendRow[]> {
    const before = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const { rows } = await this.sql.query<Row>(
      `SELECT * FROM gateway_sends WHERE
         (status = 'ready' AND updated_at < $1) OR (status IN ('sending', 'unknown') AND COALESCE(attempt_at, updated_at) < $2)
         OR (status = 'awaiting_turn' AND created_at < CASE WHEN turn_sequence IS NULL THEN $3 ELSE $5 END::timestamptz)
         OR (status = 'deferred' AND deferred_until <= $4)
       ORDER BY seq LIMIT 200`,
      [
        before(limits.readyAfterMs),
        before(limits.inFlightMs),
        before(limits.awaitingTurnMs),
        now.toISOString(),
        before(limits.awaitingGrantMs),
      ],
    );
    return rows.map(toSend);
  }
}
