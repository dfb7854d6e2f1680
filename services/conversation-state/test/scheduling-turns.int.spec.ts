import { randomUUID } from 'node:crypto';
import {
  MeetingBooked,
  MessageReceived,
  newEvent,
  RepUpdated,
  SignalDetected,
  SlotsOffered,
  topics,
  type CloudEvent,
} from '@baton/contracts';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { eventually } from '@baton/testing';
import { HandoffPolicies } from '../src/adapters/handoff-policies';
import { conversationStateService } from '../src/service';

// conversation-state with scheduling's events on the in-process bus: the mode from reps as heard, the offer
// and the confirmation as turns.
let service: TestService;
const tenant = 'default';
beforeAll(async () => {
  service = await startForTest([conversationStateService]);
  // Business hours around the clock, so a live takeover does not depend on when the suite runs.
  await service.app
    .get(HandoffPolicies)
    .save(tenant, { businessHours: { zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' } });
});
afterAll(() => service?.cleanup());

const publish = (topic: string, event: CloudEvent) =>
  service.connections.bus.publish(topic, [{ key: event.subject, value: JSON.stringify(event) }]);
const allWeek = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
);

async function repSays(presence: 'available' | 'busy', revision: number) {
  await publish(
    topics.scheduling,
    newEvent(RepUpdated, {
      subject: 'rep:dana',
      tenantid: tenant,
      source: '/baton/test',
      data: {
        repId: 'dana',
        name: 'Dana Ruiz',
        timezone: 'UTC',
        presence,
        revision,
        workingHours: allWeek,
        territory: [],
        skills: { verticals: [], languages: [] },
      },
    }),
  );
  await eventually(
    async () =>
      (
        await service.connections.sql.query('SELECT 1 FROM conversation_reps WHERE rep_id = $1 AND revision = $2', [
          'dana',
          revision,
        ])
      ).rowCount > 0,
    `rep revision ${revision} heard`,
  );
}

async function leadAsksForAPerson(): Promise<{ conversationId: string; messageId: string }> {
  const conversationId = randomUUID();
  const messageId = randomUUID();
  const base = { subject: conversationId, tenantid: tenant, source: '/baton/test' };
  const received = newEvent(MessageReceived, {
    ...base,
    data: {
      messageId,
      providerMessageId: `SM${messageId}`,
      leadPhone: '+12125550100',
      batonNumber: '+15125550199',
      channel: 'sms',
      body: 'can I talk to a person',
      receivedAt: new Date().toISOString(),
    },
  });
  await publish(topics.messages, received);
  await publish(
    topics.signals,
    newEvent(SignalDetected, {
      ...base,
      cause: received,
      data: {
        messageId,
        engine: 'rules',
        detections: [
          {
            signal: 'explicit_request',
            confidence: 0.98,
            evidence: { text: 'a person', start: 14, end: 22 },
            detector: 'rules',
          },
        ],
        message: {
          text: received.data.body,
          receivedAt: received.data.receivedAt,
          leadPhone: received.data.leadPhone,
          batonNumber: received.data.batonNumber,
          channel: 'sms',
          recent: [],
        },
      },
    }),
  );
  return { conversationId, messageId };
}

async function facts(
  conversationId: string,
  count: number,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return eventually(async () => {
    const response = await service.fetchAs(`/v1/conversations/${conversationId}/events`, { role: 'auditor' });
    if (response.status !== 200) return undefined;
    const { events } = (await response.json()) as { events: { type: string; data: Record<string, unknown> }[] };
    return events.length >= count && events;
  }, `${count} facts on ${conversationId}`);
}
const short = (type: string) => type.replace(/^baton\.conversations\./, '').replace(/\.v1$/, '');

describe('handoff mode and booking turns from scheduling events', () => {
  it('hands off live when a rep said they are available, and to async booking when not', async () => {
    await repSays('available', 1);
    const live = await leadAsksForAPerson();
    const liveFacts = await facts(live.conversationId, 5);
    expect(liveFacts.find((e) => short(e.type) === 'handoff.triggered')!.data.mode).toBe('live_takeover');
    expect(liveFacts.find((e) => short(e.type) === 'turn.granted')!.data.directive).toBe('handoff_transition');

    await repSays('busy', 2);
    const later = await leadAsksForAPerson();
    const laterFacts = await facts(later.conversationId, 4);
    expect(laterFacts.find((e) => short(e.type) === 'handoff.triggered')!.data.mode).toBe('async_booking');
    expect(laterFacts.some((e) => short(e.type) === 'turn.granted')).toBe(false); // the line waits for the slots
  });

  it('grants the offer as one turn with the times, then the confirmation, and nothing after it', async () => {
    await repSays('busy', 3);
    const { conversationId, messageId } = await leadAsksForAPerson();
    await facts(conversationId, 4);
    const slots = [
      { start: '2026-12-02T15:30:00.000Z', end: '2026-12-02T15:45:00.000Z' },
      { start: '2026-12-02T18:15:00.000Z', end: '2026-12-02T18:30:00.000Z' },
    ];
    const base = { subject: conversationId, tenantid: tenant, source: '/baton/scheduling' };
    await publish(
      topics.scheduling,
      newEvent(SlotsOffered, {
        ...base,
        data: {
          offerId: 'o1',
          repId: 'dana',
          repName: 'Dana Ruiz',
          slots,
          leadTimezone: 'America/New_York',
          minutes: 15,
          why: 'handoff',
          inReplyTo: messageId,
        },
      }),
    );
    const offered = await facts(conversationId, 5);
    expect(offered[4]).toMatchObject({
      type: 'baton.conversations.turn.granted.v1',
      data: {
        directive: 'offer_slots',
        reason: 'explicit_request',
        inReplyTo: messageId,
        offer: { offerId: 'o1', slots, repName: 'Dana Ruiz' },
      },
    });
    // The pick's meeting.booked overtakes the pick's own message.received: the message is recorded by the booking.
    const pick = randomUUID();
    await publish(
      topics.scheduling,
      newEvent(MeetingBooked, {
        ...base,
        data: {
          meetingId: 'm1',
          repId: 'dana',
          repName: 'Dana Ruiz',
          start: slots[1]!.start,
          end: slots[1]!.end,
          offerId: 'o1',
          inReplyTo: pick,
          leadTimezone: 'America/New_York',
          leadInvited: false,
          reminderMinutes: 30,
        },
      }),
    );
    const booked = await facts(conversationId, 8);
    expect(
      booked
        .slice(5)
        .map((e) =>
          short(e.type) === 'turn.granted' ? `turn:${e.data.directive}:${e.data.inReplyTo === pick}` : short(e.type),
        ),
    ).toEqual(['lead-message.recorded', 'meeting.linked', 'turn:confirm_booking:true']);
    const view = (await (
      await service.fetchAs(`/v1/conversations/${conversationId}`, { role: 'supervisor' })
    ).json()) as { meetingId: string; turn: { open: boolean; directive: string } };
    expect(view).toMatchObject({ meetingId: 'm1', turn: { open: true, directive: 'confirm_booking' } });
  });
});
