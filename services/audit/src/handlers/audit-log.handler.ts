import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { CloudEvent } from '@baton/contracts';
import type { EventContext } from '@baton/event-bus';
import { OnEvent } from '@baton/service-runtime';
import { AuditIngest } from '../adapters/audit-ingest';
import { auditedTopics } from '../domain/personal-data';

/** Every event on every topic goes into its tenant's chain, once (a redelivery appends nothing). */
@Controller()
export class AuditLogHandler {
  constructor(private readonly ingest: AuditIngest) {}

  @OnEvent('audit-log', auditedTopics)
  async onEvent(@Payload() event: CloudEvent, @Ctx() context: EventContext) {
    if (await this.ingest.record(event)) context.log.debug({ type: event.type }, 'recorded in the audit log');
  }
}
