import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { LOGGER, Metrics, type Logger } from '@baton/service-runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import type { KpiRow } from '../domain/kpis';
import { AuditStore } from './audit-store';
import { Schedule } from './schedule';
import { computeKpis } from './kpi-service';

/**
 * The KPIs on /metrics: every tenant's figures over the rolling window, recomputed on a schedule with the
 * same code as GET /v1/kpis (so a dashboard and the API never disagree). Each replica exports the same values:
 * aggregate with max by (tenant).
 */
@Injectable()
export class KpiGauges implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly schedule: Schedule;
  private readonly gauges: Record<string, Gauge<string>>;

  constructor(
    private readonly store: AuditStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const gauge = (name: string, help: string, labelNames: string[] = ['tenant']) =>
      new Gauge({
        name,
        help: `${help} (rolling window of BATON_AUDIT_KPI_WINDOW_H hours)`,
        labelNames,
        registers: [metrics.registry],
      });
    this.gauges = {
      conversations: gauge('baton_kpi_conversations', 'Conversations started'),
      handoffs: gauge('baton_kpi_handoffs', 'Handoffs triggered'),
      handoffRate: gauge('baton_kpi_handoff_rate', 'Share of conversations handed off to a rep'),
      engagement: gauge('baton_kpi_rep_engagement_seconds', 'Seconds from handoff trigger to rep engagement', [
        'tenant',
        'quantile',
      ]),
      leadFelt: gauge('baton_kpi_lead_felt_handoff_rate', 'Share of handoffs whose transition line reached the lead'),
      showRate: gauge(
        'baton_kpi_show_rate',
        'Share of AI-booked meetings the lead attended (of attended and no-shows)',
      ),
      reQuestion: gauge(
        'baton_kpi_requestion_rate',
        'Share of rep-engaged conversations where the rep re-asked what the brief held',
      ),
      complaint: gauge(
        'baton_kpi_complaint_rate_after_handoff',
        'Share of handoffs followed within 24 h by frustration, an opt-out or a complaint',
      ),
      blocked: gauge('baton_kpi_ai_messages_blocked', 'AI messages the send gate blocked or deferred', [
        'tenant',
        'reason',
      ]),
    };
    this.schedule = new Schedule(
      'KPI refresh',
      this.config.BATON_AUDIT_KPI_REFRESH_S * 1000,
      (now) => this.refresh(now),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  async refresh(now: Date): Promise<void> {
    const window = { from: new Date(now.getTime() - this.config.BATON_AUDIT_KPI_WINDOW_H * 3600_000), to: now };
    for (const head of await this.store.log.heads(this.store.sql)) {
      const [row] = await computeKpis(this.store.sql, head.tenantId, window, []);
      this.set(head.tenantId, row);
    }
  }

  private set(tenant: string, row: KpiRow | undefined): void {
    const g = this.gauges;
    const value = (gauge: Gauge<string>, v: number | null | undefined, labels: Record<string, string> = {}) => {
      if (v === null || v === undefined) gauge.remove({ tenant, ...labels });
      else gauge.set({ tenant, ...labels }, v);
    };
    value(g.conversations!, row?.conversations ?? 0);
    value(g.handoffs!, row?.handoffs ?? 0);
    value(g.handoffRate!, row?.handoffRate);
    value(g.engagement!, row?.engagement.p50Seconds, { quantile: '0.5' });
    value(g.engagement!, row?.engagement.p90Seconds, { quantile: '0.9' });
    value(g.leadFelt!, row?.leadFeltHandoffRate);
    value(g.showRate!, row?.showRate);
    value(g.reQuestion!, row?.reQuestionRate);
    value(g.complaint!, row?.complaintRateAfterHandoff);
    g.blocked!.remove({ tenant });
    for (const [reason, n] of Object.entries(row?.aiMessages.blockedByReason ?? {}))
      g.blocked!.set({ tenant, reason }, n);
  }
}
