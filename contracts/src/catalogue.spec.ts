import { randomUUID } from 'node:crypto';
import {
  allTopics,
  definitionFor,
  eventCatalogue,
  eventsOnTopic,
  HumanTookOver,
  InvalidEvent,
  MessageReceived,
  newEvent,
  OutboundRequested,
  parseCatalogued,
  parseEvent,
  SignalDetected,
  topics,
} from './index';

const received = () =>
  newEvent(MessageReceived, {
    subject: 'c-1',
    tenantid: 't1',
    source: '/baton/channel-gateway',
    data: {
      messageId: randomUUID(),
      providerMessageId: 'SM123',
      leadPhone: '+15125550100',
      batonNumber: '+15125550199',
      channel: 'sms',
      body: 'hi',
      receivedAt: new Date().toISOString(),
    },
  });

describe('the event catalogue', () => {
  it('names every event baton.<area>.<name>.v<major>, once, on a known topic', () => {
    expect(eventCatalogue.length).toBeGreaterThanOrEqual(35);
    for (const definition of eventCatalogue) {
      expect(definition.type).toMatch(/^baton\.[a-z-]+(\.[a-z-]+)+\.v\d+$/);
      expect(allTopics).toContain(definition.topic);
      expect(definitionFor(definition.type)).toBe(definition);
    }
    expect(new Set(eventCatalogue.map((d) => d.type)).size).toBe(eventCatalogue.length);
  });

  it('covers the design catalogue on each topic', () => {
    const names = (topic: (typeof allTopics)[number]) => eventsOnTopic(topic).map((d) => d.type);
    expect(names(topics.messages)).toEqual(
      expect.arrayContaining([
        'baton.messages.message.received.v1',
        'baton.messages.message.sent.v1',
        'baton.messages.message.blocked.v1',
        'baton.messages.message.delivery-updated.v1',
      ]),
    );
    expect(names(topics.conversations)).toEqual(
      expect.arrayContaining(
        [
          'conversation.started',
          'signal.recorded',
          'handoff.triggered',
          'turn.granted',
          'human.took-over',
          'ai.paused',
          'ai.resumed',
          'handed-back',
          'opted-out',
          'opted-in',
          'meeting.linked',
          'conversation.closed',
        ].map((n) => `baton.conversations.${n}.v1`),
      ),
    );
    for (const topic of allTopics) expect(names(topic).length).toBeGreaterThan(0);
  });

  it('builds and reads back a valid event', () => {
    const event = received();
    expect(event).toMatchObject({
      specversion: '1.0',
      type: MessageReceived.type,
      subject: 'c-1',
      correlationid: event.id,
    });
    expect(parseEvent(MessageReceived, JSON.stringify(event))).toEqual(event);
    expect(parseEvent(MessageReceived, Buffer.from(JSON.stringify(event)))).toEqual(event);
    expect(parseCatalogued(event)).toEqual(event);
  });

  it('carries the correlation of its cause', () => {
    const cause = received();
    const next = newEvent(SignalDetected, {
      subject: 'c-1',
      tenantid: 't1',
      source: '/baton/signal-detector',
      cause,
      data: {
        messageId: cause.data.messageId,
        message: {
          text: cause.data.body,
          receivedAt: cause.data.receivedAt,
          leadPhone: cause.data.leadPhone,
          batonNumber: cause.data.batonNumber,
          channel: 'sms',
          recent: [],
        },
        detections: [],
        engine: 'rules',
      },
    });
    expect(next).toMatchObject({ causationid: cause.id, correlationid: cause.correlationid });
  });

  it('requires who, why and when on every conversation fact', () => {
    const base = { subject: 'c-1', tenantid: 't1', source: '/baton/conversation-state' };
    expect(() => newEvent(HumanTookOver, { ...base, data: { repId: 'rep-7' } as never })).toThrow(/actor/);
    expect(
      newEvent(HumanTookOver, {
        ...base,
        data: {
          repId: 'rep-7',
          actor: { kind: 'rep', id: 'rep-7' },
          cause: 'rep claimed',
          at: new Date().toISOString(),
        },
      }).data.repId,
    ).toBe('rep-7');
  });

  describe('refuses what breaks the contract, saying why', () => {
    const reason = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidEvent);
        return (error as InvalidEvent).reason;
      }
      throw new Error('accepted');
    };
    it('a different type', () =>
      expect(reason(() => parseEvent(OutboundRequested, received()))).toMatch(
        /expected baton\.commands\.outbound\.requested\.v1, got baton\.messages\.message\.received\.v1/,
      ));
    it('a missing field', () => {
      const { body: _body, ...data } = received().data;
      expect(reason(() => parseEvent(MessageReceived, { ...received(), data }))).toMatch(/body/);
    });
    it('an extra field', () =>
      expect(reason(() => parseEvent(MessageReceived, { ...received(), extra: 1 }))).toMatch(
        /additional|extra|Unexpected/i,
      ));
    it('a bad uuid', () =>
      expect(reason(() => parseEvent(MessageReceived, { ...received(), id: 'nope' }))).toMatch(/\/id/));
    it('a bad timestamp', () =>
      expect(reason(() => parseEvent(MessageReceived, { ...received(), time: 'yesterday' }))).toMatch(/\/time/));
    it('a bad phone number', () =>
      expect(
        reason(() =>
          parseEvent(MessageReceived, { ...received(), data: { ...received().data, leadPhone: '5551234' } }),
        ),
      ).toMatch(/leadPhone/));
    it('bytes that are not JSON', () =>
      expect(reason(() => parseCatalogued(Buffer.from('{oops')))).toMatch(/not JSON/));
    it('an unknown type', () =>
      expect(reason(() => parseCatalogued({ ...received(), type: 'baton.messages.message.teleported.v1' }))).toBe(
        'unknown event type baton.messages.message.teleported.v1',
      ));
  });
});
