import { BadRequestException, Controller, Get } from '@nestjs/common';
import { KpiQuery } from '@baton/contracts';
import { AllowRoles, CurrentPrincipal, ValidQuery, type Principal } from '@baton/service-runtime';
import { AuditStore } from '../adapters/audit-store';
import { computeKpis } from '../adapters/kpi-service';
import type { KpiDimension } from '../domain/kpis';

const maxDays = 366;

/** The handoff KPIs of the caller's tenant, from its audit log. */
@Controller('v1/kpis')
export class KpisController {
  constructor(private readonly store: AuditStore) {}

  @Get()
  @AllowRoles('auditor', 'supervisor')
  async kpis(@CurrentPrincipal() who: Principal, @ValidQuery(KpiQuery) query: KpiQuery) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * 24 * 3600_000);
    if (from >= to) throw new BadRequestException('from must be before to');
    if (to.getTime() - from.getTime() > maxDays * 24 * 3600_000)
      throw new BadRequestException(`the window may span at most ${maxDays} days`);
    const groupBy = (query.groupBy ? query.groupBy.split(',') : []) as KpiDimension[];
    if (new Set(groupBy).size !== groupBy.length) throw new BadRequestException('groupBy names a dimension twice');
    return {
      tenantId: who.tenantId,
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      rows: await computeKpis(this.store.sql, who.tenantId, { from, to }, groupBy),
    };
  }
}
