import { GroupWriter, migrate, type Sql } from '@baton/sql';

/**
 * Which events a consumer group has processed, by event id, durable in PostgreSQL: a redelivered or
 * republished event is dropped. Rows are written per committed batch, not per event.
 */
export class Inbox {
  // Batches of every group in this process committing at once share one INSERT.
  private readonly writer = new GroupWriter<{ groupId: string; eventIds: string[] }>(async (batches) => {
    const rows = batches.flatMap((b) => b.eventIds.map((id) => [b.groupId, id] as const));
    await this.sql.query(
      'INSERT INTO bus_inbox (group_id, event_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [rows.map((r) => r[0]), rows.map((r) => r[1])]);
  });

  private constructor(private readonly sql: Sql) {}

  static async open(sql: Sql): Promise<Inbox> {
    await migrate(sql, 'inbox', [{
      version: 1,
      script: `CREATE TABLE bus_inbox (
        group_id text NOT NULL, event_id text NOT NULL, processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, event_id));
        CREATE INDEX bus_inbox_processed_at ON bus_inbox (processed_at);`,
    }]);
    return new Inbox(sql);
  }

  async seen(groupId: string, eventId: string): Promise<boolean> {
    const { rows } = await this.sql.query('SELECT 1 FROM bus_inbox WHERE group_id = $1 AND event_id = $2', [groupId, eventId]);
    return rows.length > 0;
  }

  /** Which of these ids the group already processed: one query for a batch. */
  async seenAmong(groupId: string, eventIds: string[]): Promise<Set<string>> {
    if (eventIds.length === 0) return new Set();
    const { rows } = await this.sql.query<{ event_id: string }>('SELECT event_id FROM bus_inbox WHERE group_id = $1 AND event_id = ANY($2::text[])', [groupId, eventIds]);
    return new Set(rows.map((r) => r.event_id));
  }

  async record(groupId: string, eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.writer.write({ groupId, eventIds });
  }

  /** Forgets ids older than the retention; a redelivery older than that is not expected from Kafka. */
  async purgeOlderThan(days: number): Promise<number> {
    const { rowCount } = await this.sql.query(`DELETE FROM bus_inbox WHERE processed_at < now() - make_interval(days => $1)`, [days]);
    return rowCount;
  }
}
