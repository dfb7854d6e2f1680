import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MessageBlocked, parseEvent, type CloudEvent } from '@baton/contracts';
import { GroupWriter } from '@baton/sql';
import { Metrics } from '@baton/service-runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { AuditLog } from './audit-log';
import { AuditStore } from './audit-store';

/**
 * Ingest: events handled at once (every partition of every topic this process consumes) are appended
 * together, one transaction per batch; each caller resolves once its own event is durable.
 */
@Injectable()
export class AuditIngest {
  private readonly appended = new Set<string>();
  private readonly writer: GroupWriter<CloudEvent>;
  private readonly records: Counter<'tenant' | 'type'>;
  private readonly blocked: Counter<'tenant' | 'reason'>;

  constructor(private readonly store: AuditStore, @Inject(AUDIT_CONFIG) config: AuditConfig, metrics: Metrics) {
    this.writer = new GroupWriter(async (events) => {
      const { appended } = await this.store.log.append(this.store.sql, events);
      for (const event of appended) {
        this.appended.add(`${event.tenantid}\n${event.id}`);
        this.count(event);
      }
    }, config.BATON_AUDIT_BATCH);
    this.records = new Counter({ name: 'baton_audit_records_total', help: 'Events appended to the audit chain, by tenant and type', labelNames: ['tenant', 'type'], registers: [metrics.registry] });
    this.blocked = new Counter({ name: 'baton_audit_ai_messages_blocked_total', help: 'AI messages the send gate refused or deferred, by tenant and reason (from the audit log)', labelNames: ['tenant', 'reason'], registers: [metrics.registry] });
  }

  /** Appends one event; true when it was new to the chain. A malformed one raises InvalidEvent (dead-lettered). */
  async record(event: CloudEvent): Promise<boolean> {
    AuditLog.admissible(event);
    await this.writer.write(event);
    return this.appended.delete(`${event.tenantid}\n${event.id}`);
  }

  private count(event: CloudEvent): void {
    this.records.inc({ tenant: event.tenantid, type: event.type });
    if (event.type === MessageBlocked.type) {
      const blocked = parseEvent(MessageBlocked, event);
      if (blocked.data.author === 'ai') this.blocked.inc({ tenant: event.tenantid, reason: blocked.data.reason });
    }
  }
}
