import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { deadLetterTopic, parseEnvelope, type CloudEvent } from '@baton/contracts';
import type { BusConsumer, Delivery, EventBus } from '../event-bus.port';
import { deadLetterHeaders, startEventConsumer } from '../event-consumer';
import type { Inbox } from '../inbox';

export interface EventBusFixture {
  /** Opens a bus; a second call opens another client (another process, for Kafka; a restart on the same log, in-process). */
  open(): Promise<EventBus>;
  createTopic(name: string): Promise<void>;
  inbox: Inbox;
  /** How the bus loses its broker for a while: Kafka takes brokers down, the in-process bus restarts on its log. */
  outage: { kind: 'brokers-down' | 'restart'; begin(bus: EventBus): Promise<void>; end(): Promise<void> };
  teardown(): Promise<void>;
}

const quiet = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually(check: () => boolean, ms = 20_000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(20);
  }
}
const anEvent = (subject: string, n: number, id: string = randomUUID()): CloudEvent => ({
  specversion: '1.0', id, type: 'baton.test.thing.happened.v1', source: '/baton/test', subject, time: new Date().toISOString(),
  tenantid: 't1', correlationid: id, data: { n },
});
const message = (event: CloudEvent) => ({ key: event.subject, value: JSON.stringify(event) });
const n = (d: Delivery) => (JSON.parse(d.value.toString()) as CloudEvent<string, { n: number }>).data.n;

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
      track(await bus.subscribe({ groupId: group, topics: [topic], handle: async (d) => { got.set(d.key, [...(got.get(d.key) ?? []), n(d)]); } }));
      for (let i = 0; i < 20; i++) await bus.publish(topic, keys.map((k) => message(anEvent(k, i))));
      await eventually(() => [...got.values()].reduce((s, v) => s + v.length, 0) >= 200, 20_000, '200 deliveries');
      for (const key of keys) expect(got.get(key)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    });

    it('shares partitions between the members of a group', async () => {
      const byMember: number[][] = [[], []];
      const members = [];
      for (const member of [0, 1]) {
        members.push(track(await bus.subscribe({ groupId: group, topics: [topic], handle: async (d) => { byMember[member]!.push(n(d)); } })));
      }
      // A Kafka group settles in seconds; both members hold partitions before anything is published.
      await Promise.all(members.map((m) => m.assigned()));
      await bus.publish(topic, Array.from({ length: 100 }, (_, i) => message(anEvent(`conversation-${i}`, i))));
      await eventually(() => new Set([...byMember[0]!, ...byMember[1]!]).size === 100, 45_000, `all 100 delivered (got ${byMember[0]!.length} + ${byMember[1]!.length})`);
      expect(byMember[0]!.length).toBeGreaterThan(0);
      expect(byMember[1]!.length).toBeGreaterThan(0);
    });

    it('redelivers what a crashed consumer had not committed', async () => {
      const handledByFirst: number[] = [];
      let release!: () => void;
      const stuck = new Promise<void>((r) => (release = r));
      const first = track(await bus.subscribe({
        groupId: group, topics: [topic],
        handle: async (d) => {
          if (n(d) === 5) await stuck; // crashes while handling message 5
          handledByFirst.push(n(d));
        },
      }));
      await bus.publish(topic, Array.from({ length: 10 }, (_, i) => message(anEvent('conversation-one', i))));
      await eventually(() => handledByFirst.length === 5, 20_000, 'first five handled');
      const killing = first.kill();
      release();
      await killing;
      const second: number[] = [];
      const other = await openBus();
      track(await other.subscribe({ groupId: group, topics: [topic], handle: async (d) => { second.push(n(d)); } }));
      await eventually(() => second.includes(9), 30_000, 'the rest redelivered');
      // Nothing is lost: message 5 onwards reaches the new member (earlier ones may come again: at-least-once).
      expect(second.filter((x) => x >= 5)).toEqual([5, 6, 7, 8, 9]);
    });

    it('commits what was processed on a graceful stop, so a restart does not see it again', async () => {
      const first: number[] = [];
      const consumer = await bus.subscribe({ groupId: group, topics: [topic], handle: async (d) => { first.push(n(d)); } });
      await bus.publish(topic, Array.from({ length: 20 }, (_, i) => message(anEvent('conversation-one', i))));
      await eventually(() => first.length === 20, 20_000, '20 handled');
      await consumer.stop();
      await bus.publish(topic, [message(anEvent('conversation-one', 20))]);
      const second: number[] = [];
      const other = await openBus();
      track(await other.subscribe({ groupId: group, topics: [topic], handle: async (d) => { second.push(n(d)); } }));
      await eventually(() => second.includes(20), 30_000, 'the new message');
      expect(second).toEqual([20]);
    });

    it('retries a delivery whose handler fails, without skipping it', async () => {
      let failures = 0;
      const got: number[] = [];
      track(await bus.subscribe({
        groupId: group, topics: [topic], retryDelayMs: () => 20,
        handle: async (d) => {
          if (n(d) === 1 && failures < 3) {
            failures++;
            throw new Error('database unavailable');
          }
          got.push(n(d));
        },
      }));
      await bus.publish(topic, [0, 1, 2].map((i) => message(anEvent('conversation-one', i))));
      await eventually(() => got.length === 3, 20_000, 'all three');
      expect(got).toEqual([0, 1, 2]);
      expect(failures).toBe(3);
    });

    it('drops a duplicate event id through the durable inbox, across a restart', async () => {
      const handled: string[] = [];
      const start = (b: EventBus) => startEventConsumer(b, {
        service: 'test', groupId: group, topics: [topic], parse: (v) => parseEnvelope(v), inbox: fixture.inbox, logger: quiet,
        handle: async (e) => { handled.push(e.id); },
      });
      const first = await start(bus);
      const event = anEvent('conversation-one', 1);
      await bus.publish(topic, [message(event), message(event)]);
      await bus.publish(topic, [message(anEvent('conversation-one', 2))]);
      await eventually(() => handled.length === 2, 20_000, 'two distinct handled');
      await first.stop();
      const other = await openBus();
      track(await start(other));
      await other.publish(topic, [message(event), message(anEvent('conversation-one', 3))]);
      await eventually(() => handled.length === 3, 30_000, 'the new one handled');
      await sleep(200);
      expect(handled.filter((id) => id === event.id)).toHaveLength(1);
      expect(handled).toHaveLength(3);
    });

    it('dead-letters an invalid payload with the reason and keeps the partition flowing', async () => {
      const handled: number[] = [];
      const dead: Delivery[] = [];
      track(await bus.subscribe({ groupId: `${group}-dlq`, topics: [deadLetterTopic('test')], handle: async (d) => { if (d.headers[deadLetterHeaders.sourceTopic] === topic) dead.push(d); } }));
      track(await startEventConsumer(bus, {
        service: 'test', groupId: group, topics: [topic], parse: (v) => parseEnvelope(v), inbox: fixture.inbox, logger: quiet,
        handle: async (e) => { handled.push((e.data as { n: number }).n); },
      }));
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
      track(await bus.subscribe({ groupId: group, topics: [topic], handle: async (d) => { got.add(n(d)); } }));
      await bus.publish(topic, Array.from({ length: 50 }, (_, i) => message(anEvent(`conversation-${i % 5}`, i))));
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
        track(await restarted.subscribe({ groupId: group, topics: [topic], handle: async (d) => { got.add(n(d)); } }));
      }
      await eventually(() => got.size === 100, 60_000, 'all 100 after the outage');
      expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    });
  });
}
