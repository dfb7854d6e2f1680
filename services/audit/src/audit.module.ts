import { Module } from '@nestjs/common';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { AUDIT_CONFIG, NOTIFICATION_CONFIG, readAuditConfig, readNotificationConfig, type AuditConfig } from './config';
import { AuditIngest } from './adapters/audit-ingest';
import { AuditStore } from './adapters/audit-store';
import { Checkpoints } from './adapters/checkpoints';
import { KpiGauges } from './adapters/kpi-gauges';
import { RetentionSweeper } from './adapters/retention-sweeper';
import { Dispatcher } from './adapters/dispatcher';
import { NotificationStore } from './adapters/notification-store';
import { AuditController } from './handlers/audit.controller';
import { AuditLogHandler } from './handlers/audit-log.handler';
import { KpisController } from './handlers/kpis.controller';
import { LeadsController } from './handlers/leads.controller';
import { NotificationHandlers } from './handlers/notification-handlers';
import { WebhookEndpointsController } from './handlers/webhook-endpoints.controller';

/**
 * audit: the tamper-evident audit log (every topic, hash-chained per tenant, signed checkpoints), replay for
 * auditors, KPIs from events, retention and erasure by crypto-shredding; and tenants' webhook notifications.
 */
@Module({
  controllers: [
    WebhookEndpointsController,
    NotificationHandlers,
    AuditLogHandler,
    AuditController,
    KpisController,
    LeadsController,
  ],
  providers: [
    { provide: NOTIFICATION_CONFIG, useFactory: () => readNotificationConfig() },
    { provide: AUDIT_CONFIG, useFactory: () => readAuditConfig() },
    // Migrations run here, once, before any consumer or route can reach the log.
    {
      provide: AuditStore,
      inject: [SQL, AUDIT_CONFIG, LOGGER],
      useFactory: (sql: Sql, config: AuditConfig, logger: Logger) => AuditStore.open(sql, config, logger),
    },
    NotificationStore,
    Dispatcher,
    AuditIngest,
    Checkpoints,
    KpiGauges,
    RetentionSweeper,
  ],
})
export class AuditModule {}
