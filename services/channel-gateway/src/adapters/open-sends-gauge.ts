import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import type { Sql } from '@baton/sql';
import { Metrics, SQL } from '@baton/service-runtime';

const open = ['awaiting_turn', 'ready', 'sending', 'unknown', 'deferred'] as const;

/**
 * Sends not settled yet, by status, read on scrape: a send stuck in `sending` or `unknown` is one the sweep has
 * still to reconcile with the provider (after a crash, it settles once its call can no longer be in flight).
 */
@Injectable()
export class OpenSendsGauge {
  constructor(@Inject(SQL) sql: Sql, metrics: Metrics) {
    new Gauge({
      name: 'baton_gateway_open_sends',
      help: 'Sends not settled yet (awaiting_turn, ready, sending, unknown, deferred), by status',
      labelNames: ['status'],
      registers: [metrics.registry],
      async collect() {
        try {
          const { rows } = await sql.query<{ status: string; n: string }>(
            `SELECT status, count(*)::text AS n FROM gateway_sends WHERE status = ANY($1::text[]) GROUP BY status`,
            [[...open]],
          );
          for (const status of open) this.set({ status }, Number(rows.find((r) => r.status === status)?.n ?? 0));
        } catch {
          // an unreachable database shows in /readyz; the gauge keeps its last values
        }
      },
    });
  }
}
