import { Inject, Injectable } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

export interface OwnedNumber { number: string; tenantId: string; registeredAt: string; vertical?: string }

export class NumberTaken extends Error {}

const ownedOf = (r: { number: string; tenant_id: string; registered_at: Date; vertical: string | null }): OwnedNumber =>
  ({ number: r.number, tenantId: r.tenant_id, registeredAt: new Date(r.registered_at).toISOString(), ...(r.vertical ? { vertical: r.vertical } : {}) });

/**
 * Which tenant owns each Baton number. Until any number is registered, the default tenant owns them all
 * (the embedded start); from the first registration on, an unregistered number belongs to no one.
 */
@Injectable()
export class NumberRegistry {
  private ready?: Promise<void>;

  constructor(@Inject(SQL) private readonly sql: Sql, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  migrate(): Promise<void> {
    this.ready ??= migrate(this.sql, 'channel-gateway-numbers', [{
      version: 1,
      script: `CREATE TABLE gateway_numbers (number text PRIMARY KEY, tenant_id text NOT NULL, registered_at timestamptz NOT NULL DEFAULT now());
               CREATE INDEX gateway_numbers_tenant ON gateway_numbers (tenant_id, number);`,
    }, {
      version: 2,
      // The line of business a number serves; carried on message.received so KPIs can be read per vertical.
      script: 'ALTER TABLE gateway_numbers ADD COLUMN vertical text',
    }]);
    return this.ready;
  }

  /** The tenant that owns a number, or undefined when no one does. */
  async ownerOf(number: string): Promise<string | undefined> {
    await this.migrate();
    const { rows } = await this.sql.query<{ tenant_id: string | null; any_registered: boolean }>(
      `SELECT (SELECT tenant_id FROM gateway_numbers WHERE number = $1) AS tenant_id, EXISTS (SELECT 1 FROM gateway_numbers) AS any_registered`, [number]);
    const row = rows[0]!;
    if (row.tenant_id) return row.tenant_id;
    return row.any_registered || !this.config.BATON_DEFAULT_TENANT ? undefined : this.config.BATON_DEFAULT_TENANT;
  }

  async list(tenantId: string): Promise<OwnedNumber[]> {
    await this.migrate();
    const { rows } = await this.sql.query<{ number: string; tenant_id: string; registered_at: Date; vertical: string | null }>(
      'SELECT number, tenant_id, registered_at, vertical FROM gateway_numbers WHERE tenant_id = $1 ORDER BY gateway_numbers.number', [tenantId]);
    return rows.map(ownedOf);
  }

  /** The vertical a tenant's number was registered with, if any. */
  async verticalOf(tenantId: string, number: string): Promise<string | undefined> {
    await this.migrate();
    const { rows } = await this.sql.query<{ vertical: string | null }>('SELECT vertical FROM gateway_numbers WHERE number = $1 AND tenant_id = $2', [number, tenantId]);
    return rows[0]?.vertical ?? undefined;
  }

  /**
   * Registers a number to a tenant; registering it again is a no-op (or sets the vertical it now names), another
   * tenant's number is refused.
   */
  async register(tenantId: string, number: string, vertical?: string): Promise<{ owned: OwnedNumber; created: boolean }> {
    await this.migrate();
    const inserted = await this.sql.query<{ number: string; tenant_id: string; registered_at: Date; vertical: string | null }>(
      'INSERT INTO gateway_numbers (number, tenant_id, vertical) VALUES ($1, $2, $3) ON CONFLICT (number) DO NOTHING RETURNING *', [number, tenantId, vertical ?? null]);
    if (inserted.rows[0]) return { owned: ownedOf(inserted.rows[0]), created: true };
    const { rows } = await this.sql.query<{ number: string; tenant_id: string; registered_at: Date; vertical: string | null }>(
      'UPDATE gateway_numbers SET vertical = coalesce($3, vertical) WHERE number = $1 AND tenant_id = $2 RETURNING *', [number, tenantId, vertical ?? null]);
    if (!rows[0]) throw new NumberTaken(`${number} belongs to another tenant`);
    return { owned: ownedOf(rows[0]), created: false };
  }

  async release(tenantId: string, number: string): Promise<boolean> {
    await this.migrate();
    const { rows } = await this.sql.query('DELETE FROM gateway_numbers WHERE number = $1 AND tenant_id = $2 RETURNING number', [number, tenantId]);
    return rows.length > 0;
  }
}
