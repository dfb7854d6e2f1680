import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

export interface OwnedNumber { number: string; tenantId: string; registeredAt: string }

export class NumberTaken extends Error {}

/**
 * Which tenant owns each Baton number. Until any number is registered, the default tenant owns them all
 * (the embedded start); from the first registration on, an unregistered number belongs to no one.
 */
@Injectable()
export class NumberRegistry implements OnModuleInit, OnModuleDestroy {
  // Every inbound text asks who owns its number: answered from here, forgotten whenever any instance changes
  // the registry (a NOTIFY in the same transaction as the change).
  private owners = new Map<string, string | undefined>();
  private stopListening?: () => Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-numbers', [{
      version: 1,
      script: `CREATE TABLE gateway_numbers (number text PRIMARY KEY, tenant_id text NOT NULL, registered_at timestamptz NOT NULL DEFAULT now());
               CREATE INDEX gateway_numbers_tenant ON gateway_numbers (tenant_id, number);`,
    }]);
    this.stopListening = await this.sql.listen('gateway_numbers_changed', () => (this.owners = new Map()));
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  /** The tenant that owns a number, or undefined when no one does. */
  async ownerOf(number: string): Promise<string | undefined> {
    if (this.owners.has(number)) return this.owners.get(number);
    const { rows } = await this.sql.query<{ tenant_id: string | null; any_registered: boolean }>(
      `SELECT (SELECT tenant_id FROM gateway_numbers WHERE number = $1) AS tenant_id, EXISTS (SELECT 1 FROM gateway_numbers) AS any_registered`, [number]);
    const row = rows[0]!;
    const owner = row.tenant_id ?? (row.any_registered || !this.config.BATON_DEFAULT_TENANT ? undefined : this.config.BATON_DEFAULT_TENANT);
    if (this.owners.size > 10_000) this.owners = new Map();
    this.owners.set(number, owner);
    return owner;
  }

  private async changed(): Promise<void> {
    this.owners = new Map();
    await this.sql.query(`SELECT pg_notify('gateway_numbers_changed', '')`);
  }

  async list(tenantId: string): Promise<OwnedNumber[]> {
    const { rows } = await this.sql.query<{ number: string; tenant_id: string; registered_at: Date }>(
      'SELECT number, tenant_id, registered_at FROM gateway_numbers WHERE tenant_id = $1 ORDER BY gateway_numbers.number', [tenantId]);
    return rows.map((r) => ({ number: r.number, tenantId: r.tenant_id, registeredAt: new Date(r.registered_at).toISOString() }));
  }

  /** Registers a number to a tenant; registering it again is a no-op, another tenant's number is refused. */
  async register(tenantId: string, number: string): Promise<{ owned: OwnedNumber; created: boolean }> {
    const inserted = await this.sql.query<{ registered_at: Date }>(
      'INSERT INTO gateway_numbers (number, tenant_id) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING RETURNING registered_at', [number, tenantId]);
    if (inserted.rows[0]) await this.changed();
    if (inserted.rows[0]) return { owned: { number, tenantId, registeredAt: new Date(inserted.rows[0].registered_at).toISOString() }, created: true };
    const { rows } = await this.sql.query<{ tenant_id: string; registered_at: Date }>('SELECT tenant_id, registered_at FROM gateway_numbers WHERE number = $1', [number]);
    if (rows[0]?.tenant_id !== tenantId) throw new NumberTaken(`${number} belongs to another tenant`);
    return { owned: { number, tenantId, registeredAt: new Date(rows[0].registered_at).toISOString() }, created: false };
  }

  async release(tenantId: string, number: string): Promise<boolean> {
    const { rows } = await this.sql.query('DELETE FROM gateway_numbers WHERE number = $1 AND tenant_id = $2 RETURNING number', [number, tenantId]);
    if (rows.length > 0) await this.changed();
    return rows.length > 0;
  }
}
