import { Inject, Injectable } from '@nestjs/common';
import { definitionFor, type CloudEvent } from '@baton/contracts';
import type { EventBus } from '@baton/event-bus';
import { ambientTransaction, outsideTransactions, type Sql, type SqlQueryable } from '@baton/sql';
import { EVENT_BUS, LOGGER, SQL, type Logger } from '@baton/service-runtime';

/** Writes events in the caller's transaction: they exist exactly when the change that caused them does. */
export async function addToOutbox(tx: SqlQueryable, events: CloudEvent[]): Promise<void> {
  if (events.length === 0) return;
  const topic = (e: CloudEvent) => {
    const found = definitionFor(e.type)?.topic;
    if (!found) throw new Error(`no topic for ${e.type}`);
    return found;
  };
  await tx.query(
    `INSERT INTO scheduling_outbox (event_id, topic, key, value) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT (event_id) DO NOTHING`,
    [events.map((e) => e.id), events.map(topic), events.map((e) => e.subject), events.map((e) => JSON.stringify(e))],
  );
}

/**
 * Publishes what the outbox holds, oldest first, outside any transaction (on PGlite a transaction holds the
 * one session the in-process bus writes through). A crash between publish and mark publishes again: the ids
 * are the same, and every consumer drops a repeat by id.
 */
@Injectable()
export class Outbox {
  private flushing?: Promise<number>;
  private again = false;
  /** The last run failed (the bus away): what it left is tried again soon, not at the next safety round. */
  behind = false;

  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Publishes everything pending; concurrent calls in one process share one run (and ask for another). Called
   * inside a transaction (a consumer batch), it waits for that commit: before it the rows are not there to
   * publish, and a rollback must not leave events out that nothing decided.
   */
  flush(): Promise<number> {
    const open = ambientTransaction(this.sql);
    if (open) {
      open.afterCommit(() => void this.flush());
      return Promise.resolve(0);
    }
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = outsideTransactions(() => this.run()).finally(() => {
      this.flushing = undefined;
      if (this.again) {
        this.again = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  private async run(): Promise<number> {
    let published = 0;
    try {
      for (;;) {
        const { rows } = await this.sql.query<{ seq: string; topic: string; key: string; value: string }>(
          'SELECT seq, topic, key, value FROM scheduling_outbox WHERE published_at IS NULL ORDER BY seq LIMIT 200',
        );
        if (rows.length === 0) {
          this.behind = false;
          return published;
        }
        const byTopic = new Map<string, { key: string; value: string }[]>();
        for (const row of rows)
          byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), { key: row.key, value: row.value }]);
        for (const [topic, messages] of byTopic) await this.bus.publish(topic, messages);
        await this.sql.query('UPDATE scheduling_outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [
          rows.map((r) => r.seq),
        ]);
        published += rows.length;
      }
    } catch (error) {
      this.logger.warn({ service: 'scheduling', err: error }, 'outbox publish failed; will retry');
      this.behind = true;
      return published;
    }
  }

  /** Forgets what was published a day ago. */
  async trim(): Promise<void> {
    await this.sql.query(`DELETE FROM scheduling_outbox WHERE published_at < now() - interval '1 day'`);
  }
}
