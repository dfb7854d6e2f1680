import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER, type Logger } from '@baton/service-runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { retentionClasses } from '../domain/personal-data';
import { firstKeptPeriod } from '../domain/retention';
import { AuditStore } from './audit-store';
import { Schedule } from './schedule';

/**
 * Retention without deleting a record: the keys of months past a class's retention are shredded, so the
 * personal fields they sealed become unreadable while the chain (ids, types, times, hashes) still verifies.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly schedule: Schedule;

  constructor(
    private readonly store: AuditStore,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.schedule = new Schedule(
      'retention sweep',
      this.config.BATON_AUDIT_RETENTION_SWEEP_S * 1000,
      (now) => this.sweep(now),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  /** Shreds what is past retention now; returns the keys shredded per tenant. */
  async sweep(now: Date): Promise<Record<string, number>> {
    const shredded: Record<string, number> = {};
    for (const tenantId of await this.store.keys.tenantsWithKeys(this.store.sql)) {
      for (const retentionClass of retentionClasses) {
        const n = await this.store.keys.shredBefore(
          this.store.sql,
          tenantId,
          retentionClass,
          firstKeptPeriod(this.config.BATON_AUDIT_RETENTION, tenantId, retentionClass, now),
        );
        if (n > 0) {
          shredded[tenantId] = (shredded[tenantId] ?? 0) + n;
          this.logger.info({ service: 'audit', tenantId, retentionClass, keys: n }, 'keys past retention shredded');
        }
      }
    }
    return shredded;
  }
}
