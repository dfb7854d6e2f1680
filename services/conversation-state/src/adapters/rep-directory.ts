import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { DataOf, RepUpdated } from '@baton/contracts';
import { migrate, type Sql } from '@baton/sql';
import { SQL } from '@baton/service-runtime';
import type { RepPresence } from '../domain/rep-availability';

/**
 * conversation-state's own projection of reps, from scheduling's rep.updated events (services share only
 * events): who is there, in which zone and hours, with what presence. A newer revision replaces an older one.
 */
@Injectable()
export class RepDirectory implements OnModuleInit {
  private readonly cache = new Map<string, { reps: RepPresence[]; until: number }>();

  constructor(@Inject(SQL) private readonly sql: Sql) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state-reps', [
      {
        version: 1,
        script: `CREATE TABLE conversation_reps (tenant_id text NOT NULL, rep_id text NOT NULL, revision integer NOT NULL, rep jsonb NOT NULL,
        removed boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (tenant_id, rep_id))`,
      },
    ]);
  }

  async apply(tenantId: string, rep: DataOf<typeof RepUpdated>): Promise<boolean> {
    const { rowCount } = await this.sql.query(
      `INSERT INTO conversation_reps (tenant_id, rep_id, revision, rep, removed) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, rep_id) DO UPDATE SET revision = excluded.revision, rep = excluded.rep, removed = excluded.removed, updated_at = now()
       WHERE conversation_reps.revision < excluded.revision`,
      [tenantId, rep.repId, rep.revision, JSON.stringify(rep), rep.removed ?? false],
    );
    this.cache.delete(tenantId);
    return rowCount > 0;
  }

  /** The tenant's reps as last heard (cached a second: a presence change reaches decisions within it). */
  async repsOf(tenantId: string): Promise<RepPresence[]> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.reps;
    const { rows } = await this.sql.query<{ rep: DataOf<typeof RepUpdated> }>(
      'SELECT rep FROM conversation_reps WHERE tenant_id = $1 AND NOT removed',
      [tenantId],
    );
    const reps = rows.map(({ rep }) => ({
      repId: rep.repId,
      presence: rep.presence,
      timezone: rep.timezone,
      workingHours: rep.workingHours,
      removed: rep.removed,
    }));
    this.cache.set(tenantId, { reps, until: Date.now() + 1000 });
    return reps;
  }
}
