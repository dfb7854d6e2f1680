import { Module } from '@nestjs/common';
import { NOTIFICATION_CONFIG, readNotificationConfig } from './config';
import { Dispatcher } from './adapters/dispatcher';
import { NotificationStore } from './adapters/notification-store';
import { NotificationHandlers } from './handlers/notification-handlers';
import { WebhookEndpointsController } from './handlers/webhook-endpoints.controller';

/**
 * audit: tenants' webhook notifications (Standard Webhooks) today; the tamper-evident audit log, replay and
 * KPIs come with their issue.
 */
@Module({
  controllers: [WebhookEndpointsController, NotificationHandlers],
  providers: [{ provide: NOTIFICATION_CONFIG, useFactory: () => readNotificationConfig() }, NotificationStore, Dispatcher],
})
export class AuditModule {}
