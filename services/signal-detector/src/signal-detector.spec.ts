import { randomUUID } from 'node:crypto';
import { derivedEventId, MessageReceived, newEvent, parseEvent, SignalDetected, topics, type EventOf } from '@baton/contracts';
import { expectServiceToRun, startForTest } from '@baton/service-runtime/testing';
import { signalDetectorService } from './service';

describe('signal-detector', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(signalDetectorService));

  it('publishes one signal.detected per lead message, read in context, once however often the message comes', async () => {
    const service = await startForTest([signalDetectorService]);
    try {
      const seen: EventOf<typeof SignalDetected>[] = [];
      await service.connections.bus.subscribe({ groupId: 'observer', topics: [topics.signals], handle: async (d) => { seen.push(parseEvent(SignalDetected, d.value)); } });
      const conversation = `c-${randomUUID()}`;
      const lead = (body: string, at: string) => newEvent(MessageReceived, {
        subject: conversation, tenantid: 'default', source: '/baton/test',
        data: { messageId: randomUUID(), providerMessageId: `SM${randomUUID()}`, leadPhone: '+15125550100', batonNumber: '+15125550199', channel: 'sms', body, receivedAt: at },
      });
      const first = lead("that rate seems weird, i'm confused", '2026-03-02T15:00:00.000Z');
      const second = lead('seriously? this is confusing. can I talk to a real person', '2026-03-02T15:01:00.000Z');
      for (const e of [first, second, second]) await service.connections.bus.publish(topics.messages, [{ key: conversation, value: JSON.stringify(e) }]);
      for (let i = 0; i < 200 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      await new Promise((r) => setTimeout(r, 300));
      expect(seen.map((s) => s.data.messageId)).toEqual([first.data.messageId, second.data.messageId]);
      // derived from the message event: a redelivery that slips past the inbox (a crash before it is recorded) republishes the same id
      expect(seen[1]!.id).toBe(derivedEventId(`signals:${second.id}`));
      expect(seen[1]).toMatchObject({ causationid: second.id, correlationid: second.correlationid, data: { engine: 'rules' } });
      expect(seen[1]!.data.detections.map((d) => d.signal).sort()).toEqual(['explicit_request', 'sentiment_shift']);
    } finally {
      await service.cleanup();
    }
  });
});
