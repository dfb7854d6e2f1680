import { randomUUID } from 'node:crypto';
import {
  derivedEventId,
  MessageReceived,
  newEvent,
  parseEvent,
  SignalDetected,
  topics,
  type EventOf,
} from '@baton/contracts';
import { busMessage } from '@baton/event-bus';
import { expectServiceToRun, startForTest } from '@baton/service-runtime/testing';
import { eventually } from '@baton/testing';
import { signalDetectorService } from './service';

describe('signal-detector', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(signalDetectorService));

  it('publishes one signal.detected per lead message, read in context, once however often the message comes', async () => {
    const service = await startForTest([signalDetectorService]);
    try {
      const byId = new Map<string, EventOf<typeof SignalDetected>>();
      await service.connections.bus.subscribe({
        groupId: 'observer',
        topics: [topics.signals],
        handle: async (d) => {
          const signal = parseEvent(SignalDetected, d.value);
          byId.set(signal.id, signal); // readers drop a repeated id
        },
      });
      const conversation = `c-${randomUUID()}`;
      const lead = (body: string, at: string, recent: { author: 'lead' | 'ai'; text: string; at: string }[] = []) =>
        newEvent(MessageReceived, {
          subject: conversation,
          tenantid: 'default',
          source: '/baton/test',
          data: {
            messageId: randomUUID(),
            providerMessageId: `SM${randomUUID()}`,
            leadPhone: '+15125550100',
            batonNumber: '+15125550199',
            channel: 'sms',
            body,
            receivedAt: at,
            recent,
          },
        });
      const first = lead("that rate seems weird, i'm confused", '2026-03-02T15:00:00.000Z');
      // The message carries the thread before it: the detector reads the sentiment across turns from it alone.
      const second = lead('seriously? this is confusing. can I talk to a real person', '2026-03-02T15:01:00.000Z', [
        { author: 'lead', text: first.data.body, at: first.data.receivedAt },
        { author: 'ai', text: 'Rates depend on your credit.', at: '2026-03-02T15:00:30.000Z' },
      ]);
      for (const e of [first, second, second]) await service.connections.bus.publish(topics.messages, [busMessage(e)]);
      await eventually(() => byId.size >= 2, { what: 'two signal events' });
      const seen = [...byId.values()];
      expect(seen.map((s) => s.data.messageId)).toEqual([first.data.messageId, second.data.messageId]);
      // derived from the message event: a redelivery republishes the same id, which readers drop
      expect(seen[1]!.id).toBe(derivedEventId(`signals:${second.id}`));
      expect(seen[1]!.data.message).toMatchObject({ text: second.data.body, recent: second.data.recent });
      // The default engine is the ensemble, and the event names the engine that decided: the rules were sure of
      // this request and this confusion, so the rules decided, not the model behind them.
      expect(seen[1]).toMatchObject({
        causationid: second.id,
        correlationid: second.correlationid,
        data: { engine: 'rules' },
      });
      expect(seen[1]!.data.detections.map((d) => d.detector)).toEqual(['rules', 'rules']);
      expect(seen[0]!.data).toMatchObject({
        engine: 'rules',
        detections: [{ signal: 'sentiment_shift', detector: 'rules' }],
      });
      expect(seen[1]!.data.detections.map((d) => d.signal).sort()).toEqual(['explicit_request', 'sentiment_shift']);
    } finally {
      await service.cleanup();
    }
  });
});
