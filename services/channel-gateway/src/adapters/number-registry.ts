import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

export interface OwnedNumber {
  number: string;
  tenantId: string;
  registeredAt: string;
  vertical?: string;
}

export class NumberTaken extends Error {}

const ownedOf = (r: {
  number: string;
  tenant_id: string;
  registered_at: Date;
  vertical: string | null;
}): OwnedNumber => ({
  number: r.number,
  tenantId: r.tenant_id,
  registeredAt: new Date(r.registered_at).toISOString(),
  ...(r.vertical ? { vertical: r.vertical } : {}),
});

/**
 * Which tenant owns each Baton number. Until any number is registered, the default tenant owns them all
 * (the embedded start); from the first registration on, an unregistered number belongs to no one.
 */
@Injectable()
export class NumberRegistry implements OnModuleInit, OnModuleDestroy {
  // Every inbound text asks who owns its number: answered from here, forgotten whenever any instance changes
  // the registry (a NOTIFY in the same transaction as the change).
  private owners = new Map<string, { tenantId?: string; vertical?: string }>();
  private stopListening?: () => Promise<void>;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-numbers', [
      {
        version: 1,
        script: `CREATE TABLE gateway_numbers (number text PRIMARY KEY, tenant_id text NOT NULL, registered_at timestamptz NOT NULL DEFAULT now());
               CREATE INDEX gateway_numbers_tenant ON gateway_numbers (tenant_id, number);`,
      },
      {
        version: 2,
        // The line of business a number serves; carried on message.received so KPIs can be read per vertical.
        script: 'ALTER TABLE gateway_numbers ADD COLUMN vertical text',
      },
    ]);
    this.stopListening = await this.sql.listen('gateway_numbers_changed', () => (this.owners = new Map()));
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopListening?.();
  }

  /** The tenant that owns a number, or undefined when no one does. */
  async ownerOf(number: string): Promise<string | undefined> {
    return (await this.entry(number)).tenantId;
  }

  /** The vertical a tenant's number was registered with, if any. */
  async verticalOf(tenantId: string, number: string): Promise<string | undefined> {
    const entry = await this.entry(number);
    return entry.tenantId === tenantId ? entry.vertical : undefined;
  }

  private async entry(number: string): Promise<{ tenantId?: string; vertical?: string }> {
    const known = this.owners.get(number);
    if (known) return known;
    // Asked by a webhook before its one write: in the edge lane, not behind the consumers' batches.
    const { rows } = await this.sql.transaction(
      (tx) =>
        tx.query<{ tenant_id: string | null; vertical: string | null; any_registered: boolean }>(
          `SELECT n.tenant_id, n.vertical, EXISTS (SELECT 1 FROM gateway_numbers) AS any_registered
             FROM (SELECT 1) one LEFT JOIN gateway_numbers n ON n.number = $1`,
          [number],
        ),
      { lane: 'edge' },
    );
    const row = rows[0]!;
    const tenantId =
      row.tenant_id ??
      (row.any_registered || !this.config.BATON_DEFAULT_TENANT ? undefined : this.config.BATON_DEFAULT_TENANT);
    const entry = { ...(tenantId ? { tenantId } : {}), ...(row.vertical ? { vertical: row.vertical } : {}) };
    if (this.owners.size > 10_000) this.owners = new Map();
    this.owners.set(number, entry);
    return entry;
  }

  private async changed(): Promise<void> {
    this.owners = new Map();
    await this.sql.query(`SELECT pg_notify('gateway_numbers_changed', '')`);
  }

  async list(tenantId: string): Promise<OwnedNumber[]> {
    const { rows } = await this.sql.query<{
      number: string;
      tenant_id: string;
      registered_at: Date;
      vertical: string | null;
    }>(
      'SELECT number, tenant_id, registered_at, vertical FROM gateway_numbers WHERE tenant_id = $1 ORDER BY gateway_numbers.number',
      [tenantId],
    );
    return rows.map(ownedOf);
  }

  /**
   * Registers a number to a tenant; registering it again is a no-op (or sets the vertical it now names), another
   * tenant's number is refused.
   */
  async register(
    tenantId: string,
    number: string,
    vertical?: string,
  ): Promise<{ owned: OwnedNumber; created: boolean }> {
    const inserted = await this.sql.query<{
      number: string;
      tenant_id: string;
      registered_at: Date;
      vertical: string | null;
    }>(
      'INSERT INTO gateway_numbers (number, tenant_id, vertical) VALUES ($1, $2, $3) ON CONFLICT (number) DO NOTHING RETURNING *',
      [number, tenantId, vertical ?? null],
    );
    if (inserted.rows[0]) {
      await this.changed();
      return { owned: ownedOf(inserted.rows[0]), created: true };
    }
    const { rows } = await this.sql.query<{
      number: string;
      tenant_id: string;
      registered_at: Date;
      vertical: string | null;
    }>(
      'UPDATE gateway_numbers SET vertical = coalesce($3, vertical) WHERE number = $1 AND tenant_id = $2 RETURNING *',
      [number, tenantId, vertical ?? null],
    );
    if (!rows[0]) throw new NumberTaken(`${number} belongs to another tenant`);
    if (vertical) await this.changed();
    return { owned: ownedOf(rows[0]), created: false };
  }

  async release(tenantId: string, number: string): Promise<boolean> {
    const { rows } = await this.sql.query(
      'DELETE FROM gateway_numbers WHERE number = $1 AND tenant_id = $2 RETURNING number',
      [number, tenantId],
    );
    if (rows.length > 0) await this.changed();
    return rows.length > 0;
  }
}
