import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { RepUpdated } from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { demoRep } from '../domain/rep';
import { CLOCK, type Clock } from './clock';
import { addToOutbox } from './outbox';
import { saveRep } from './rep-store';
import { repUpdatedData } from './rep-events';
import { migrateScheduling } from './schema';
import { schedulingEvent } from './scheduling-events';

/** scheduling's tables, migrated once before the service takes events or requests; then the demo rep, if asked for. */
@Injectable()
export class SchedulingDatabase implements OnModuleInit {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    await migrateScheduling(this.sql);
    if (!this.config.BATON_DEMO_REP || !this.config.BATON_DEFAULT_TENANT) return;
    const tenantId = this.config.BATON_DEFAULT_TENANT;
    // Only the first start creates it: a demo rep an admin changed or removed stays as they left it.
    await this.sql.transaction(async (tx) => {
      const rep = await saveRep(tx, demoRep(tenantId, this.config.BATON_SCHEDULING_TIMEZONE), { onlyIfAbsent: true });
      if (!rep) return;
      const at = this.clock.now();
      await addToOutbox(tx, [
        schedulingEvent(RepUpdated, {
          tenantId,
          subject: `rep:${rep.repId}`,
          name: `rep:${rep.repId}:${rep.revision}`,
          at,
          data: repUpdatedData(rep),
        }),
      ]);
      this.logger.info({ service: 'scheduling', tenantId, repId: rep.repId }, 'demo rep created');
    });
  }
}
