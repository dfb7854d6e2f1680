import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { defineEvent, newEvent, parseEnvelope, topics, type CloudEvent, type EventOf } from '@baton/contracts';
import { Inbox, InProcessEventBus, KafkaEventBus, type EventBus } from '@baton/event-bus';
import { createTestDatabase, startKafkaMock, type KafkaMock, type TestDatabase } from '@baton/testing';
import { BatonTransport, OnEvent } from './baton-transport';

const Pinged = defineEvent({ type: 'baton.signals.test-pinged.v1', topic: topics.signals, description: 'test', data: Type.Object({ n: Type.Integer() }) });
const received: Record<string, number[]> = { detector: [], auditor: [] };

@Controller()
class TestHandlers {
  @OnEvent('detector', Pinged)
  onPing(@Payload() event: EventOf<typeof Pinged>) {
    received.detector!.push(event.data.n);
  }

  @OnEvent('auditor', topics.signals)
  async onAnySignal(@Payload() event: CloudEvent) {
    received.auditor!.push((event.data as { n: number }).n);
  }
}
@Module({ controllers: [TestHandlers] })
class TestModule {}

const ping = (n: number) => newEvent(Pinged, { data: { n }, subject: 'conversation-1', tenantid: 't1', source: '/baton/test' });
const eventually = async (check: () => boolean, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('not in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(['in-process', 'kafka'] as const)('BatonTransport over the %s bus', (adapter) => {
  let db: TestDatabase;
  let mock: KafkaMock | undefined;
  let bus: EventBus;
  beforeAll(async () => {
    db = await createTestDatabase();
    if (adapter === 'kafka') {
      mock = await startKafkaMock({ brokers: 1, topics: [{ name: topics.signals, partitions: 3 }, { name: 'baton.dlq.detector', partitions: 1 }, { name: 'baton.dlq.auditor', partitions: 1 }] });
      bus = await KafkaEventBus.connect({ brokers: mock.brokers, clientId: 'transport-test' });
    } else {
      bus = await InProcessEventBus.open({ sql: await db.open() });
    }
  });
  afterAll(async () => {
    await bus.close();
    await mock?.stop();
    await db.drop();
  });

  it('routes @OnEvent handlers by event type and by topic, one consumer group per service', async () => {
    received.detector = [];
    received.auditor = [];
    const inbox = await Inbox.open(await db.open());
    const app = await NestFactory.createMicroservice(TestModule, {
      strategy: new BatonTransport({
        bus, inbox, logger: pino({ level: 'silent' }), parse: (v) => parseEnvelope(v),
        topicOf: (type) => (type === Pinged.type ? Pinged.topic : undefined),
      }),
      logger: false,
    });
    await app.listen();
    const events = [1, 2, 3].map(ping);
    await bus.publish(topics.signals, events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })));
    await bus.publish(topics.signals, [{ key: 'conversation-1', value: JSON.stringify(events[0]) }]); // a redelivery
    await eventually(() => received.detector!.length >= 3 && received.auditor!.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    await app.close();
    expect(received.detector).toEqual([1, 2, 3]);
    expect(received.auditor).toEqual([1, 2, 3]);
  });
});
