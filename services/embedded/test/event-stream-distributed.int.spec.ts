import { daytimeLead, Lead, startDistributed, type ProcessBaton } from './harness';
import { EventStreamReader } from './sse-reader';

// The stream in the distributed mode: conversation-state serves it behind the ingress, its facts come from the
// event store and its transcript hints from Kafka (a consumer group per instance).

describe('GET /v1/events/stream, distributed (seven processes over the Kafka mock and PostgreSQL)', () => {
  let baton: ProcessBaton;
  beforeAll(async () => {
    baton = await startDistributed();
  }, 180_000);
  afterAll(async () => {
    await baton?.stop();
  });

  it('streams the handoff and the transcript hints through the ingress, and resumes after Last-Event-ID', async () => {
    const auth = { authorization: `Bearer ${await baton.token('supervisor')}` };
    const first = await new EventStreamReader(`${baton.url}/v1/events/stream`, auth).open();
    await first.waitFor((e) => e.event === 'ready', 60_000);
    const lead = new Lead(baton, daytimeLead(601).phone);
    await lead.texts('Hi, can I talk to a real person about refinancing?');
    const handoff = JSON.parse(
      (
        await first.waitFor(
          (e) => e.event === 'conversation' && JSON.parse(e.data).name === 'handoff.triggered',
          60_000,
        )
      ).data,
    ) as { conversationId: string };
    // The AI's handoff line goes out: the gateway's message.sent reaches the stream as a hint, over Kafka.
    await first.waitFor(
      (e) =>
        e.event === 'message' &&
        JSON.parse(e.data).conversationId === handoff.conversationId &&
        JSON.parse(e.data).type === 'baton.messages.message.sent.v1',
      60_000,
    );
    const last = first.facts().at(-1)!;
    await first.close();

    const taken = await fetch(`${baton.url}/v1/conversations/${handoff.conversationId}/takeover`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await baton.token('rep', 'default', 'rep-61')}`,
        'content-type': 'application/json',
        prefer: 'wait=30',
      },
      body: '{}',
    });
    expect(taken.status).toBe(200);
    const resumed = await new EventStreamReader(`${baton.url}/v1/events/stream`, {
      ...auth,
      'last-event-id': last.id,
    }).open();
    const tookOver = await resumed.waitFor(
      (e) => e.event === 'conversation' && JSON.parse(e.data).name === 'human.took-over',
      60_000,
    );
    expect(JSON.parse(tookOver.data)).toMatchObject({
      conversationId: handoff.conversationId,
      data: { repId: 'rep-61' },
    });
    expect(resumed.facts().map((f) => f.id)).not.toContain(last.id); // after it, not from it
    await resumed.close();
  });
});
