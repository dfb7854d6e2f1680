import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process; every service's counters carry its name. */
export class Metrics {
  readonly registry = new Registry();
  readonly consumed: Counter<'service' | 'outcome' | 'topic'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.consumed = new Counter({
      name: 'baton_events_consumed_total',
      help: 'Deliveries handled, by service, outcome (processed, duplicate, refused, dead_lettered, retried) and topic',
      labelNames: ['service', 'outcome', 'topic'],
      registers: [this.registry],
    });
  }
}
