import { randomBytes, randomUUID } from 'node:crypto';
import type { SqlQueryable } from '@baton/sql';
import type { DataKey } from '../domain/sealing';
import type { MasterKey } from '../domain/key-wrapping';
import type { RetentionClass } from '../domain/personal-data';

/** Which key seals an event: its conversation, retention class and month. */
export interface KeySlot {
  tenantId: string;
  conversationId: string;
  retentionClass: RetentionClass;
  period: string;
}
export const slotKey = (s: KeySlot) => `${s.tenantId}\n${s.conversationId}\n${s.retentionClass}\n${s.period}`;

/** A live key's row; `wrapped` as bytes, or base64 when read inside a json array. */
export interface LiveKeyRow {
  key_id: string;
  tenant_id: string;
  conversation_id: string;
  retention_class: RetentionClass;
  period: string;
  wrapped: Buffer | Uint8Array | string;
}

export interface Shredded {
  conversations: number;
  keysShredded: number;
}

/**
 * Lead data keys, wrapped with the master key. Every method takes the connection or transaction to run on.
 * A key in use by an append is held FOR SHARE, so an erasure either comes before it (the append makes a new
 * key) or waits and shreds what it sealed too.
 */
export class LeadKeys {
  constructor(private readonly master: MasterKey) {}

  leadRef(tenantId: string, phone: string): string {
    return this.master.leadRef(tenantId, phone);
  }

  // Unwrapped keys by id: a key's wrapped bytes never change, and each use still reads (and holds) its row, so a
  // shredded key is never taken from here.
  private readonly unwrapped = new Map<string, Buffer>();

  /**
   * The live key of each slot, made when there is none yet. The slots' keys are read first (one statement, no
   * key wrapped in vain; or given, read by the caller with `liveKeysPart`); only the missing ones are made, then
   * read like the others.
   */
  async activeKeys(tx: SqlQueryable, slots: KeySlot[], read?: LiveKeyRow[]): Promise<Map<string, DataKey>> {
    const unique = [...new Map(slots.map((s) => [slotKey(s), s])).values()];
    const found = new Map<string, DataKey>();
    if (unique.length === 0) return found;
    if (read) this.unwrapInto(read, found);
    else await this.readLive(tx, unique, found);
    const missing = unique.filter((s) => !found.has(slotKey(s)));
    if (missing.length === 0) return found;
    const ids = missing.map(() => randomUUID());
    const fresh = missing.map((_, i) => this.master.wrap(ids[i]!, randomBytes(32), randomBytes(12)));
    await tx.query(
      `INSERT INTO audit_lead_keys (key_id, tenant_id, conversation_id, retention_class, period, wrapped)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[])
       ON CONFLICT (tenant_id, conversation_id, retention_class, period) WHERE shredded_at IS NULL DO NOTHING`,
      [
        ids,
        missing.map((s) => s.tenantId),
        missing.map((s) => s.conversationId),
        missing.map((s) => s.retentionClass),
        missing.map((s) => s.period),
        fresh,
      ],
    );
    await this.readLive(tx, missing, found);
    return found;
  }

  /**
   * A sub-select, for a caller's statement, of one tenant's live keys of these slots, held FOR SHARE, as a json
   * array of LiveKeyRow: `tenant` is the SQL naming the tenant, `param(values, type)` adds a parameter.
   */
  static liveKeysPart(tenant: string, slots: KeySlot[], param: (values: unknown[], type: string) => string): string {
    const [tenants, conversations, classes, periods] = [
      param(
        slots.map((s) => s.tenantId),
        'text',
      ),
      param(
        slots.map((s) => s.conversationId),
        'text',
      ),
      param(
        slots.map((s) => s.retentionClass),
        'text',
      ),
      param(
        slots.map((s) => s.period),
        'text',
      ),
    ];
    return `(SELECT coalesce(jsonb_agg(jsonb_build_object('key_id', x.key_id, 'tenant_id', x.tenant_id, 'conversation_id', x.conversation_id,
         'retention_class', x.retention_class, 'period', x.period, 'wrapped', encode(x.wrapped, 'base64'))), '[]'::jsonb)
       FROM (SELECT k.key_id::text AS key_id, k.tenant_id, k.conversation_id, k.retention_class, k.period, k.wrapped FROM audit_lead_keys k
         JOIN unnest(${tenants}, ${conversations}, ${classes}, ${periods}) AS s(tenant_id, conversation_id, retention_class, period)
           ON k.tenant_id = s.tenant_id AND k.conversation_id = s.conversation_id AND k.retention_class = s.retention_class AND k.period = s.period
         WHERE k.shredded_at IS NULL AND k.tenant_id = ${tenant} FOR SHARE OF k) AS x)`;
  }

  /** The live keys of these slots, held FOR SHARE, into `found`. */
  private async readLive(tx: SqlQueryable, slots: KeySlot[], found: Map<string, DataKey>): Promise<void> {
    const { rows } = await tx.query<LiveKeyRow>(
      `SELECT k.key_id::text AS key_id, k.tenant_id, k.conversation_id, k.retention_class, k.period, k.wrapped FROM audit_lead_keys k
        JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS s(tenant_id, conversation_id, retention_class, period)
          ON k.tenant_id = s.tenant_id AND k.conversation_id = s.conversation_id AND k.retention_class = s.retention_class AND k.period = s.period
        WHERE k.shredded_at IS NULL FOR SHARE OF k`,
      [
        slots.map((s) => s.tenantId),
        slots.map((s) => s.conversationId),
        slots.map((s) => s.retentionClass),
        slots.map((s) => s.period),
      ],
    );
    this.unwrapInto(rows, found);
  }

  private unwrapInto(rows: LiveKeyRow[], found: Map<string, DataKey>): void {
    for (const row of rows) {
      let key = this.unwrapped.get(row.key_id);
      if (!key) {
        const wrapped = typeof row.wrapped === 'string' ? Buffer.from(row.wrapped, 'base64') : Buffer.from(row.wrapped);
        key = this.master.unwrap(row.key_id, wrapped);
        if (this.unwrapped.size >= 10_000) this.unwrapped.clear();
        this.unwrapped.set(row.key_id, key);
      }
      found.set(
        slotKey({
          tenantId: row.tenant_id,
          conversationId: row.conversation_id,
          retentionClass: row.retention_class,
          period: row.period,
        }),
        { id: row.key_id, key },
      );
    }
  }

  /** The keys still readable among these ids (shredded ones are absent). */
  async readable(q: SqlQueryable, keyIds: string[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    const ids = [...new Set(keyIds)].filter((id) => /^[0-9a-f-]{36}$/.test(id));
    if (ids.length === 0) return out;
    const { rows } = await q.query<{ key_id: string; wrapped: Buffer | Uint8Array }>(
      'SELECT key_id::text AS key_id, wrapped FROM audit_lead_keys WHERE key_id = ANY($1::uuid[]) AND wrapped IS NOT NULL',
      [ids],
    );
    for (const row of rows) out.set(row.key_id, this.master.unwrap(row.key_id, Buffer.from(row.wrapped)));
    return out;
  }

  /** Whose conversations these are, from events that name the lead: one row each, to remember with the records. */
  leadRows(
    leads: { tenantId: string; conversationId: string; phone: string }[],
  ): { tenantId: string; conversationId: string; leadRef: string }[] {
    const unique = [...new Map(leads.map((l) => [`${l.tenantId}\n${l.conversationId}`, l])).values()];
    return unique.map((l) => ({
      tenantId: l.tenantId,
      conversationId: l.conversationId,
      leadRef: this.leadRef(l.tenantId, l.phone),
    }));
  }

  /** Crypto-shreds every key of every conversation of the lead: their personal fields become unreadable for good. */
  async eraseLead(q: SqlQueryable, tenantId: string, phone: string): Promise<Shredded & { leadRef: string }> {
    const leadRef = this.leadRef(tenantId, phone);
    const conversations = await q.query<{ conversation_id: string }>(
      'SELECT conversation_id FROM audit_conversation_leads WHERE tenant_id = $1 AND lead_ref = $2',
      [tenantId, leadRef],
    );
    const ids = conversations.rows.map((r) => r.conversation_id);
    const { rowCount } =
      ids.length === 0
        ? { rowCount: 0 }
        : await q.query(
            `UPDATE audit_lead_keys SET wrapped = NULL, shredded_at = now(), shred_reason = 'request'
        WHERE tenant_id = $1 AND conversation_id = ANY($2::text[]) AND shredded_at IS NULL`,
            [tenantId, ids],
          );
    return { leadRef, conversations: ids.length, keysShredded: rowCount };
  }

  /** Shreds the keys of months before `firstKept` for one tenant and class: retention, without touching a record. */
  async shredBefore(
    q: SqlQueryable,
    tenantId: string,
    retentionClass: RetentionClass,
    firstKept: string,
  ): Promise<number> {
    const { rowCount } = await q.query(
      `UPDATE audit_lead_keys SET wrapped = NULL, shredded_at = now(), shred_reason = 'retention'
        WHERE tenant_id = $1 AND retention_class = $2 AND period < $3 AND shredded_at IS NULL`,
      [tenantId, retentionClass, firstKept],
    );
    return rowCount;
  }

  async tenantsWithKeys(q: SqlQueryable): Promise<string[]> {
    const { rows } = await q.query<{ tenant_id: string }>(
      'SELECT DISTINCT tenant_id FROM audit_lead_keys WHERE shredded_at IS NULL',
    );
    return rows.map((r) => r.tenant_id);
  }
}
