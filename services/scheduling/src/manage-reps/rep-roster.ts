import { Inject, Injectable } from '@nestjs/common';
import { RepUpdated, type Presence, type RepBody, type SchedulingPolicyBody } from '@baton/contracts';
import type { Sql } from '@baton/sql';
import { LOGGER, SQL, type Logger } from '@baton/service-runtime';
import { CLOCK, type Clock } from '../adapters/clock';
import { addToOutbox, Outbox } from '../adapters/outbox';
import { policyOf, savePolicy, type SchedulingPolicy } from '../adapters/policies';
import { repUpdatedData } from '../adapters/rep-events';
import { findRep, listReps, removeRep, saveRep, setPresence } from '../adapters/rep-store';
import { schedulingEvent } from '../adapters/scheduling-events';
import { SCHEDULING_CONFIG, type SchedulingConfig } from '../config';
import { repFromBody, UnknownRep, type Rep } from '../domain/rep';

/** Reps and the tenant's scheduling policy; every change of a rep is published (rep.updated) with the write. */
@Injectable()
export class RepRoster {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    private readonly outbox: Outbox,
    @Inject(SCHEDULING_CONFIG) private readonly config: SchedulingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  now(): string {
    return this.clock.now();
  }

  async get(tenantId: string, repId: string): Promise<Rep> {
    const rep = await findRep(this.sql, tenantId, repId);
    if (!rep || rep.removed) throw new UnknownRep(repId);
    return rep;
  }

  list(tenantId: string): Promise<Rep[]> {
    return listReps(this.sql, tenantId);
  }

  async put(tenantId: string, repId: string, body: RepBody): Promise<{ rep: Rep; created: boolean }> {
    return this.write(tenantId, repId, async (tx) => {
      const existing = await findRep(tx, tenantId, repId, { lock: true });
      const rep = await saveRep(
        tx,
        repFromBody(tenantId, repId, body, existing && !existing.removed ? existing : undefined),
      );
      return { rep: rep!, created: !existing || existing.removed };
    });
  }

  async presence(tenantId: string, repId: string, presence: Presence): Promise<Rep> {
    const at = this.clock.now();
    return (
      await this.write(tenantId, repId, async (tx) => {
        const rep = await setPresence(tx, tenantId, repId, presence, at);
        if (!rep) throw new UnknownRep(repId);
        return { rep, created: false };
      })
    ).rep;
  }

  async remove(tenantId: string, repId: string): Promise<void> {
    await this.write(tenantId, repId, async (tx) => {
      const rep = await removeRep(tx, tenantId, repId);
      if (!rep) throw new UnknownRep(repId);
      return { rep, created: false };
    });
  }

  policy(tenantId: string): Promise<SchedulingPolicy> {
    return policyOf(this.sql, tenantId, {
      timezone: this.config.BATON_SCHEDULING_TIMEZONE,
      routing: { strategy: 'round_robin', fallback: 'round_robin' },
      minNoticeMinutes: this.config.BATON_MIN_NOTICE_MINUTES,
      horizonDays: 14,
    });
  }

  async setPolicy(tenantId: string, body: SchedulingPolicyBody): Promise<SchedulingPolicy> {
    await savePolicy(this.sql, tenantId, body);
    return this.policy(tenantId);
  }

  private async write(
    tenantId: string,
    repId: string,
    change: (tx: Parameters<Parameters<Sql['transaction']>[0]>[0]) => Promise<{ rep: Rep; created: boolean }>,
  ) {
    const at = this.clock.now();
    const result = await this.sql.transaction(async (tx) => {
      const done = await change(tx);
      await addToOutbox(tx, [
        schedulingEvent(RepUpdated, {
          tenantId,
          subject: `rep:${repId}`,
          name: `rep:${repId}:${done.rep.revision}`,
          at,
          data: repUpdatedData(done.rep),
        }),
      ]);
      return done;
    });
    void this.outbox.flush();
    this.logger.info(
      { service: 'scheduling', tenantId, repId, revision: result.rep.revision, removed: result.rep.removed },
      'rep updated',
    );
    return result;
  }
}
