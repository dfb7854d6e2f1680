import { randomUUID } from 'node:crypto';
import { eventually as waitFor } from '@baton/testing';
import {
  comparePositions,
  PartialDuplicateAppend,
  WrongExpectedRevision,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../index';

export interface EventStoreFixture {
  /** Opens the store; a second call opens a new instance on the same data, as a restart would. */
  open(): Promise<EventStore>;
  teardown(): Promise<void>;
}

const anEvent = (n = 0, type = 'test.happened'): NewEvent => ({
  id: randomUUID(),
  type,
  data: { n },
  metadata: { tenant: 't1' },
});
const events = (count: number) => Array.from({ length: count }, (_, i) => anEvent(i));
async function collect(iterable: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}
const eventually = (check: () => boolean, ms = 10_000) => waitFor(check, { timeoutMs: ms, intervalMs: 10 });

/** The behaviour every EventStore adapter must have. Each test works on its own streams (a fresh prefix). */
export function eventStoreContract(adapter: string, setup: () => Promise<EventStoreFixture>): void {
  describe(`EventStore contract (${adapter})`, () => {
    let fixture: EventStoreFixture;
    let store: EventStore;
    let prefix: string;
    const opened: EventStore[] = [];
    const stream = (name = 'a') => `${prefix}${name}`;
    const reopen = async () => {
      const next = await fixture.open();
      opened.push(next);
      return next;
    };

    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(async () => {
      await fixture.teardown();
    });
    beforeEach(async () => {
      prefix = `conversation-t${randomUUID().slice(0, 8)}-`;
      store = await reopen();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('appends to a new stream and reads it back in order', async () => {
      const result = await store.append(stream(), events(3), 'no_stream');
      expect(result.nextRevision).toBe(2n);
      expect(result.duplicate).toBe(false);
      const read = await collect(store.readStream(stream()));
      expect(read.map((e) => [e.revision, (e.data as { n: number }).n])).toEqual([
        [0n, 0],
        [1n, 1],
        [2n, 2],
      ]);
      expect(read[0]!.metadata).toEqual({ tenant: 't1' });
      expect(read[0]!.streamId).toBe(stream());
    });

    it('refuses an append made at a stale revision and writes nothing', async () => {
      await store.append(stream(), events(2), 'no_stream');
      const stale = store.append(stream(), [anEvent(9)], 0n);
      await expect(stale).rejects.toBeInstanceOf(WrongExpectedRevision);
      await expect(store.append(stream(), [anEvent(9)], 'no_stream')).rejects.toMatchObject({
        actual: 1n,
        expected: 'no_stream',
      });
      await expect(store.append(stream('missing'), [anEvent(9)], 'stream_exists')).rejects.toMatchObject({
        actual: 'no_stream',
      });
      expect((await collect(store.readStream(stream()))).length).toBe(2);
      expect(await collect(store.readStream(stream('missing')))).toEqual([]);
    });

    it('appends at the exact revision and with any', async () => {
      await store.append(stream(), events(1), 'no_stream');
      expect((await store.append(stream(), events(2), 0n)).nextRevision).toBe(2n);
      expect((await store.append(stream(), events(1), 'any')).nextRevision).toBe(3n);
      expect((await store.append(stream(), events(1), 'stream_exists')).nextRevision).toBe(4n);
    });

    it('treats an append of ids the stream already holds as a no-op', async () => {
      const batch = events(2);
      await store.append(stream(), batch, 'no_stream');
      const again = await store.append(stream(), batch, 'no_stream');
      expect(again).toMatchObject({ duplicate: true, nextRevision: 1n });
      expect((await collect(store.readStream(stream()))).length).toBe(2);
      await expect(store.append(stream(), [batch[0]!, anEvent(5)], 'any')).rejects.toBeInstanceOf(
        PartialDuplicateAppend,
      );
      // the same id in another stream is another event
      expect((await store.append(stream('b'), [batch[0]!], 'no_stream')).duplicate).toBe(false);
    });

    it('reads a stream backwards, from a revision, and a limited count', async () => {
      await store.append(stream(), events(1200), 'no_stream');
      const backwards = await collect(store.readStream(stream(), { direction: 'backwards', maxCount: 3 }));
      expect(backwards.map((e) => e.revision)).toEqual([1199n, 1198n, 1197n]);
      const middle = await collect(store.readStream(stream(), { fromRevision: 598n, maxCount: 4 }));
      expect(middle.map((e) => e.revision)).toEqual([598n, 599n, 600n, 601n]);
      const backFrom = await collect(store.readStream(stream(), { direction: 'backwards', fromRevision: 1n }));
      expect(backFrom.map((e) => e.revision)).toEqual([1n, 0n]);
      const all = await collect(store.readStream(stream()));
      expect(all.length).toBe(1200);
      expect(all.every((e, i) => e.revision === BigInt(i))).toBe(true);
    });

    it('reads every stream in one global order that agrees with each stream and with append order', async () => {
      await store.append(stream('a'), events(2), 'no_stream');
      await store.append(stream('b'), events(1), 'no_stream');
      await store.append(stream('a'), events(1), 1n);
      const all = await collect(store.readAll({ streamPrefix: prefix }));
      expect(all.map((e) => `${e.streamId.slice(prefix.length)}@${e.revision}`)).toEqual(['a@0', 'a@1', 'b@0', 'a@2']);
      for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBe(-1);
      const afterSecond = await collect(store.readAll({ streamPrefix: prefix, after: all[1]!.position }));
      expect(afterSecond.map((e) => e.id)).toEqual(all.slice(2).map((e) => e.id));
    });

    it('gives a live subscriber every event once and in order while eight writers append concurrently', async () => {
      const seen: StoredEvent[] = [];
      const subscription = store.subscribeToAll({
        from: 'end',
        streamPrefix: prefix,
        onEvent: async (e) => {
          seen.push(e);
        },
      });
      // 'end' is where the store ends once the subscription has read its start: wait for that, or a busy
      // machine lets the first appends land before it and they are (rightly) not delivered.
      await subscription.caughtUp();
      const writers = Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 25; i++)
          await store.append(stream(`w${w}`), [anEvent(i), anEvent(i)], i === 0 ? 'no_stream' : BigInt(i * 2 - 1));
      });
      await Promise.all(writers);
      await eventually(() => seen.length >= 400);
      await subscription.caughtUp();
      await subscription.stop();
      expect(seen.length).toBe(400);
      expect(new Set(seen.map((e) => e.id)).size).toBe(400);
      for (let i = 1; i < seen.length; i++) expect(comparePositions(seen[i - 1]!.position, seen[i]!.position)).toBe(-1);
      const stored = await collect(store.readAll({ streamPrefix: prefix }));
      expect(seen.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    });

    it('resumes a named subscription after its checkpoint when the store is opened again', async () => {
      const name = `${prefix}relay`;
      await store.append(stream(), events(3), 'no_stream');
      const first: StoredEvent[] = [];
      const sub1 = store.subscribeToAll({
        name,
        from: 'start',
        streamPrefix: prefix,
        onEvent: async (e) => {
          first.push(e);
        },
      });
      await sub1.caughtUp();
      await sub1.stop();
      expect(first.length).toBe(3);
      expect(await store.checkpoint(name)).toEqual(first[2]!.position);

      await store.append(stream(), events(2), 2n);
      const restarted = await reopen();
      const second: StoredEvent[] = [];
      const sub2 = restarted.subscribeToAll({
        name,
        from: 'start',
        streamPrefix: prefix,
        onEvent: async (e) => {
          second.push(e);
        },
      });
      await sub2.caughtUp();
      await sub2.stop();
      expect(second.map((e) => e.revision)).toEqual([3n, 4n]);
    });

    it('hands a batch subscription whole pages in order, and resumes it after the last page it finished', async () => {
      const name = `${prefix}batch`;
      const id = stream();
      await store.append(id, events(5), 'no_stream');
      const pages: StoredEvent[][] = [];
      const sub1 = store.subscribeToAll({
        name,
        from: 'start',
        streamPrefix: prefix,
        onEvents: async (page) => {
          pages.push(page);
        },
      });
      await sub1.caughtUp();
      await sub1.stop();
      const seen = pages.flat().filter((e) => e.streamId === id);
      expect(seen.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      expect(pages.some((p) => p.length > 1)).toBe(true);

      await store.append(id, events(1), 4n);
      const failing = store.subscribeToAll({
        name,
        from: 'start',
        streamPrefix: prefix,
        onEvents: async () => {
          throw new Error('publish failed');
        },
      });
      await expect(failing.caughtUp()).rejects.toThrow('publish failed');
      await failing.stop();
      const again: StoredEvent[] = [];
      const sub2 = store.subscribeToAll({
        name,
        from: 'start',
        streamPrefix: prefix,
        onEvents: async (page) => {
          again.push(...page);
        },
      });
      await sub2.caughtUp();
      await sub2.stop();
      expect(again.filter((e) => e.streamId === id).map((e) => e.revision)).toEqual([5n]); // the failed page comes again, nothing before it
    });

    it('refuses a subscription with both or neither of onEvent and onEvents', () => {
      expect(() => store.subscribeToAll({ streamPrefix: prefix } as never)).toThrow(
        'a subscription takes onEvent or onEvents, one of them',
      );
    });

    it('never stops on a failing handler: it reports each failure and takes the event again, then goes on', async () => {
      await store.append(stream(), events(3), 'no_stream');
      const errors: unknown[] = [];
      const handled: bigint[] = [];
      let failures = 0;
      const sub = store.subscribeToAll({
        from: 'start',
        streamPrefix: prefix,
        onEvent: async (e) => {
          if (e.revision === 1n && failures < 2) {
            failures++;
            throw new Error('handler failed');
          }
          handled.push(e.revision);
        },
        onError: (error) => errors.push(error),
      });
      for (let i = 0; i < 100 && !handled.includes(2n); i++) await new Promise((r) => setTimeout(r, 50));
      await sub.stop();
      expect([...new Set(handled)]).toEqual([0n, 1n, 2n]);
      expect(errors).toHaveLength(2);
    });
  });
}
