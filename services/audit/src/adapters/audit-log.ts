import { randomBytes } from 'node:crypto';
import { InvalidEvent, type CloudEvent } from '@baton/contracts';
import type { Sql, SqlQueryable } from '@baton/sql';
import type { ChainRecord } from '../domain/chain-verifier';
import type { SignedCheckpoint } from '../domain/checkpoint';
import { canonicalForm, chainHash, genesisHash, NotCanonicalizable } from '../domain/hash-chain';
import { leadPhoneOf, retentionClassOf } from '../domain/personal-data';
import { periodOf } from '../domain/retention';
import { hasPersonalData, sealEvent } from '../domain/sealing';
import { LeadKeys, slotKey, type KeySlot, type LiveKeyRow } from './lead-keys';

export interface AuditRecord extends ChainRecord {
  recordedAt: string;
  keyId?: string;
}

interface RecordRow {
  tenant_id: string;
  seq: string;
  event_id: string;
  event_type: string;
  conversation_id: string;
  event_time: Date | string;
  recorded_at: Date | string;
  key_id: string | null;
  body: string;
  prev_hash: string;
  hash: string;
}

const iso = (value: Date | string) => new Date(value).toISOString();
const recordOf = (r: RecordRow): AuditRecord => ({
  tenantId: r.tenant_id,
  seq: Number(r.seq),
  eventId: r.event_id,
  eventType: r.event_type,
  conversationId: r.conversation_id,
  eventTime: iso(r.event_time),
  recordedAt: iso(r.recorded_at),
  ...(r.key_id ? { keyId: r.key_id } : {}),
  body: r.body,
  prevHash: r.prev_hash,
  hash: r.hash,
});
const columns =
  'tenant_id, seq::text AS seq, event_id, event_type, conversation_id, event_time, recorded_at, key_id::text AS key_id, body, prev_hash, hash';

export interface Head {
  tenantId: string;
  seq: number;
  hash: string;
}

/**
 * The tenants' hash chains in PostgreSQL. Appends lock each tenant's head row (in tenant order, so replicas
 * never deadlock), drop event ids the chain already holds, seal personal fields with the lead's key, hash each
 * record onto the head and insert the batch: idempotent by event id, one transaction per batch. Every method
 * takes the connection or transaction it runs on.
 */
export class AuditLog {
  constructor(
    private readonly keys: LeadKeys,
    private readonly randomIv: () => Buffer = () => randomBytes(12),
  ) {}

  /** Refuses an event the chain cannot hold (RFC 8785 cannot represent it): it is dead-lettered, never chained. */
  static admissible(event: CloudEvent): void {
    // PostgreSQL text refuses NUL; the body escapes it, these columns hold it raw.
    for (const [name, value] of Object.entries({
      id: event.id,
      type: event.type,
      subject: event.subject,
      tenantid: event.tenantid,
    })) {
      if (value.includes('\u0000')) throw new InvalidEvent(`${name} holds a NUL character`, event.type);
    }
    try {
      canonicalForm(event);
    } catch (error) {
      if (error instanceof NotCanonicalizable) throw new InvalidEvent(error.message, event.type);
      throw error;
    }
  }

  /** Appends in one transaction of its own. */
  append(sql: Sql, events: CloudEvent[]): Promise<{ appended: CloudEvent[] }> {
    return sql.transaction((tx) => this.appendWithin(tx, events));
  }

  /** Appends inside the caller's transaction; returns the events that were new (a repeat appends nothing). */
  async appendWithin(tx: SqlQueryable, events: CloudEvent[]): Promise<{ appended: CloudEvent[] }> {
    const byTenant = new Map<string, CloudEvent[]>();
    for (const event of events) {
      const list = byTenant.get(event.tenantid);
      if (list) {
        if (!list.some((e) => e.id === event.id)) list.push(event);
      } else byTenant.set(event.tenantid, [event]);
    }
    const tenants = [...byTenant.keys()].sort();
    if (tenants.length === 0) return { appended: [] };
    const slotOf = (e: CloudEvent): KeySlot => ({
      tenantId: e.tenantid,
      conversationId: e.subject,
      retentionClass: retentionClassOf(e.type),
      period: periodOf(e.time),
    });
    const slots = [...new Map(events.filter(hasPersonalData).map((e) => [slotKey(slotOf(e)), slotOf(e)])).values()];
    const params: unknown[] = [];
    const param = (values: unknown[], type: string) => {
      params.push(values);
      return `$${params.length}::${type}[]`;
    };
    const genesis = {
      tenants: param(tenants, 'text'),
      seqs: param(
        tenants.map(() => 0),
        'bigint',
      ),
      hashes: param(tenants.map(genesisHash), 'text'),
    };
    const asked = {
      tenants: param(
        events.map((e) => e.tenantid),
        'text',
      ),
      ids: param(
        events.map((e) => e.id),
        'text',
      ),
    };
    const liveKeys = LeadKeys.liveKeysPart('l.tenant_id', slots, param);
    // The heads, made for a tenant's first event and locked, in tenant order, by one statement (the no-op update
    // takes the row lock; SELECT ... FOR UPDATE after an insert took two, and a new tenant's head could deadlock
    // between them). The same statement looks for the events the chain already holds, in its snapshot: that is
    // current for a tenant whose head it saw at the seq it locked (every record moves its head), and looked at
    // again after the lock otherwise (another append committed while this one waited). It also reads and holds
    // the lead keys the personal events need (a key made meanwhile by another append is found when this one
    // goes to make it).
    const heads = await tx.query<{
      tenant_id: string;
      seq: string;
      hash: string;
      seen: string;
      present: string[];
      keys: LiveKeyRow[] | string;
    }>(
      `WITH locked AS (
         INSERT INTO audit_heads (tenant_id, seq, hash) SELECT * FROM unnest(${genesis.tenants}, ${genesis.seqs}, ${genesis.hashes})
         ON CONFLICT (tenant_id) DO UPDATE SET seq = audit_heads.seq RETURNING tenant_id, seq, hash)
       SELECT l.tenant_id, l.seq::text AS seq, l.hash,
         coalesce((SELECT s.seq FROM audit_heads s WHERE s.tenant_id = l.tenant_id), 0)::text AS seen,
         ARRAY(SELECT r.event_id FROM audit_records r JOIN unnest(${asked.tenants}, ${asked.ids}) AS e(tenant_id, event_id)
           ON r.tenant_id = e.tenant_id AND r.event_id = e.event_id WHERE r.tenant_id = l.tenant_id) AS present,
         ${liveKeys} AS keys
       FROM locked l`,
      params,
    );
    const seen = new Set(heads.rows.flatMap((h) => h.present.map((id) => `${h.tenant_id}\n${id}`)));
    const waited = heads.rows.filter((h) => h.seen !== h.seq).map((h) => h.tenant_id);
    if (waited.length > 0) {
      const again = events.filter((e) => waited.includes(e.tenantid));
      const present = await tx.query<{ tenant_id: string; event_id: string }>(
        `SELECT r.tenant_id, r.event_id FROM audit_records r JOIN unnest($1::text[], $2::text[]) AS e(tenant_id, event_id)
          ON r.tenant_id = e.tenant_id AND r.event_id = e.event_id`,
        [again.map((e) => e.tenantid), again.map((e) => e.id)],
      );
      for (const r of present.rows) seen.add(`${r.tenant_id}\n${r.event_id}`);
    }
    const fresh = tenants.flatMap((t) => byTenant.get(t)!.filter((e) => !seen.has(`${t}\n${e.id}`)));
    if (fresh.length === 0) return { appended: [] };

    const personal = fresh.filter(hasPersonalData);
    const keys = await this.keys.activeKeys(
      tx,
      personal.map(slotOf),
      heads.rows.flatMap((h) => (typeof h.keys === 'string' ? (JSON.parse(h.keys) as LiveKeyRow[]) : h.keys)),
    );
    const leads = this.keys.leadRows(
      fresh.flatMap((e) => {
        const phone = leadPhoneOf(e.data);
        return phone ? [{ tenantId: e.tenantid, conversationId: e.subject, phone }] : [];
      }),
    );

    const head = new Map(heads.rows.map((h) => [h.tenant_id, { seq: Number(h.seq), hash: h.hash }]));
    const rows: {
      tenant: string;
      seq: number;
      event: CloudEvent;
      keyId: string | null;
      body: string;
      prev: string;
      hash: string;
    }[] = [];
    for (const event of fresh) {
      const key = hasPersonalData(event) ? keys.get(slotKey(slotOf(event))) : undefined;
      const sealed = key ? sealEvent(event, key, this.randomIv) : event;
      const body = canonicalForm(sealed);
      const h = head.get(event.tenantid)!;
      const hash = chainHash(h.hash, body);
      rows.push({ tenant: event.tenantid, seq: h.seq + 1, event, keyId: key?.id ?? null, body, prev: h.hash, hash });
      head.set(event.tenantid, { seq: h.seq + 1, hash });
    }
    const moves = [...head].filter(([t]) => byTenant.has(t));
    // The records, whose leads they name and the heads they move, in one statement.
    await tx.query(
      `WITH recorded AS (
         INSERT INTO audit_records (tenant_id, seq, event_id, event_type, conversation_id, event_time, key_id, body, prev_hash, hash)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::uuid[], $8::text[], $9::text[], $10::text[])),
       leads AS (
         INSERT INTO audit_conversation_leads (tenant_id, conversation_id, lead_ref)
         SELECT * FROM unnest($11::text[], $12::text[], $13::text[]) ON CONFLICT DO NOTHING)
       UPDATE audit_heads h SET seq = n.seq, hash = n.hash, updated_at = now() FROM unnest($14::text[], $15::bigint[], $16::text[]) AS n(tenant_id, seq, hash)
        WHERE h.tenant_id = n.tenant_id`,
      [
        rows.map((r) => r.tenant),
        rows.map((r) => r.seq),
        rows.map((r) => r.event.id),
        rows.map((r) => r.event.type),
        rows.map((r) => r.event.subject),
        rows.map((r) => r.event.time),
        rows.map((r) => r.keyId),
        rows.map((r) => r.body),
        rows.map((r) => r.prev),
        rows.map((r) => r.hash),
        leads.map((l) => l.tenantId),
        leads.map((l) => l.conversationId),
        leads.map((l) => l.leadRef),
        moves.map(([t]) => t),
        moves.map(([, h]) => h.seq),
        moves.map(([, h]) => h.hash),
      ],
    );
    return { appended: fresh };
  }

  async head(q: SqlQueryable, tenantId: string): Promise<Head | undefined> {
    const { rows } = await q.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_heads WHERE tenant_id = $1',
      [tenantId],
    );
    return rows[0] ? { tenantId, seq: Number(rows[0].seq), hash: rows[0].hash } : undefined;
  }

  async heads(q: SqlQueryable): Promise<Head[]> {
    const { rows } = await q.query<{ tenant_id: string; seq: string; hash: string }>(
      'SELECT tenant_id, seq::text AS seq, hash FROM audit_heads WHERE seq > 0 ORDER BY tenant_id',
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, seq: Number(r.seq), hash: r.hash }));
  }

  async record(q: SqlQueryable, tenantId: string, seq: number): Promise<AuditRecord | undefined> {
    const { rows } = await q.query<RecordRow>(
      `SELECT ${columns} FROM audit_records WHERE tenant_id = $1 AND seq = $2`,
      [tenantId, seq],
    );
    return rows[0] ? recordOf(rows[0]) : undefined;
  }

  /**
   * A tenant's records in seq order, a page at a time (keyset reads: constant memory however long the chain,
   * and each page is asked for only when the reader wants it, so a slow reader holds nothing back).
   */
  async *records(
    q: SqlQueryable,
    tenantId: string,
    range: { afterSeq?: number; toSeq?: number; pageSize?: number } = {},
  ): AsyncGenerator<AuditRecord> {
    let after = range.afterSeq ?? 0;
    const size = range.pageSize ?? 1000;
    for (;;) {
      const { rows } = await q.query<RecordRow>(
        `SELECT ${columns} FROM audit_records WHERE tenant_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq <= $3) ORDER BY audit_records.seq LIMIT $4`,
        [tenantId, after, range.toSeq ?? null, size],
      );
      for (const row of rows) yield recordOf(row);
      if (rows.length < size) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** One conversation's records, in chain order. */
  async *conversation(
    q: SqlQueryable,
    tenantId: string,
    conversationId: string,
    pageSize = 1000,
  ): AsyncGenerator<AuditRecord> {
    let after = 0;
    for (;;) {
      const { rows } = await q.query<RecordRow>(
        `SELECT ${columns} FROM audit_records WHERE tenant_id = $1 AND conversation_id = $2 AND seq > $3 ORDER BY audit_records.seq LIMIT $4`,
        [tenantId, conversationId, after, pageSize],
      );
      for (const row of rows) yield recordOf(row);
      if (rows.length < pageSize) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  /** The seq range of records the log recorded in [from, to): contiguous, so an export of it verifies on its own. */
  async seqRange(
    q: SqlQueryable,
    tenantId: string,
    from?: Date,
    to?: Date,
  ): Promise<{ first: number; last: number } | undefined> {
    const { rows } = await q.query<{ first: string | null; last: string | null }>(
      `SELECT (SELECT min(seq) FROM audit_records WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR recorded_at >= $2))::text AS first,
              (SELECT max(seq) FROM audit_records WHERE tenant_id = $1 AND ($3::timestamptz IS NULL OR recorded_at < $3))::text AS last`,
      [tenantId, from?.toISOString() ?? null, to?.toISOString() ?? null],
    );
    const first = rows[0]?.first;
    const last = rows[0]?.last;
    if (first === null || last === null || first === undefined || last === undefined || Number(first) > Number(last))
      return undefined;
    return { first: Number(first), last: Number(last) };
  }

  /** Conversations with records of these types at event times in [from, to). */
  async conversationsWith(q: SqlQueryable, tenantId: string, types: string[], from: Date, to: Date): Promise<string[]> {
    const { rows } = await q.query<{ conversation_id: string }>(
      `SELECT DISTINCT conversation_id FROM audit_records WHERE tenant_id = $1 AND event_type = ANY($2::text[]) AND event_time >= $3 AND event_time < $4`,
      [tenantId, types, from.toISOString(), to.toISOString()],
    );
    return rows.map((r) => r.conversation_id).sort();
  }

  async keepCheckpoint(q: SqlQueryable, checkpoint: SignedCheckpoint): Promise<boolean> {
    const { rowCount } = await q.query(
      'INSERT INTO audit_checkpoints (tenant_id, seq, head, signed_at, key_id, body) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING',
      [checkpoint.tenant, checkpoint.seq, checkpoint.head, checkpoint.at, checkpoint.keyId, JSON.stringify(checkpoint)],
    );
    return rowCount === 1;
  }

  async checkpoints(q: SqlQueryable, tenantId: string, limit = 100): Promise<SignedCheckpoint[]> {
    const { rows } = await q.query<{ body: string }>(
      'SELECT body FROM audit_checkpoints WHERE tenant_id = $1 ORDER BY audit_checkpoints.seq DESC LIMIT $2',
      [tenantId, limit],
    );
    return rows.map((r) => JSON.parse(r.body) as SignedCheckpoint);
  }
}
