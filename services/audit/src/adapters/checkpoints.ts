import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditCheckpointSigned, derivedEventId, newEvent, topics } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import type { SqlQueryable } from '@baton/sql';
import { EVENT_BUS, LOGGER, type Logger } from '@baton/service-runtime';
import { AUDIT_CONFIG, type AuditConfig } from '../config';
import { signCheckpoint, type SignedCheckpoint } from '../domain/checkpoint';
import { AuditStore } from './audit-store';
import { Schedule } from './schedule';

/** The subject of a tenant's audit events (they are about its chain, not a conversation). */
export const auditSubject = (tenantId: string) => `audit-${tenantId}`;

/**
 * Signs each tenant's chain head on a schedule, keeps the checkpoint (append-only) and publishes it on
 * baton.audit for outside parties to keep. A head that only moved by the previous checkpoint's own record
 * is not signed again, so an idle log makes no checkpoints. Replicas may race: the (tenant, seq) key keeps
 * one, and only the replica that kept it publishes.
 */
@Injectable()
export class Checkpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly schedule: Schedule;

  constructor(
    private readonly store: AuditStore,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(AUDIT_CONFIG) private readonly config: AuditConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.schedule = new Schedule(
      'checkpoint round',
      this.config.BATON_AUDIT_CHECKPOINT_EVERY_S * 1000,
      (now) => this.makeDue(now),
      this.logger,
    );
  }

  onApplicationBootstrap(): void {
    this.schedule.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.schedule.stop();
  }

  /** One round: a checkpoint for every tenant whose chain grew since its last one. */
  async makeDue(now: Date): Promise<SignedCheckpoint[]> {
    const made: SignedCheckpoint[] = [];
    for (const head of await this.store.log.heads(this.store.sql)) {
      const checkpoint = await this.make(this.store.sql, head.tenantId, now);
      if (checkpoint) made.push(checkpoint);
    }
    return made;
  }

  /** Signs the tenant's head now (if it grew), keeps and publishes it. */
  async make(q: SqlQueryable, tenantId: string, now: Date): Promise<SignedCheckpoint | undefined> {
    const head = await this.store.log.head(q, tenantId);
    if (!head || head.seq === 0) return undefined;
    const [last] = await this.store.log.checkpoints(q, tenantId, 1);
    if (last && !(await this.grewSince(q, tenantId, last.seq))) return undefined;
    const checkpoint = signCheckpoint(
      { tenant: tenantId, seq: head.seq, count: head.seq, head: head.hash, at: now.toISOString() },
      this.store.secrets.checkpointKey,
    );
    if (!(await this.store.log.keepCheckpoint(q, checkpoint))) return undefined;
    const event = newEvent(AuditCheckpointSigned, {
      id: derivedEventId(`audit-checkpoint:${tenantId}:${head.seq}`),
      subject: auditSubject(tenantId),
      tenantid: tenantId,
      source: '/baton/audit',
      data: checkpoint,
    });
    await this.bus.publish(topics.audit, [{ key: event.subject, value: JSON.stringify(event) }]);
    this.logger.info({ service: 'audit', tenantId, seq: head.seq, keyId: checkpoint.keyId }, 'audit checkpoint signed');
    return checkpoint;
  }

  private async grewSince(q: SqlQueryable, tenantId: string, seq: number): Promise<boolean> {
    const { rows } = await q.query(
      'SELECT 1 FROM audit_records WHERE tenant_id = $1 AND seq > $2 AND event_type <> $3 LIMIT 1',
      [tenantId, seq, AuditCheckpointSigned.type],
    );
    return rows.length > 0;
  }
}
