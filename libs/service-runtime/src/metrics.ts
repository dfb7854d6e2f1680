import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { PgliteSql, sqlCounters, type Sql } from '@baton/sql';
import { kafkaRequests } from '@baton/event-bus';

/** One registry per process; every service's counters carry its name. */
export class Metrics {
  readonly registry = new Registry();
  readonly consumed: Counter<'service' | 'outcome' | 'topic'>;

  constructor() {
    // The event-loop delay histogram samples every 100 ms, not prom-client's default 10: a timer firing 100 times a
    // second costs an idle process about 3.5 ms of CPU per second (measured here), and a stall still shows in the
    // max, since the sampling timer is late by as much as the loop was blocked.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    this.consumed = new Counter({
      name: 'baton_events_consumed_total',
      help: 'Deliveries handled, by service, outcome (processed, duplicate, refused, dead_lettered, retried) and topic',
      labelNames: ['service', 'outcome', 'topic'],
      registers: [this.registry],
    });
    // What this process asked of its database and brokers, counted on the client (the bench's cost per inbound).
    new Gauge({
      name: 'baton_sql_statements_total',
      help: 'Statements this process sent to its database (queries and scripts, savepoints included; not BEGIN/COMMIT)',
      registers: [this.registry],
      collect() {
        this.set(sqlCounters.statements);
      },
    });
    new Gauge({
      name: 'baton_sql_transactions_total',
      help: 'Transactions this process opened (read-only ones included)',
      registers: [this.registry],
      collect() {
        this.set(sqlCounters.transactions);
      },
    });
    new Gauge({
      name: 'baton_sql_commits_total',
      help: 'Transactions this process committed',
      registers: [this.registry],
      collect() {
        this.set(sqlCounters.commits);
      },
    });
    new Gauge({
      name: 'baton_kafka_requests_total',
      help: 'Requests this process sent to the Kafka brokers, by API (kafkajs instrumentation events)',
      labelNames: ['api'],
      registers: [this.registry],
      collect() {
        for (const [api, n] of kafkaRequests) this.set({ api }, n);
      },
    });
  }

  /**
   * The database's next transaction id: its growth is the number of writing transactions (the commits
   * that cost a WAL flush), database-wide. Read on scrape; it is how the load benchmark counts commits.
   */
  watchDatabase(sql: Sql): void {
    // One embedded session: how long its longest holder kept it, and its longest edge wait, between two scrapes.
    if (sql instanceof PgliteSql) {
      new Gauge({
        name: 'baton_sql_session_peak_ms',
        help: 'Embedded database session, since the last scrape: the longest it was held at once (held) and the longest an edge write waited for it (edge_wait)',
        labelNames: ['what'],
        registers: [this.registry],
        collect() {
          const peaks = sql.session.takePeaks();
          this.set({ what: 'held' }, peaks.heldMs);
          this.set({ what: 'edge_wait' }, peaks.edgeWaitMs);
        },
      });
    }
    new Gauge({
      name: 'baton_db_next_xid',
      help: 'The next transaction id of the database (pg_snapshot_xmax of the current snapshot); its rate is write transactions per second',
      registers: [this.registry],
      async collect() {
        try {
          const { rows } = await sql.query<{ xid: string }>(
            'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid',
          );
          this.set(Number(rows[0]!.xid));
        } catch {
          // an unreachable database shows in /readyz; the gauge keeps its last value
        }
      },
    });
  }
}
