import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { Type } from '@sinclair/typebox';
import pino from 'pino';
import { defineEvent, newEvent, parseEnvelope, topics, type CloudEvent, type EventOf } from '@baton/contracts';
import { busMessage, InProcessEventBus, KafkaEventBus, type EventBus } from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import {
  createTestDatabase,
  eventually as waitFor,
  startKafkaMock,
  type KafkaMock,
  type TestDatabase,
} from '@baton/testing';
import { BatonTransport, OnEvent } from './baton-transport';

const Pinged = defineEvent({
  type: 'baton.signals.test-pinged.v1',
  topic: topics.signals,
  description: 'test',
  data: Type.Object({ n: Type.Integer() }),
});
const received: Record<string, number[]> = { detector: [], auditor: [], notifier: [] };
let notifierFailures = 0;

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

// A second service handling the same type: it must get its own consumer, never ride on the detector's.
@Controller()
class NotifierHandlers {
  @OnEvent('notifier', Pinged)
  onPing(@Payload() event: EventOf<typeof Pinged>) {
    if (event.data.n === 2 && notifierFailures < 2) {
      notifierFailures++;
      throw new Error('the receiver is down');
    }
    received.notifier!.push(event.data.n);
  }
}
@Module({ controllers: [TestHandlers, NotifierHandlers] })
class TestModule {}

const ping = (n: number) =>
  newEvent(Pinged, { data: { n }, subject: 'conversation-1', tenantid: 't1', source: '/baton/test' });
const eventually = (check: () => boolean, ms = 30_000) => waitFor(check, { timeoutMs: ms, intervalMs: 20 });

describe.each(['in-process', 'kafka'] as const)('BatonTransport over the %s bus', (adapter) => {
  let db: TestDatabase;
  let sql: Sql;
  let mock: KafkaMock | undefined;
  let bus: EventBus;
  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.open();
    if (adapter === 'kafka') {
      mock = await startKafkaMock({
        brokers: 1,
        topics: [
          { name: topics.signals, partitions: 3 },
          ...['detector', 'auditor', 'notifier'].map((g) => ({ name: `baton.dlq.${g}`, partitions: 1 })),
        ],
      });
      bus = await KafkaEventBus.connect({ brokers: mock.brokers, clientId: 'transport-test', fetchMaxWaitMs: 100 });
    } else {
      bus = await InProcessEventBus.open({ sql });
    }
  });
  afterAll(async () => {
    await bus.close();
    await mock?.stop();
    await sql.close();
    await db.drop();
  });

  it('routes @OnEvent handlers by type and by topic, each group on a consumer of its own', async () => {
    for (const k of Object.keys(received)) received[k] = [];
    notifierFailures = 0;
    const app = await NestFactory.createMicroservice(TestModule, {
      strategy: new BatonTransport({
        bus,
        sql,
        logger: pino({ level: 'silent' }),
        parse: (v) => parseEnvelope(v),
        retryDelayMs: () => 20,
        topicOf: (type) => (type === Pinged.type ? Pinged.topic : undefined),
      }),
      logger: false,
    });
    await app.listen();
    await bus.publish(topics.signals, [1, 2, 3].map(ping).map(busMessage));
    await eventually(
      () => received.detector!.length >= 3 && received.auditor!.length >= 3 && received.notifier!.includes(3),
    );
    await app.close();
    expect(received.detector).toEqual([1, 2, 3]);
    expect(received.auditor).toEqual([1, 2, 3]);
    // The notifier's failures were retried in its own group: the detector never saw its events again.
    expect(notifierFailures).toBe(2);
    expect(received.notifier!.filter((n) => n !== 1)).toEqual([2, 3]);
  });
});
