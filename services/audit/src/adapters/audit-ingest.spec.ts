import { Metrics } from '@baton/service-runtime';
import type { CloudEvent } from '@baton/contracts';
import { events } from '../../test/fixtures';
import { AuditIngest } from './audit-ingest';
import type { AuditStore } from './audit-store';

describe('ingest', () => {
  it('records the rest of a batch when the database refuses one event, and fails only that one', async () => {
    const poison = events.attended('m-poison');
    const written: string[] = [];
    const store = {
      sql: {},
      log: {
        append: async (_sql: unknown, batch: CloudEvent[]) => {
          await new Promise((r) => setTimeout(r, 5));
          if (batch.some((e) => e.id === poison.id)) throw new Error('the database refused it');
          written.push(...batch.map((e) => e.id));
          return { appended: batch };
        },
      },
    } as unknown as AuditStore;
    const ingest = new AuditIngest(store, { BATON_AUDIT_BATCH: 100 } as never, new Metrics());
    const first = events.attended('m-first');
    const good = [events.attended('m-1'), events.attended('m-2')];
    const firstDone = ingest.record(first); // in flight while the next three queue into one batch
    const results = await Promise.allSettled([ingest.record(good[0]!), ingest.record(poison), ingest.record(good[1]!)]);
    expect(await firstDone).toBe(true);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('the database refused it'));
    expect(written).toEqual([first.id, good[0]!.id, good[1]!.id]);
  });
});
