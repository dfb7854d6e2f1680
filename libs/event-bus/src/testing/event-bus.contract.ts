import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { deadLetterTopic, InvalidEvent, parseEnvelope, type CloudEvent } from '@baton/contracts';
import { DomainError } from '@baton/decider';
import type { Sql } from '@baton/sql';
import { eventually as waitFor } from '@baton/testing';
import { typeHeader, type BusConsumer, type Delivery, type EventBus, type SubscribeOptions } from '../event-bus.port';
import { busMessage, deadLetterHeaders, startEventConsumer, type EventConsumerOptions } from '../event-consumer';

export interface EventBusFixture {
  /** Opens a bus; a second call opens another client (another process, for Kafka; a restart on the same log, in-process). */
  open(): Promise<EventBus>;
  createTopic(name: string): Promise<void>;
  /** The consuming service's database (the in-process bus keeps its log there too). */
  sql: Sql;
  /** How the bus loses its broker for a while: Kafka takes brokers down, the in-process bus restarts on its log. */
  outage: { kind: 'brokers-down' | 'restart'; begin(bus: EventBus): Promise<void>; end(): Promise<void> };
  teardown(): Promise<void>;
}

const quiet = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const eventually = (check: () => boolean, ms = 20_000, what = 'condition') => waitFor(check, { what, timeoutMs: ms });
const anEvent = (subject: string, n: number, id: string = randomUUID()): CloudEvent => ({
  specversion: '1.0',
  id,
  type: 'baton.test.thing.happened.v1',
  source: '/baton/test',
  subject,
  time: new Date().toISOString(),
  tenantid: 't1',
  correlationid: id,
  data: { n },
});
const message = (event: CloudEvent) => busMessage(event);
const n = (d: Delivery) => (JSON.parse(d.value.toString()) as CloudEvent<string, { n: number }>).data.n;
/** A plain subscriber: each delivery of a batch in turn. */
const each = (handle: (d: Delivery) => Promise<void>): Pick<SubscribeOptions, 'handleBatch'> => ({
  handleBatch: async (batch) => {
    for (const d of batch.deliveries) await handle(d);
  },
});
class Refused extends DomainError {
  readonly code = 'test-refused';
}

/** The behaviour every EventBus adapter must have, and the consuming rules every service gets through startEventConsumer. */
export function eventBusContract(adapter: string, setup: () => Promise<EventBusFixture>): void {
  describe(`EventBus contract (${adapter})`, () => {
    let fixture: EventBusFixture;
    let bus: EventBus;
    let topic: string;
    let group: string;
    const consumers: BusConsumer[] = [];
    const buses: EventBus[] = [];
    const openBus = async () => {
      const b = await fixture.open();
      buses.push(b);
      return b;
    };
    const track = (c: BusConsumer) => {
      consumers.push(c);
      return c;
    };

    beforeAll(async () => {
      fixture = await setup();
    });
    afterAll(async () => fixture.teardown());
    beforeEach(async () => {
      topic = `baton.test.${randomUUID().slice(0, 8)}`;
      group = `group-${randomUUID().slice(0, 8)}`;
      await fixture.createTopic(topic);
      bus = await openBus();
    });
    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.stop().catch(() => undefined)));
      await Promise.all(buses.splice(0).map((b) => b.close().catch(() => undefined)));
    });

    it('keeps per-key order', async () => {
      const keys = Array.from({ length: 10 }, (_, i) => `conversation-${i}`);
      const got = new Map<string, number[]>();
      track(
        await bus.subscribe({
          groupId: group,
          topics: [topic],
          ...each(async (d) => {
            got.set(d.key, [...(got.get(d.key) ?? []), n(d)]);
          }),
        }),
      );
      for (let i = 0; i < 20; i++)
        await bus.publish(
          topic,
          keys.map((k) => message(anEvent(k, i))),
        );
      await eventually(() => [...got.values()].reduce((s, v) => s + v.length, 0) >= 200, 20_000, '200 deliveries');
      for (const key of keys) expect(got.get(key)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('shares partitions between the members of a group', async () => {
      const byMember: number[][] = [[], []];
      const members = [];
      for (const member of [0, 1]) {
        members.push(
          track(
            await bus.subscribe({
              groupId: group,
              topics: [topic],
              ...each(async (d) => {
                byMember[member]!.push(n(d));
              }),
            }),
          ),
        );
      }
      // A Kafka group settles in seconds; both members hold partitions before anything is published.
      await Promise.all(members.map((m) => m.assigned()));
      await bus.publish(
        topic,
        Array.from({ length: 100 }, (_, i) => message(anEvent(`conversation-${i}`, i))),
      );
      await eventually(
        () => new Set([...byMember[0]!, ...byMember[1]!]).size === 100,
        45_000,
        `all 100 delivered (got ${byMember[0]!.length} + ${byMember[1]!.length})`,
      );
      expect(byMember[0]!.length).toBeGreaterThan(0);
      expect(byMember[1]!.length).toBeGreaterThan(0);
    });

    it('redelivers what a crashed consumer had not committed', async () => {
      const handledByFirst: number[] = [];
      let release!: () => void;
      const stuck = new Promise<void>((r) => (release = r));
      const first = track(
        await bus.subscribe({
          groupId: group,
          topics: [topic],
          ...each(async (d) => {
            if (n(d) === 5) await stuck; // crashes while handling message 5
            handledByFirst.push(n(d));
          }),
        }),
      );
      await bus.publish(
        topic,
        Array.from({ length: 10 }, (_, i) => message(anEvent('conversation-one', i))),
      );
      await eventually(() => handledByFirst.length === 5, 20_000, 'first five handled');
      const killing = first.kill();
      release();
      await killing;
      const second: number[] = [];
      const other = await openBus();
      track(
        await other.subscribe({
          groupId: group,
          topics: [topic],
          ...each(async (d) => {
            second.push(n(d));
          }),
        }),
      );
      await eventually(() => second.includes(9), 30_000, 'the rest redelivered');
      // Nothing is lost: message 5 onwards reaches the new member (earlier ones may come again: at-least-once).
      expect(second.filter((x) => x >= 5)).toEqual([5, 6, 7, 8, 9]);
    });

    it('commits what was processed on a graceful stop, so a restart does not see it again', async () => {
      const first: number[] = [];
      const consumer = await bus.subscribe({
        groupId: group,
        topics: [topic],
        ...each(async (d) => {
          first.push(n(d));
        }),
      });
      await bus.publish(
        topic,
        Array.from({ length: 20 }, (_, i) => message(anEvent('conversation-one', i))),
      );
      await eventually(() => first.length === 20, 20_000, '20 handled');
      await consumer.stop();
      await bus.publish(topic, [message(anEvent('conversation-one', 20))]);
      const second: number[] = [];
      const other = await openBus();
      track(
        await other.subscribe({
          groupId: group,
          topics: [topic],
          ...each(async (d) => {
            second.push(n(d));
          }),
        }),
      );
      await eventually(() => second.includes(20), 30_000, 'the new message');
      expect(second).toEqual([20]);
    });

    it('keeps no offsets for an ephemeral group: each join starts at the end, and what came while it was away never comes', async () => {
      const subscribeEphemeral = (on: EventBus, seen: number[]) =>
        on.subscribe({
          groupId: group,
          topics: [topic],
          ephemeral: true,
          ...each(async (d) => {
            seen.push(n(d));
          }),
        });
      // Kafka finds the end when it first fetches, after the join: publish again until the member reads one.
      const publishUntilRead = async (on: EventBus, value: number, seen: number[]) => {
        for (const deadline = Date.now() + 30_000; !seen.includes(value); await sleep(250)) {
          if (Date.now() > deadline) throw new Error(`never read ${value}`);
          await on.publish(topic, [message(anEvent('conversation-one', value))]);
        }
      };
      await bus.publish(topic, [message(anEvent('conversation-one', 0))]);
      const first: number[] = [];
      const consumer = await subscribeEphemeral(bus, first);
      await consumer.assigned();
      await publishUntilRead(bus, 1, first);
      await consumer.stop();
      await bus.publish(topic, [message(anEvent('conversation-one', 2))]);
      const second: number[] = [];
      const other = await openBus();
      track(await subscribeEphemeral(other, second));
      await publishUntilRead(other, 3, second);
      expect(first).not.toContain(0);
      expect(new Set(second)).toEqual(new Set([3]));
    });

    it('offers a batch whose handler fails again, without skipping it', async () => {
      let failures = 0;
      const got: number[] = [];
      track(
        await bus.subscribe({
          groupId: group,
          topics: [topic],
          retryDelayMs: () => 20,
          ...each(async (d) => {
            if (n(d) === 1 && failures < 3) {
              failures++;
              throw new Error('database unavailable');
            }
            got.push(n(d));
          }),
        }),
      );
      await bus.publish(
        topic,
        [0, 1, 2].map((i) => message(anEvent('conversation-one', i))),
      );
      await eventually(() => got.includes(2), 20_000, 'all three');
      // The batch comes again from its start (handlers are idempotent), in order, and nothing is skipped.
      expect([...new Set(got)]).toEqual([0, 1, 2]);
      expect(failures).toBe(3);
    });

    const consume = (b: EventBus, handle: EventConsumerOptions['handle'], extra: Partial<EventConsumerOptions> = {}) =>
      startEventConsumer(b, {
        service: 'test',
        groupId: group,
        topics: [topic],
        parse: (v) => parseEnvelope(v),
        sql: fixture.sql,
        logger: quiet,
        retryDelayMs: () => 20,
        handle,
        ...extra,
      });
    const deadLetters = async () => {
      const dead: Delivery[] = [];
      track(
        await bus.subscribe({
          groupId: `${group}-dlq`,
          topics: [deadLetterTopic('test')],
          ...each(async (d) => {
            if (d.headers[deadLetterHeaders.sourceTopic] === topic) dead.push(d);
          }),
        }),
      );
      return dead;
    };

    it("commits a batch's writes as one transaction: a failure rolls the batch back, and each event is then taken alone", async () => {
      const table = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await fixture.sql.exec(`CREATE TABLE ${table} (n int NOT NULL)`);
      let failed = false;
      track(
        await consume(bus, async (e, context) => {
          const value = (e.data as { n: number }).n;
          // One write through the batch's transaction, one through the database itself: both join it.
          await context.tx.query(`INSERT INTO ${table} VALUES ($1)`, [value]);
          await fixture.sql.query(`INSERT INTO ${table} VALUES ($1)`, [value + 100]);
          if (value === 3 && !failed) {
            failed = true;
            throw new Error('connection reset');
          }
        }),
      );
      await bus.publish(
        topic,
        [1, 2, 3, 4].map((i) => message(anEvent('conversation-one', i))),
      );
      await eventually(() => failed, 20_000, 'the failure');
      const rows = async () =>
        (await fixture.sql.query<{ n: number }>(`SELECT n FROM ${table} ORDER BY n`)).rows.map((r) => r.n);
      for (let i = 0; i < 200 && (await rows()).length < 8; i++) await sleep(50);
      expect(await rows()).toEqual([1, 2, 3, 4, 101, 102, 103, 104]); // each once: the failed attempt left nothing
    });

    it('publishes within the batch: what a failed attempt published never appears, the retry publishes once', async () => {
      const out = `${topic}.out`;
      await fixture.createTopic(out);
      const seen: number[] = [];
      track(
        await bus.subscribe({
          groupId: `${group}-out`,
          topics: [out],
          ...each(async (d) => {
            seen.push(n(d));
          }),
        }),
      );
      let attempts = 0;
      track(
        await consume(bus, async (e, context) => {
          context.publish(out, [anEvent(e.subject, (e.data as { n: number }).n * 10, e.id)]);
          if (++attempts === 1) throw new Error('the provider timed out');
        }),
      );
      await bus.publish(topic, [message(anEvent('conversation-one', 4))]);
      await eventually(() => seen.length > 0 && attempts >= 2, 20_000, 'the published event');
      await sleep(300);
      expect(seen).toEqual([40]);
    });

    it('dead-letters at once what can never succeed, acknowledges a refusal, and keeps the partition flowing', async () => {
      const dead = await deadLetters();
      const handled: number[] = [];
      let attemptsAtBad = 0;
      const started = Date.now();
      track(
        await consume(
          bus,
          async (e, context) => {
            const value = (e.data as { n: number }).n;
            if (value === 1) {
              attemptsAtBad++;
              await context.tx.query('SELECT $1::int', ['not a number']); // 22P02: bad data, permanent
            }
            if (value === 2) throw new InvalidEvent('repName is over 100 characters');
            if (value === 3) throw new Refused('hand-back needs a rep in charge');
            handled.push(value);
          },
          { retryDelayMs: () => 5_000 },
        ),
      );
      await bus.publish(
        topic,
        [0, 1, 2, 3, 4].map((i) => message(anEvent('conversation-one', i))),
      );
      await eventually(
        () => handled.includes(4) && dead.length === 2,
        20_000,
        'the good ones handled, two dead-lettered',
      );
      expect([...new Set(handled)]).toEqual([0, 4]); // 0 twice: in the rolled-back batch, then alone
      expect(attemptsAtBad).toBe(2); // once in the batch, once alone: never retried with backoff
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(dead.map((d) => d.headers[deadLetterHeaders.reason])).toEqual([
        expect.stringMatching(/22P02/),
        'repName is over 100 characters',
      ]);
    });

    it('passes over the types a group does not handle by their header, without parsing them', async () => {
      let parsed = 0;
      const handled: number[] = [];
      track(
        await consume(
          bus,
          async (e) => {
            handled.push((e.data as { n: number }).n);
          },
          {
            accepts: (_topic, type) => type === 'baton.test.thing.happened.v1',
            parse: (v) => {
              parsed++;
              return parseEnvelope(v);
            },
          },
        ),
      );
      const other = { ...anEvent('conversation-one', 99), type: 'baton.test.other.happened.v1' };
      await bus.publish(topic, [
        message(other),
        message(anEvent('conversation-one', 1)),
        { ...message(other), headers: { [typeHeader]: other.type } },
      ]);
      await eventually(() => handled.length === 1, 20_000, 'the handled type');
      expect(handled).toEqual([1]);
      expect(parsed).toBe(1);
    });

    it('dead-letters an invalid payload with the reason and keeps the partition flowing', async () => {
      const handled: number[] = [];
      const dead = await deadLetters();
      track(
        await consume(bus, async (e) => {
          handled.push((e.data as { n: number }).n);
        }),
      );
      await bus.publish(topic, [
        { key: 'conversation-one', value: 'not json at all' },
        { key: 'conversation-one', value: JSON.stringify({ ...anEvent('conversation-one', 0), specversion: '0.3' }) },
        message(anEvent('conversation-one', 7)),
      ]);
      await eventually(() => handled.length === 1 && dead.length === 2, 30_000, 'one handled, two dead-lettered');
      expect(handled).toEqual([7]);
      expect(dead[0]!.headers[deadLetterHeaders.reason]).toMatch(/not JSON/);
      expect(dead[1]!.headers[deadLetterHeaders.reason]).toMatch(/specversion/);
      expect(dead[0]!.value.toString()).toBe('not json at all');
      expect(dead[0]!.headers[deadLetterHeaders.group]).toBe(group);
    });

    it('loses nothing when the broker goes away and comes back', async () => {
      const got = new Set<number>();
      track(
        await bus.subscribe({
          groupId: group,
          topics: [topic],
          ...each(async (d) => {
            got.add(n(d));
          }),
        }),
      );
      await bus.publish(
        topic,
        Array.from({ length: 50 }, (_, i) => message(anEvent(`conversation-${i % 5}`, i))),
      );
      await eventually(() => got.size === 50, 20_000, 'first 50');
      const more = Array.from({ length: 50 }, (_, i) => message(anEvent(`conversation-${i % 5}`, 50 + i)));
      if (fixture.outage.kind === 'brokers-down') {
        await fixture.outage.begin(bus);
        const publishing = bus.publish(topic, more); // retried until the brokers answer again
        await sleep(3000);
        await fixture.outage.end();
        await publishing;
      } else {
        // The embedded bus has no broker to lose: the process stops with messages not yet consumed, and starts again.
        await bus.publish(topic, more);
        await fixture.outage.begin(bus);
        await fixture.outage.end();
        const restarted = await openBus();
        track(
          await restarted.subscribe({
            groupId: group,
            topics: [topic],
            ...each(async (d) => {
              got.add(n(d));
            }),
          }),
        );
      }
      await eventually(() => got.size === 100, 60_000, 'all 100 after the outage');
      expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    });
  });
}
