import { Controller, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HumanTookOver, newEvent, topics, type EventOf } from '@baton/contracts';
import { busMessage, type EventBus } from '@baton/event-bus';
import type { Sql } from '@baton/sql';
import { eventually } from '@baton/testing';
import { OnEvent } from './baton-transport';
import { EVENT_BUS, SQL } from './runtime.module';
import { startForTest } from './testing';

const tookOver = newEvent(HumanTookOver, {
  subject: '0b9f7c52-3d7e-4c64-9a57-0f6f0c1f5d11',
  tenantid: 't1',
  source: '/baton/conversation-state',
  data: {
    repId: 'rep-7',
    repName: 'Dana',
    actor: { kind: 'rep', id: 'rep-7' },
    cause: 'rep claimed the conversation',
    at: '2026-03-02T15:00:00.000Z',
  },
});

/** A service whose start-up publishes an event and only then, a moment later, creates the table its handler writes. */
@Injectable()
class SlowStartUp implements OnModuleInit {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(EVENT_BUS) private readonly bus: EventBus,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.publish(topics.conversations, [busMessage(tookOver)]);
    await new Promise((r) => setTimeout(r, 300));
    await this.sql.exec('CREATE TABLE start_up_probes (event_id text PRIMARY KEY)');
  }
}

@Controller()
class ProbeHandlers {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  @OnEvent('start-up-probe', HumanTookOver)
  async onProbe(@Payload() event: EventOf<typeof HumanTookOver>) {
    await this.sql.query('INSERT INTO start_up_probes (event_id) VALUES ($1) ON CONFLICT DO NOTHING', [event.id]);
  }
}

@Module({ providers: [SlowStartUp], controllers: [ProbeHandlers] })
class ProbeModule {}

describe('starting a service', () => {
  it('keeps an event that meets a table its service has not created yet until the migration runs, never dead-lettering it', async () => {
    const service = await startForTest([{ name: 'start-up-probe', modules: [ProbeModule] }]);
    try {
      const { rows } = await eventually(
        async () => {
          const result = await service.connections.sql.query<{ event_id: string }>(
            'SELECT event_id FROM start_up_probes',
          );
          return result.rows.length > 0 && result;
        },
        'the probe recorded by its handler',
        10_000,
      );
      expect(rows).toEqual([{ event_id: tookOver.id }]);
    } finally {
      await service.cleanup();
    }
  });
});
