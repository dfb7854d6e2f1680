import type { SchedulingPolicyBody } from '@baton/contracts';
import type { SqlQueryable } from '@baton/sql';
import type { RoutingPolicy } from '../domain/routing';

/** A tenant's scheduling policy, with the service's defaults under what the tenant set. */
export interface SchedulingPolicy {
  timezone: string;
  routing: RoutingPolicy;
  vertical?: string;
  minNoticeMinutes: number;
  horizonDays: number;
}

export async function policyOf(
  db: SqlQueryable,
  tenantId: string,
  defaults: SchedulingPolicy,
): Promise<SchedulingPolicy> {
  const { rows } = await db.query<{ policy: SchedulingPolicyBody }>(
    'SELECT policy FROM scheduling_policies WHERE tenant_id = $1',
    [tenantId],
  );
  const set = rows[0]?.policy ?? {};
  return {
    timezone: set.timezone ?? defaults.timezone,
    routing: {
      strategy: set.routing?.strategy ?? defaults.routing.strategy,
      fallback: set.routing?.fallback ?? defaults.routing.fallback,
    },
    vertical: set.vertical ?? defaults.vertical,
    minNoticeMinutes: set.minNoticeMinutes ?? defaults.minNoticeMinutes,
    horizonDays: set.horizonDays ?? defaults.horizonDays,
  };
}

export async function savePolicy(db: SqlQueryable, tenantId: string, policy: SchedulingPolicyBody): Promise<void> {
  await db.query(
    'INSERT INTO scheduling_policies (tenant_id, policy) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET policy = excluded.policy, updated_at = now()',
    [tenantId, JSON.stringify(policy)],
  );
}
