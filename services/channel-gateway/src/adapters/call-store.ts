import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ambientTransaction, migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { Transfer } from '../domain/warm-transfer';

export interface CallRow {
  callSid: string;
  tenantId: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  leadPhone: string;
  batonNumber: string;
  startedAt: string;
  endedAt?: string;
  recording: boolean;
}

type Row = {
  call_sid: string;
  tenant_id: string;
  conversation_id: string;
  direction: CallRow['direction'];
  lead_phone: string;
  baton_number: string;
  started_at: Date | string;
  ended_at: Date | string | null;
  recording: boolean;
};
const toCall = (r: Row): CallRow => ({
  callSid: r.call_sid,
  tenantId: r.tenant_id,
  conversationId: r.conversation_id,
  direction: r.direction,
  leadPhone: r.lead_phone,
  batonNumber: r.baton_number,
  startedAt: new Date(r.started_at).toISOString(),
  ...(r.ended_at ? { endedAt: new Date(r.ended_at).toISOString() } : {}),
  recording: r.recording,
});

/** Where a gateway process hears that a call's relay socket changed hands (claimed, released, or the call ended). */
const relaysChannel = 'gateway_relays';
/** A notification lost with a dropped listener is made good by a reload this long after the last one, at the latest. */
const relaysReloadMs = 60_000;

type RelayChange =
  | { op: 'claimed'; callSid: string; owner: string; tenantId: string; conversationId: string; startedAt: string }
  | { op: 'released'; callSid: string; owner: string; tenantId: string; conversationId: string }
  | { op: 'ended'; callSid: string; tenantId: string; conversationId: string };

interface HeldRelay {
  owner: string;
  startedAt: number;
}

/**
 * The gateway's calls: one row per lead call (by CallSid), the warm transfers on them, and the latest spoken brief.
 * Which calls have the AI on them (a relay socket held by some gateway process) is asked for every AI line, so it
 * is answered from memory: the rows read at start, kept by the NOTIFY each change sends on commit (from whichever
 * process made it), read again when asked a minute after the last read, in case a notification was lost.
 */
@Injectable()
export class CallStore implements OnModuleInit, OnModuleDestroy {
  // conversation -> call sid -> its relay's owner
  private relays = new Map<string, Map<string, HeldRelay>>();
  private relaysReadAt = -Infinity;
  // changes heard while a reload reads the table, applied again over what it read
  private heardDuringReload?: RelayChange[];
  private stopListening?: () => Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-calls', [
      {
        version: 1,
        script: `
CREATE TABLE gateway_calls (
  call_sid text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, direction text NOT NULL,
  lead_phone text NOT NULL, baton_number text NOT NULL, started_at timestamptz NOT NULL, ended_at timestamptz,
  recording boolean NOT NULL DEFAULT false, request_key text UNIQUE, utterances integer NOT NULL DEFAULT 0);
CREATE INDEX gateway_calls_conversation ON gateway_calls (tenant_id, conversation_id, started_at DESC);
CREATE INDEX gateway_calls_lead ON gateway_calls (tenant_id, lead_phone, started_at DESC) WHERE direction = 'outbound';
CREATE TABLE gateway_transfers (
  transfer_id text PRIMARY KEY, tenant_id text NOT NULL, conversation_id text NOT NULL, lead_call_sid text NOT NULL,
  transfer jsonb NOT NULL, updated_at timestamptz NOT NULL);
CREATE INDEX gateway_transfers_call ON gateway_transfers (lead_call_sid);
CREATE TABLE gateway_spoken_briefs (tenant_id text NOT NULL, conversation_id text NOT NULL, spoken_summary text NOT NULL, PRIMARY KEY (tenant_id, conversation_id));`,
      },
      {
        // Which gateway process holds the call's relay socket: the AI's lines are said by that one.
        version: 2,
        script: 'ALTER TABLE gateway_calls ADD COLUMN relay_owner text',
      },
      {
        // The brief's version beside its spoken summary: only a newer brief replaces it (none: the brief has no whisper).
        version: 3,
        script: `ALTER TABLE gateway_spoken_briefs ADD COLUMN version integer NOT NULL DEFAULT 0;
ALTER TABLE gateway_spoken_briefs ALTER COLUMN spoken_summary DROP NOT NULL;`,
      },
    ]);
    this.stopListening = await this.sql.listen(relaysChannel, (payload) => this.heard(payload));
    await this.readRelays();
  }

  /** A call, recorded once by its sid; false when it was taken before (Twilio retried the webhook). */
  async start(tx: SqlQueryable, call: CallRow, requestKey?: string): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO gateway_calls (call_sid, tenant_id, conversation_id, direction, lead_phone, baton_number, started_at, recording, request_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
      [
        call.callSid,
        call.tenantId,
        call.conversationId,
        call.direction,
        call.leadPhone,
        call.batonNumber,
        call.startedAt,
        call.recording,
        requestKey ?? null,
      ],
    );
    return rowCount === 1;
  }

  async get(tx: SqlQueryable, callSid: string): Promise<CallRow | undefined> {
    const { rows } = await tx.query<Row>('SELECT * FROM gateway_calls WHERE call_sid = $1', [callSid]);
    return rows[0] ? toCall(rows[0]) : undefined;
  }

  sqlListen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.sql.listen(channel, onNotify);
  }

  /** Tells every gateway process (the one named in the payload says the line). */
  async notify(channel: string, payload: string): Promise<void> {
    await this.sql.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  /** This process holds the call's relay socket now. */
  async claimRelay(callSid: string, owner: string): Promise<void> {
    const { rows } = await this.sql.query<{ change: string }>(
      `WITH c AS (UPDATE gateway_calls SET relay_owner = $2 WHERE call_sid = $1 RETURNING tenant_id, conversation_id, started_at, ended_at)
       SELECT change, pg_notify($3, change) FROM (SELECT json_build_object('op', 'claimed', 'callSid', $1::text, 'owner', $2::text,
         'tenantId', tenant_id, 'conversationId', conversation_id, 'startedAt', started_at)::text AS change FROM c WHERE ended_at IS NULL) n`,
      [callSid, owner, relaysChannel],
    );
    // Known here at once; the others hear it on commit.
    for (const r of rows) this.apply(JSON.parse(r.change) as RelayChange);
  }

  async releaseRelay(callSid: string, owner: string): Promise<void> {
    await this.sql.query(
      `WITH c AS (UPDATE gateway_calls SET relay_owner = NULL WHERE call_sid = $1 AND relay_owner = $2 RETURNING tenant_id, conversation_id)
       SELECT pg_notify($3, json_build_object('op', 'released', 'callSid', $1::text, 'owner', $2::text,
         'tenantId', tenant_id, 'conversationId', conversation_id)::text) FROM c`,
      [callSid, owner, relaysChannel],
    );
    this.dropRelay(callSid, owner);
  }

  /** The live call of a conversation with the AI on it (its relay socket held by some gateway process). */
  async relayOf(tenantId: string, conversationId: string): Promise<{ callSid: string; owner: string } | undefined> {
    if (performance.now() - this.relaysReadAt > relaysReloadMs) await this.readRelays();
    let latest: { callSid: string; owner: string; startedAt: number } | undefined;
    for (const [callSid, held] of this.relays.get(relayKey(tenantId, conversationId)) ?? [])
      if (!latest || held.startedAt > latest.startedAt) latest = { callSid, ...held };
    return latest ? { callSid: latest.callSid, owner: latest.owner } : undefined;
  }

  /** Reads the relays again; what was notified meanwhile is applied over it, so no change is lost to the read. */
  private async readRelays(): Promise<void> {
    this.heardDuringReload = [];
    try {
      const { rows } = await this.sql.query<{
        call_sid: string;
        relay_owner: string;
        tenant_id: string;
        conversation_id: string;
        started_at: Date | string;
      }>(
        'SELECT call_sid, relay_owner, tenant_id, conversation_id, started_at FROM gateway_calls WHERE ended_at IS NULL AND relay_owner IS NOT NULL',
      );
      const heard = this.heardDuringReload;
      this.relays = new Map();
      for (const r of rows)
        this.apply({
          op: 'claimed',
          callSid: r.call_sid,
          owner: r.relay_owner,
          tenantId: r.tenant_id,
          conversationId: r.conversation_id,
          startedAt: new Date(r.started_at).toISOString(),
        });
      for (const change of heard) this.apply(change);
      this.relaysReadAt = performance.now();
    } finally {
      this.heardDuringReload = undefined;
    }
  }

  private heard(payload: string): void {
    let change: RelayChange;
    try {
      change = JSON.parse(payload) as RelayChange;
    } catch {
      return;
    }
    this.heardDuringReload?.push(change);
    this.apply(change);
  }

  private apply(change: RelayChange): void {
    const key = relayKey(change.tenantId, change.conversationId);
    if (change.op === 'claimed') {
      const calls = this.relays.get(key) ?? new Map<string, HeldRelay>();
      this.relays.set(key, calls);
      calls.set(change.callSid, { owner: change.owner, startedAt: Date.parse(change.startedAt) });
      return;
    }
    const calls = this.relays.get(key);
    if (change.op === 'ended' || calls?.get(change.callSid)?.owner === change.owner) calls?.delete(change.callSid);
    if (calls?.size === 0) this.relays.delete(key);
  }

  private dropRelay(callSid: string, owner: string): void {
    for (const [key, calls] of this.relays) {
      if (calls.get(callSid)?.owner !== owner) continue;
      calls.delete(callSid);
      if (calls.size === 0) this.relays.delete(key);
    }
  }

  /** A refused relay handshake, beside the refused webhooks. */
  async rejected(path: string, reason: string, remote?: string): Promise<void> {
    await this.sql.query('INSERT INTO gateway_rejected_webhooks (path, reason, remote) VALUES ($1, $2, $3)', [
      path,
      reason,
      remote ?? null,
    ]);
  }

  find(callSid: string): Promise<CallRow | undefined> {
    return this.get(this.sql, callSid);
  }

  async byRequest(tx: SqlQueryable, requestKey: string): Promise<CallRow | undefined> {
    const { rows } = await tx.query<Row>('SELECT * FROM gateway_calls WHERE request_key = $1', [requestKey]);
    return rows[0] ? toCall(rows[0]) : undefined;
  }

  /** The call the lead is on now in this conversation, if any. */
  async live(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<CallRow | undefined> {
    const { rows } = await tx.query<Row>(
      'SELECT * FROM gateway_calls WHERE tenant_id = $1 AND conversation_id = $2 AND ended_at IS NULL ORDER BY started_at DESC LIMIT 1',
      [tenantId, conversationId],
    );
    return rows[0] ? toCall(rows[0]) : undefined;
  }

  /** The next number of a lead utterance on this call (durable: a second relay session on the call goes on counting). */
  async nextUtterance(callSid: string): Promise<number> {
    const { rows } = await this.sql.query<{ utterances: number }>(
      'UPDATE gateway_calls SET utterances = utterances + 1 WHERE call_sid = $1 RETURNING utterances',
      [callSid],
    );
    return rows[0]?.utterances ?? 0;
  }

  /** Marks the call ended; false when it was already (a repeated final status). */
  async end(tx: SqlQueryable, callSid: string, at: string): Promise<boolean> {
    // Every process hears it on commit: the call's relay, if any, is no longer live.
    const { rows } = await tx.query<{ change: string }>(
      `WITH c AS (UPDATE gateway_calls SET ended_at = $2 WHERE call_sid = $1 AND ended_at IS NULL RETURNING tenant_id, conversation_id)
       SELECT change, pg_notify($3, change) FROM (SELECT json_build_object('op', 'ended', 'callSid', $1::text,
         'tenantId', tenant_id, 'conversationId', conversation_id)::text AS change FROM c) n`,
      [callSid, at, relaysChannel],
    );
    // This process knows it once it is committed, whether or not it hears its own notification.
    const ended = rows.map((r) => JSON.parse(r.change) as RelayChange);
    const committed = () => ended.forEach((change) => this.apply(change));
    const open = ambientTransaction(this.sql);
    if (open) open.afterCommit(committed);
    else committed();
    return rows.length === 1;
  }

  /** When Baton placed outbound calls to this lead (the per-state call limits count them). */
  async outboundCallTimes(tx: SqlQueryable, tenantId: string, leadPhone: string): Promise<string[]> {
    const { rows } = await tx.query<{ started_at: Date | string }>(
      `SELECT started_at FROM gateway_calls WHERE tenant_id = $1 AND lead_phone = $2 AND direction = 'outbound' ORDER BY started_at DESC LIMIT 50`,
      [tenantId, leadPhone],
    );
    return rows.map((r) => new Date(r.started_at).toISOString());
  }

  async saveTransfer(
    tx: SqlQueryable,
    tenantId: string,
    conversationId: string,
    transfer: Transfer,
    at: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO gateway_transfers (transfer_id, tenant_id, conversation_id, lead_call_sid, transfer, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (transfer_id) DO UPDATE SET transfer = EXCLUDED.transfer, updated_at = EXCLUDED.updated_at`,
      [transfer.transferId, tenantId, conversationId, transfer.leadCallSid, JSON.stringify(transfer), at],
    );
  }

  async transfer(
    tx: SqlQueryable,
    transferId: string,
    lock = false,
  ): Promise<(Transfer & { tenantId: string; conversationId: string }) | undefined> {
    const { rows } = await tx.query<{ transfer: Transfer; tenant_id: string; conversation_id: string }>(
      `SELECT transfer, tenant_id, conversation_id FROM gateway_transfers WHERE transfer_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [transferId],
    );
    return rows[0]
      ? { ...rows[0].transfer, tenantId: rows[0].tenant_id, conversationId: rows[0].conversation_id }
      : undefined;
  }

  /** The rep leg Twilio placed for this attempt (when the transfer is still at it). */
  async setRepCallSid(transferId: string, attempt: number, repCallSid: string): Promise<void> {
    await this.sql.query(
      `UPDATE gateway_transfers SET transfer = jsonb_set(transfer, '{repCallSid}', to_jsonb($3::text)) WHERE transfer_id = $1 AND (transfer->>'attempt')::int = $2`,
      [transferId, attempt, repCallSid],
    );
  }

  /** The transfers of a lead call still under way (waiting for the line, or dialling reps). */
  async openTransfers(tx: SqlQueryable, leadCallSid: string): Promise<Transfer[]> {
    const { rows } = await tx.query<{ transfer: Transfer }>(
      `SELECT transfer FROM gateway_transfers WHERE lead_call_sid = $1 AND transfer->>'status' IN ('awaiting_transition', 'dialling') FOR UPDATE`,
      [leadCallSid],
    );
    return rows.map((r) => r.transfer);
  }

  /** The transfer of a lead call that is waiting for the AI's transition line. */
  async awaitingTransition(tx: SqlQueryable, leadCallSid: string): Promise<Transfer | undefined> {
    const { rows } = await tx.query<{ transfer: Transfer }>(
      `SELECT transfer FROM gateway_transfers WHERE lead_call_sid = $1 AND transfer->>'status' = 'awaiting_transition' ORDER BY updated_at DESC LIMIT 1`,
      [leadCallSid],
    );
    return rows[0]?.transfer;
  }

  /** What the lead said on this call, oldest first (the last few lines: what a whisper can hold). */
  async leadLines(callSid: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ body: string }>(
      `SELECT body FROM gateway_inbound WHERE provider_message_id LIKE $1 AND channel = 'voice' ORDER BY received_at DESC, provider_message_id DESC LIMIT 5`,
      [`${callSid}-%`],
    );
    return rows.reverse().map((r) => r.body);
  }

  /**
   * The brief's spoken summary as of its version (brief.updated while the handoff waits, brief.ready after): an
   * older or repeated version changes nothing; a newer one without a summary clears it (that handoff has no whisper).
   * True when it was kept.
   */
  async setSpokenBrief(
    tx: SqlQueryable,
    tenantId: string,
    conversationId: string,
    brief: { version: number; spokenSummary?: string },
  ): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO gateway_spoken_briefs (tenant_id, conversation_id, spoken_summary, version) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, conversation_id) DO UPDATE SET spoken_summary = EXCLUDED.spoken_summary, version = EXCLUDED.version
       WHERE gateway_spoken_briefs.version < EXCLUDED.version`,
      [tenantId, conversationId, brief.spokenSummary ?? null, brief.version],
    );
    return rowCount === 1;
  }

  async spokenBrief(tx: SqlQueryable, tenantId: string, conversationId: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ spoken_summary: string | null }>(
      'SELECT spoken_summary FROM gateway_spoken_briefs WHERE tenant_id = $1 AND conversation_id = $2',
      [tenantId, conversationId],
    );
    return rows[0]?.spoken_summary ?? undefined;
  }
}

const relayKey = (tenantId: string, conversationId: string) => `${tenantId}\u0000${conversationId}`;
