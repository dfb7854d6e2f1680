import { createTestDatabase, startKafkaMock, type KafkaMock, type TestDatabase } from '@baton/testing';
import { allTopics, deadLetterTopic } from '@baton/contracts';
import { startServiceProcess, type ServiceProcess } from '@baton/testing';

const services = [
  'channel-gateway',
  'signal-detector',
  'conversation-state',
  'briefing',
  'scheduling',
  'audit',
  'ai-agent',
];

describe('every service as its own process over Kafka and PostgreSQL', () => {
  let db: TestDatabase;
  let kafka: KafkaMock;
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    kafka = await startKafkaMock({
      brokers: 3,
      topics: [...allTopics, ...services.map(deadLetterTopic)].map((name) => ({ name, partitions: 6 })),
    });
  });
  afterAll(async () => {
    for (const service of running) service.child.kill('SIGKILL');
    await kafka?.stop();
    await db?.drop();
  });

  it('starts each one, reports it ready, and stops it cleanly on SIGTERM', async () => {
    const env = { DATABASE_URL: db.url!, KAFKA_BROKERS: kafka.brokers.join(','), BATON_DATA_DIR: '/tmp/baton-unused' };
    running.push(...(await Promise.all(services.map((name) => startServiceProcess(name, env)))));
    for (const service of running) {
      const ready = await fetch(`${service.url}/readyz`);
      expect({ service: service.name, status: ready.status }).toEqual({ service: service.name, status: 200 });
      expect(service.logs.find((l) => l.msg === 'service started')).toMatchObject({
        process: service.name,
        bus: 'kafka',
        database: 'pg',
      });
    }
    for (const service of running) service.child.kill('SIGTERM');
    const codes = await Promise.all(running.map((s) => s.exited));
    expect(codes).toEqual(services.map(() => 0));
    for (const service of running) expect(service.logs.some((l) => l.msg === 'stopped')).toBe(true);
  });
});
