import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { migrate, type Sql, type SqlQueryable } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';

/**
 * The reps a warm transfer dials, in order: the configured list (BATON_TRANSFER_REPS) for the tenant, then the
 * reps scheduling says are available (presence from rep.updated) and have a phone.
 */
@Injectable()
export class RepRoster implements OnModuleInit {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'channel-gateway-reps', [
      {
        version: 1,
        script: `CREATE TABLE gateway_reps (tenant_id text NOT NULL, rep_id text NOT NULL, phone text, presence text NOT NULL, revision integer NOT NULL,
        removed boolean NOT NULL DEFAULT false, PRIMARY KEY (tenant_id, rep_id));`,
      },
    ]);
  }

  /** rep.updated: applied only when newer than what is held. */
  async updated(
    tx: SqlQueryable,
    tenantId: string,
    rep: { repId: string; phone?: string; presence: string; revision: number; removed?: boolean },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO gateway_reps (tenant_id, rep_id, phone, presence, revision, removed) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, rep_id) DO UPDATE SET phone = EXCLUDED.phone, presence = EXCLUDED.presence, revision = EXCLUDED.revision, removed = EXCLUDED.removed
       WHERE gateway_reps.revision < EXCLUDED.revision`,
      [tenantId, rep.repId, rep.phone ?? null, rep.presence, rep.revision, rep.removed ?? false],
    );
  }

  /** A rep's phone, configured or from scheduling, whatever their presence (a rep who took over is at work). */
  async phoneOf(tx: SqlQueryable, tenantId: string, repId: string): Promise<string | undefined> {
    const configured = this.config.BATON_TRANSFER_REPS.find(
      (r) => r.repId === repId && (r.tenant ?? tenantId) === tenantId,
    );
    if (configured) return configured.phone;
    const { rows } = await tx.query<{ phone: string }>(
      'SELECT phone FROM gateway_reps WHERE tenant_id = $1 AND rep_id = $2 AND NOT removed AND phone IS NOT NULL',
      [tenantId, repId],
    );
    return rows[0]?.phone;
  }

  async repsFor(tx: SqlQueryable, tenantId: string): Promise<{ repId: string; phone: string }[]> {
    const configured = this.config.BATON_TRANSFER_REPS.filter((r) => (r.tenant ?? tenantId) === tenantId).map((r) => ({
      repId: r.repId,
      phone: r.phone,
    }));
    const { rows } = await tx.query<{ rep_id: string; phone: string }>(
      `SELECT rep_id, phone FROM gateway_reps WHERE tenant_id = $1 AND presence = 'available' AND NOT removed AND phone IS NOT NULL ORDER BY rep_id`,
      [tenantId],
    );
    const seen = new Set(configured.map((r) => r.repId));
    return [
      ...configured,
      ...rows.filter((r) => !seen.has(r.rep_id)).map((r) => ({ repId: r.rep_id, phone: r.phone })),
    ].slice(0, 10);
  }
}
