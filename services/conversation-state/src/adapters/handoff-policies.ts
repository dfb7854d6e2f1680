import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { migrate, type Sql } from '@baton/sql';
import { ENV, SQL } from '@baton/service-runtime';
import { readConversationStateConfig } from '../config';
import { defaultHandoffPolicy, type HandoffContext, type HandoffPolicy } from '../domain/handoff-policy';

export interface TenantHandoffSettings {
  policy: HandoffPolicy;
  /** When reps work, in the tenant's zone: live takeover and warm transfer only then. */
  businessHours: { zone: string; days: number[]; start: string; end: string };
}

const defaults: TenantHandoffSettings = {
  policy: defaultHandoffPolicy,
  businessHours: { zone: 'America/New_York', days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
};

/** Per-tenant handoff policy (table handoff_policies, JSON merged over the defaults) and the context decisions need. */
@Injectable()
export class HandoffPolicies implements OnModuleInit {
  private readonly cache = new Map<string, { settings: TenantHandoffSettings; until: number }>();
  private readonly defaults: TenantHandoffSettings;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(ENV) env: NodeJS.ProcessEnv,
  ) {
    this.defaults = { ...defaults, businessHours: readConversationStateConfig(env).BATON_BUSINESS_HOURS };
  }

  async onModuleInit(): Promise<void> {
    await migrate(this.sql, 'conversation-state-policies', [
      {
        version: 1,
        script:
          'CREATE TABLE handoff_policies (tenant_id text PRIMARY KEY, settings jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())',
      },
    ]);
  }

  async settingsFor(tenantId: string): Promise<TenantHandoffSettings> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.settings;
    const { rows } = await this.sql.query<{
      settings: Partial<TenantHandoffSettings> & { policy?: Partial<HandoffPolicy> };
    }>('SELECT settings FROM handoff_policies WHERE tenant_id = $1', [tenantId]);
    const custom = rows[0]?.settings ?? {};
    const settings: TenantHandoffSettings = {
      policy: {
        ...this.defaults.policy,
        ...custom.policy,
        triggerAt: { ...this.defaults.policy.triggerAt, ...custom.policy?.triggerAt },
        afterMeeting: { ...this.defaults.policy.afterMeeting, ...custom.policy?.afterMeeting },
      },
      businessHours: { ...this.defaults.businessHours, ...custom.businessHours },
    };
    this.cache.set(tenantId, { settings, until: Date.now() + 30_000 });
    return settings;
  }

  async save(tenantId: string, settings: Partial<TenantHandoffSettings>): Promise<void> {
    await this.sql.query(
      `INSERT INTO handoff_policies (tenant_id, settings) VALUES ($1, $2) ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = now()`,
      [tenantId, JSON.stringify(settings)],
    );
    this.cache.delete(tenantId);
  }
}

/**
 * The decision context at `at`. Rep availability is what scheduling's rep.updated events say (a rep available
 * by their own word, inside their working hours); with none, handoffs book a meeting (async booking).
 */
export function handoffContext(
  settings: TenantHandoffSettings,
  at: string,
  options: { onLiveCall?: boolean; repAvailable: boolean },
): HandoffContext {
  const local = DateTime.fromISO(at, { zone: settings.businessHours.zone });
  const minutes = local.hour * 60 + local.minute;
  const [sh, sm] = settings.businessHours.start.split(':').map(Number);
  const [eh, em] = settings.businessHours.end.split(':').map(Number);
  const within =
    settings.businessHours.days.includes(local.weekday) && minutes >= sh! * 60 + sm! && minutes < eh! * 60 + em!;
  return { withinBusinessHours: within, repAvailable: options.repAvailable, onLiveCall: options.onLiveCall ?? false };
}
