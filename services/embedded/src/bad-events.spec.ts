import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { deadLetterTopic, eventCatalogue, serviceNames, type CloudEvent } from '@baton/contracts';
import { busMessage, deadLetterHeaders, type Delivery } from '@baton/event-bus';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { anyHour, eventually, FakeTwilio } from '@baton/testing';
import { streamIdOf } from '../../conversation-state/src/domain/conversation.wire';
import { allServices } from './platform';

// Issue 10, defect 13: no consumer or subscription ever stops on one event. The whole platform (one process,
// PGlite) is fed, on every topic, an event of every catalogued type whose data its contract refuses, and the
// conversation-state relay a stored fact it cannot publish. Each is dead-lettered with its cause, and the
// platform goes on: a lead who writes afterwards gets the AI's answer and a handoff.

const authToken = 'bad-events-auth-token-0123456789';
const publicUrl = 'https://baton.bad-events.test';
const batonNumber = '+15125550100';

describe('every consumer and subscription moves past a bad event (defect 13)', () => {
  let baton: TestService;
  let fake: FakeTwilio;
  const saved: Record<string, string | undefined> = {};
  const dead: { group: string; reason: string; type?: string; topic: string }[] = [];

  beforeAll(async () => {
    fake = new FakeTwilio();
    await fake.start();
    const env = {
      TWILIO_ACCOUNT_SID: `AC${'5'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: fake.url,
      BATON_PUBLIC_URL: publicUrl,
      ...anyHour,
    };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    baton = await startForTest(allServices, env);
    await baton.connections.bus.subscribe({
      groupId: 'dead-letter-observer',
      topics: serviceNames.map(deadLetterTopic),
      handle: async (d: Delivery) => {
        let type: string | undefined;
        try {
          type = (JSON.parse(d.value.toString()) as { type?: string }).type;
        } catch {
          type = undefined;
        }
        dead.push({
          group: String(d.headers[deadLetterHeaders.group] ?? ''),
          reason: String(d.headers[deadLetterHeaders.reason] ?? ''),
          type,
          topic: d.topic,
        });
      },
    });
  });
  afterAll(async () => {
    await baton?.cleanup();
    await fake?.stop();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  it('dead-letters, with the cause, an event of every type whose data its contract refuses, and a stored fact the relay cannot publish; then serves a lead as before', async () => {
    const conversation = randomUUID();
    const bad = eventCatalogue
      .map(
        (definition) =>
          ({
            specversion: '1.0',
            id: randomUUID(),
            type: definition.type,
            source: '/baton/test',
            subject: conversation,
            time: new Date().toISOString(),
            tenantid: 'default',
            correlationid: randomUUID(),
            datacontenttype: 'application/json',
            data: { body: 'x'.repeat(50_000), repName: { not: 'text' } },
          }) as CloudEvent,
      )
      .filter((event) => !eventCatalogue.find((d) => d.type === event.type)!.check.Check(event));
    expect(bad.length).toBe(eventCatalogue.length); // every contract refuses it
    for (const event of bad) {
      const topic = eventCatalogue.find((d) => d.type === event.type)!.topic;
      await baton.connections.bus.publish(topic, [busMessage(event)]);
    }
    // A fact in a conversation stream that names no tenant: the relay cannot make it a CloudEvent.
    await baton.connections.eventStore!.append(
      streamIdOf('default', conversation),
      [{ id: randomUUID(), type: 'conversation.started', data: { at: new Date().toISOString() }, metadata: {} }],
      'any',
    );

    // Every type on the lead's path is dead-lettered by a group that handles it, with the contract's reason.
    const lead = [
      'baton.messages.message.received.v1',
      'baton.signals.signal.detected.v1',
      'baton.conversations.turn.granted.v1',
      'baton.commands.outbound.requested.v1',
    ];
    await eventually(
      () =>
        lead.every((type) => dead.some((d) => d.type === type)) &&
        dead.some((d) => d.topic === deadLetterTopic('conversation-state') && /names no tenant/.test(d.reason)),
      { what: 'the dead letters of the lead path and of the relay', timeoutMs: 30_000 },
    );
    for (const d of dead.filter((x) => x.group)) expect(d.reason).toMatch(/\/data|must|expected|required/i);
    const groups = new Set(dead.map((d) => d.group).filter(Boolean));
    expect(groups.size).toBeGreaterThanOrEqual(5);

    // The platform goes on: a lead writes and gets the AI's question, then asks for a person and is handed off.
    const phone = '+15125550190';
    const texts = async (body: string) => {
      const params = {
        MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
        AccountSid: `AC${'5'.repeat(32)}`,
        From: phone,
        To: batonNumber,
        Body: body,
      };
      const response = await fetch(`${baton.url}/webhooks/twilio/sms`, {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(
            authToken,
            `${publicUrl}/webhooks/twilio/sms`,
            params,
          ),
        },
      });
      expect(response.status).toBe(200);
    };
    await texts("Hi, I'm looking to refinance my house");
    await eventually(() => fake.created.some((m) => m.to === phone), {
      what: "the AI's first question",
      timeoutMs: 30_000,
    });
    await texts('can I just talk to a real person?');
    await eventually(
      async () => {
        const list = (await (
          await baton.fetchAs(`/v1/conversations?leadPhone=${encodeURIComponent(phone)}`)
        ).json()) as { items: { driver: string }[] };
        return list.items[0]?.driver === 'handoff_pending';
      },
      { what: 'the handoff', timeoutMs: 30_000 },
    );
  }, 120_000);
});
