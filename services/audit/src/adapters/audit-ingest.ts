import { Inject, Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { MessageBlocked, parseEvent, type CloudEvent } from '@baton/contracts';
import { GroupWriter, type Transaction } from '@baton/sql';
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
  private readonly failed = new Map<string, unknown>();
  private readonly writer: GroupWriter<CloudEvent>;
  private readonly records: Counter<'tenant' | 'type'>;
  private readonly blocked: Counter<'tenant' | 'reason'>;

  constructor(
    private readonly store: AuditStore,
    @Inject(AUDIT_CONFIG) config: AuditConfig,
    metrics: Metrics,
  ) {
    // Off the lead's path, an append waits a moment for the other partitions' batches: the broker's linger
    // (minBytes) is not honoured by the test mock, and a real broker's batches still come one per partition.
    // Under steady load the writer is never idle, so the spacing is what makes a flush gather them: one append a
    // second at most, as the consumer itself lingers a second per partition.
    this.writer = new GroupWriter(
      async (events) => {
        try {
          this.settle(await this.store.log.append(this.store.sql, events));
        } catch (error) {
          if (events.length === 1) throw error;
          // One event the database refuses must not hold back the others: each is tried alone, and only the
          // refused one fails (and is retried, then dead-lettered, by its consumer).
          for (const event of events) {
            try {
              this.settle(await this.store.log.append(this.store.sql, [event]));
            } catch (alone) {
              this.failed.set(`${event.tenantid}\n${event.id}`, alone);
            }
          }
        }
      },
      config.BATON_AUDIT_BATCH,
      { lingerMs: 200, minSpacingMs: 1000 },
    );
    this.records = new Counter({
      name: 'baton_audit_records_total',
      help: 'Events appended to the audit chain, by tenant and type',
      labelNames: ['tenant', 'type'],
      registers: [metrics.registry],
    });
    this.blocked = new Counter({
      name: 'baton_audit_ai_messages_blocked_total',
      help: 'AI messages the send gate refused or deferred, by tenant and reason (from the audit log)',
      labelNames: ['tenant', 'reason'],
      registers: [metrics.registry],
    });
  }

  // Events staged in a consumer batch's transaction, appended together just before it commits.
  private readonly staged = new WeakMap<Transaction, CloudEvent[]>();

  /**
   * Appends one event for a consumer batch, durable before the batch commits. On PostgreSQL the batch's events
   * join every other batch in flight (one per partition, consumed at once) in one append of its own: one
   * transaction for all of them, not one each contending for the chain head (an append is idempotent by
   * event id, so one that commits before a batch that then fails is only a repeat later). On PGlite (one
   * session, which the batch's open transaction holds) they go in the batch's transaction, in one append as it
   * commits; the in-process bus gives a lingering group one batch across its partitions, so that is one append
   * for a second's events, not one per partition. A failure rolls the batch back and its events are taken one by
   * one; a malformed one raises InvalidEvent at once (dead-lettered).
   */
  recordWithin(tx: Transaction, event: CloudEvent): void {
    AuditLog.admissible(event);
    let events = this.staged.get(tx);
    if (!events) {
      events = [];
      this.staged.set(tx, events);
      const batch = events;
      tx.beforeCommit(async () => {
        if (this.store.sql.driver === 'pg') await this.recordAll(batch);
        else this.settle(await this.store.log.appendWithin(tx, batch));
      });
    }
    events.push(event);
  }

  private async recordAll(events: CloudEvent[]): Promise<void> {
    const outcomes = await Promise.allSettled(events.map((event) => this.record(event)));
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (refused) throw refused.reason;
  }

  /** Appends one event on its own (shared with others in flight); true when it was new to the chain. */
  async record(event: CloudEvent): Promise<boolean> {
    AuditLog.admissible(event);
    const key = `${event.tenantid}\n${event.id}`;
    await this.writer.write(event);
    const failure = this.failed.get(key);
    if (this.failed.delete(key)) throw failure;
    return this.appended.delete(key);
  }

  private settle({ appended }: { appended: CloudEvent[] }): void {
    for (const event of appended) {
      this.appended.add(`${event.tenantid}\n${event.id}`);
      this.count(event);
    }
  }

  private count(event: CloudEvent): void {
    this.records.inc({ tenant: event.tenantid, type: event.type });
    if (event.type === MessageBlocked.type) {
      const blocked = parseEvent(MessageBlocked, event);
      if (blocked.data.author === 'ai') this.blocked.inc({ tenant: event.tenantid, reason: blocked.data.reason });
    }
  }
}
