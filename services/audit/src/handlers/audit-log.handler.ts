import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { AuditIngest } from '../adapters/audit-ingest';
import { auditedTopics } from '../domain/personal-data';

/**
 * Every event on every topic goes into its tenant's chain, once (a redelivery appends nothing). Off the lead's
 * path, so the group lets its batches fill for up to a second: fewer, larger appends, and an idle platform's
 * audit consumer asks each broker for data once a second, not four times (250 ms cost 12.6 fetches a second).
 */
@Controller()
export class AuditLogHandler {
  constructor(private readonly ingest: AuditIngest) {}

  @OnEvent('audit-log', auditedTopics, { linger: { maxWaitMs: 1000, minBytes: 64 * 1024 } })
  onEvent(@Payload() event: CloudEvent, @Ctx() context: EventContext) {
    this.ingest.recordWithin(context.tx, event);
  }
}
