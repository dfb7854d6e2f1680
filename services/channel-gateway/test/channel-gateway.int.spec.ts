import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import {
  deadLetterTopic,
  derivedEventId,
  newEvent,
  OutboundRequested,
  parseCatalogued,
  topics,
  type CloudEvent,
} from '@baton/contracts';
import { busMessage, deadLetterHeaders } from '@baton/event-bus';
import type { PgliteSql, Sql } from '@baton/sql';
import { ManualClock } from '@baton/service-runtime';
import { startForTest } from '@baton/service-runtime/testing';
import { anyHour, createTestDatabase, eventually, FakeTwilio, type TestDatabase } from '@baton/testing';
import { Inbound } from '../src/adapters/inbound';
import { LeadDirectory } from '../src/adapters/lead-directory';
import { SendGateStore } from '../src/adapters/send-gate-store';
import { Sweeper } from '../src/adapters/sweeper';
import { channelGatewayService } from '../src/service';

const token = 'test-auth-token-0123456789';
const publicUrl = 'https://baton.example.com';
const batonNumber = '+15125550199';
const accountSid = `AC${'1'.repeat(32)}`;
const twilioEnv = (fake: FakeTwilio) => ({
  TWILIO_ACCOUNT_SID: accountSid,
  TWILIO_AUTH_TOKEN: token,
  BATON_PUBLIC_URL: publicUrl,
  TWILIO_API_BASE_URL: fake.url,
  BATON_SWEEP_INTERVAL_MS: '600000',
});

describe('channel-gateway with Twilio (a local server speaking its API)', () => {
  let db: TestDatabase;
  let sql: Sql;
  let fake: FakeTwilio;
  let gateway: Awaited<ReturnType<typeof startForTest>>;
  // Noon in Texas, in March 2026: the tests that are not about quiet hours fix the clock inside the window.
  const clock = new ManualClock(new Date('2026-03-03T18:00:00.000Z'));
  const published: CloudEvent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open();
    fake = new FakeTwilio();
    await fake.start();
    gateway = await startForTest([channelGatewayService], { DATABASE_URL: db.url!, ...twilioEnv(fake) }, { clock });
    for (const topic of [topics.messages, topics.conversationCommands, topics.outboundCommands]) {
      await gateway.connections.bus.subscribe({
        groupId: `observer-${topic}`,
        topics: [topic],
        handle: async (d) => {
          published.push(parseCatalogued(d.value));
        },
      });
    }
  });
  afterAll(async () => {
    await gateway?.cleanup();
    await fake?.stop();
    await sql?.close();
    await db?.drop();
  });
  beforeEach(() => {
    clock.set('2026-03-03T18:00:00.000Z');
    fake.latencyMs = 0;
    fake.beforeAnswer = undefined;
  });

  /** A webhook as Twilio signs it, to this gateway or another instance (`base`). */
  const signed = (path: string, params: Record<string, string>, base = gateway.url) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  const webhook = (params: Record<string, string>, signature?: string | null) => {
    if (signature === undefined) return signed('/webhooks/twilio/sms', params);
    return fetch(`${gateway.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signature ? { 'x-twilio-signature': signature } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
  };
  const leadText = (
    from: string,
    body: string,
    sid = `SM${randomUUID().replace(/-/g, '')}`,
    extra: Record<string, string> = {},
  ) => ({ From: from, To: batonNumber, Body: body, MessageSid: sid, AccountSid: accountSid, ...extra });
  const ofType = (type: string, subject?: string) =>
    published.filter((e) => e.type === type && (!subject || e.subject === subject));
  const conversationOf = (lead: string) => LeadDirectory.conversationIdOf('default', lead, batonNumber);
  const sendsTo = (lead: string) => fake.created.filter((m) => m.to === lead).map((m) => m.body);
  const grant = (conversation: string, turnId: string, sequence: number, inReplyTo?: string) =>
    ({
      specversion: '1.0',
      id: randomUUID(),
      type: 'baton.conversations.turn.granted.v1',
      source: '/baton/test',
      subject: conversation,
      time: clock.now().toISOString(),
      tenantid: 'default',
      correlationid: randomUUID(),
      sequence: String(sequence),
      data: {
        turnId,
        inReplyTo: inReplyTo ?? 'm1',
        directive: 'qualify',
        actor: { kind: 'system' },
        cause: 'test',
        at: clock.now().toISOString(),
      },
    }) as CloudEvent;
  const aiSays = (conversation: string, turnId: string, body: string, turnSequence?: number) =>
    newEvent(OutboundRequested, {
      subject: conversation,
      tenantid: 'default',
      source: '/baton/ai-agent',
      data: {
        idempotencyKey: `ai:${turnId}`,
        author: 'ai',
        turnId,
        ...(turnSequence !== undefined ? { turnSequence: String(turnSequence) } : {}),
        channel: 'sms',
        body,
      },
    });
  const publish = (topic: string, event: CloudEvent) => gateway.connections.bus.publish(topic, [busMessage(event)]);
  const repSends = (conversation: string, body: string, key?: string) =>
    gateway.fetchAs(`/v1/conversations/${conversation}/messages`, {
      method: 'POST',
      role: 'rep',
      body: JSON.stringify({ body }),
      headers: key ? { 'idempotency-key': key } : {},
    });
  const leadWrites = async (lead: string, body = 'hi') => {
    const text = leadText(lead, body);
    expect((await webhook(text)).status).toBe(200);
    return eventually(
      () =>
        ofType('baton.messages.message.received.v1', conversationOf(lead)).find(
          (e) => (e.data as { providerMessageId: string }).providerMessageId === text.MessageSid,
        ),
      { what: 'message.received' },
    );
  };
  const fenceOf = (conversation: string) => gateway.app.get(SendGateStore).fence('default', conversation);
  const statusOf = async (sendId: string) =>
    (await sql.query<{ status: string }>('SELECT status FROM gateway_sends WHERE idempotency_key = $1', [sendId]))
      .rows[0]?.status;

  it('takes a signed inbound text once, however often Twilio retries it, answers empty TwiML, and carries the thread before it', async () => {
    const lead = '+15125550101';
    const params = leadText(lead, 'Hi, I saw your listing on Maple St');
    const first = await webhook(params);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await first.text()).toContain('<Response></Response>');
    expect((await webhook(params)).status).toBe(200);
    // The answer came after the one write: the text is durable; what it means is worked out right after.
    expect(
      (await sql.query('SELECT 1 FROM gateway_inbound WHERE provider_message_id = $1', [params.MessageSid])).rowCount,
    ).toBe(1);
    await eventually(() => ofType('baton.messages.message.received.v1', conversationOf(lead)).length === 1, {
      what: 'message.received',
    });
    await gateway.app.get(Inbound).idle();
    expect(ofType('baton.messages.message.received.v1', conversationOf(lead))).toHaveLength(1);
    expect(ofType('baton.messages.consent.recorded.v1', conversationOf(lead))[0]!.data).toMatchObject({
      channel: 'sms',
      granted: true,
      source: 'lead_initiated',
    });
    const second = await leadWrites(lead, 'is it still available?');
    expect((second.data as { recent: { author: string; text: string }[] }).recent).toEqual([
      expect.objectContaining({ author: 'lead', text: 'Hi, I saw your listing on Maple St' }),
    ]);
    expect(ofType('baton.messages.message.received.v1', conversationOf(lead))).toHaveLength(2);
  });

  it('refuses forged, unsigned and tampered webhooks with 403, records them, and changes nothing', async () => {
    const params = leadText('+15125550102', 'forged');
    expect((await webhook(params, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await webhook(params, null)).status).toBe(403);
    const good = twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/sms`, params);
    expect((await webhook({ ...params, Body: 'tampered' }, good)).status).toBe(403);
    const problem = (await (await webhook(params, 'x')).json()) as { status: number; detail: string };
    expect(problem).toMatchObject({ status: 403, detail: 'bad X-Twilio-Signature' });
    expect((await sql.query('SELECT 1 FROM gateway_rejected_webhooks')).rowCount).toBeGreaterThanOrEqual(4);
    expect((await sql.query('SELECT 1 FROM gateway_inbound WHERE from_phone = $1', ['+15125550102'])).rowCount).toBe(0);
  });

  it('records a webhook once even when two gateway instances receive it', async () => {
    const other = await startForTest([channelGatewayService], { DATABASE_URL: db.url!, ...twilioEnv(fake) }, { clock });
    try {
      const params = leadText('+15125550103', 'same text, two instances');
      const [a, b] = await Promise.all(
        [gateway.url, other.url].map((base) => signed('/webhooks/twilio/sms', params, base)),
      );
      expect([a!.status, b!.status]).toEqual([200, 200]);
      expect(
        (await sql.query('SELECT 1 FROM gateway_inbound WHERE provider_message_id = $1', [params.MessageSid])).rowCount,
      ).toBe(1);
      await eventually(() => ofType('baton.messages.message.received.v1', conversationOf('+15125550103')).length > 0, {
        what: 'message.received',
      });
      await Promise.all([gateway, other].map((instance) => instance.app.get(Inbound).idle()));
      expect(ofType('baton.messages.message.received.v1', conversationOf('+15125550103'))).toHaveLength(1);
    } finally {
      await other.cleanup();
    }
  });

  it('sends the AI its granted turn through Twilio, with the disclosure once, and fences it off after a rep writes', async () => {
    const lead = '+15125550104';
    const conversation = conversationOf(lead);
    const received = await leadWrites(lead, 'Looking to refinance');
    const messageId = (received.data as { messageId: string }).messageId;
    await publish(topics.conversations, grant(conversation, 'turn-1', 3, messageId));
    await publish(topics.outboundCommands, aiSays(conversation, 'turn-1', 'Happy to help! What is your current rate?'));
    const first = await eventually(() => fake.created.find((m) => m.to === lead), { what: 'the AI message at Twilio' });
    expect(first.body).toMatch(/^Happy to help! What is your current rate\? \(You're texting with an AI assistant/);
    const rep = await repSends(conversation, 'Hi, Dana here from the loan team');
    expect(rep.status).toBe(202);
    expect(await rep.json()).toMatchObject({ kind: 'send', status: 'sent' });
    // even with a fresh turn granted afterwards, the AI stays fenced off until a hand-back
    await publish(topics.conversations, grant(conversation, 'turn-2', 5, messageId));
    await eventually(async () => (await fenceOf(conversation)).seenTurns.includes('turn-2'), {
      what: 'the second grant',
    });
    await publish(topics.outboundCommands, aiSays(conversation, 'turn-2', 'Are you still there?'));
    const blocked = await eventually(() => ofType('baton.messages.message.blocked.v1', conversation)[0], {
      what: 'the block',
    });
    expect(blocked.data).toMatchObject({ reason: 'human_spoke', turnId: 'turn-2' });
    expect(sendsTo(lead).map((b) => b.slice(0, 12))).toEqual(['Happy to hel', 'Hi, Dana her']);
  });

  it('parks an AI reply that arrives before its turn, sends it once the grant arrives, and voids one whose turn never comes', async () => {
    const lead = '+15125550120';
    const conversation = conversationOf(lead);
    const messageId = ((await leadWrites(lead, 'what are your rates')).data as { messageId: string }).messageId;
    await publish(topics.outboundCommands, aiSays(conversation, 'early-turn', 'Rates start at 6.1% today.'));
    await eventually(async () => (await statusOf('ai:early-turn')) === 'awaiting_turn', { what: 'the parked reply' });
    expect(sendsTo(lead)).toEqual([]);
    await publish(topics.conversations, grant(conversation, 'early-turn', 3, messageId));
    await eventually(async () => sendsTo(lead).length === 1 && (await statusOf('ai:early-turn')) === 'sent', {
      what: 'the released reply',
    });

    await publish(topics.outboundCommands, aiSays(conversation, 'forged-turn', 'A reply to a turn nobody granted'));
    await eventually(async () => (await statusOf('ai:forged-turn')) === 'awaiting_turn', {
      what: 'the second parked reply',
    });
    clock.advance(31_000); // past the grace
    await gateway.app.get(Sweeper).sweep();
    expect(await statusOf('ai:forged-turn')).toBe('blocked');
    expect(ofType('baton.messages.message.blocked.v1', conversation).map((e) => e.data)).toEqual([
      expect.objectContaining({ reason: 'turn_void', turnId: 'forged-turn' }),
    ]);
    expect(sendsTo(lead)).toHaveLength(1);
  });

  it("keeps a reply that names its grant's revision past the grace while the fence is behind it, and voids one the fence passed without its turn", async () => {
    const lead = '+15125550128';
    const conversation = conversationOf(lead);
    const messageId = ((await leadWrites(lead, 'what are your rates')).data as { messageId: string }).messageId;
    await publish(topics.conversations, grant(conversation, 'turn-at-3', 3, messageId));
    await eventually(async () => (await fenceOf(conversation)).lastSequence === 3, { what: 'the fence at revision 3' });
    // The grant at revision 5 is late (a restart, a lagging consumer): the grace passes and the reply still waits.
    await publish(topics.outboundCommands, aiSays(conversation, 'turn-at-5', 'Rates start at 6.1% today.', 5));
    await eventually(async () => (await statusOf('ai:turn-at-5')) === 'awaiting_turn', { what: 'the parked reply' });
    clock.advance(31_000); // past the grace
    await gateway.app.get(Sweeper).sweep();
    expect(await statusOf('ai:turn-at-5')).toBe('awaiting_turn');
    await publish(topics.conversations, grant(conversation, 'turn-at-5', 5, messageId));
    await eventually(async () => (await statusOf('ai:turn-at-5')) === 'sent', { what: 'the released reply' });
    expect(sendsTo(lead).map((b) => b.slice(0, 10))).toEqual(['Rates star']);

    // A reply naming revision 4, which the fence has applied without hearing of its turn: void at once, not parked.
    await publish(topics.outboundCommands, aiSays(conversation, 'turn-at-4', 'A reply to a turn not in the stream', 4));
    const blocked = await eventually(
      () =>
        ofType('baton.messages.message.blocked.v1', conversation).find(
          (e) => (e.data as { turnId?: string }).turnId === 'turn-at-4',
        ),
      { what: 'the block' },
    );
    expect(blocked.data).toMatchObject({ reason: 'turn_void' });
    expect(sendsTo(lead)).toHaveLength(1);
  });

  it('voids an AI reply to an earlier message once the lead wrote again, whatever the fence heard of turns', async () => {
    const lead = '+15125550121';
    const conversation = conversationOf(lead);
    const first = ((await leadWrites(lead, 'hello')).data as { messageId: string }).messageId;
    await leadWrites(lead, 'actually, one more thing');
    // The grant answering the first message arrives late, after the lead's second text.
    await publish(topics.conversations, grant(conversation, 'stale-turn', 3, first));
    await publish(topics.outboundCommands, aiSays(conversation, 'stale-turn', 'Answering your first text'));
    const blocked = await eventually(() => ofType('baton.messages.message.blocked.v1', conversation)[0], {
      what: 'the block',
    });
    expect(blocked.data).toMatchObject({ reason: 'turn_void' });
    expect(sendsTo(lead)).toEqual([]);
  });

  /** A text as a crash between the webhook's write and its processing leaves it: durable, not processed. */
  const acceptedOnly = (lead: string, body: string, sid = `SM${randomUUID().replace(/-/g, '')}`) =>
    sql
      .query(
        `INSERT INTO gateway_inbound (provider_message_id, tenant_id, from_phone, to_phone, body, received_at, conversation_id)
         VALUES ($1, 'default', $2, $3, $4, $5, $6)`,
        [sid, lead, batonNumber, body, clock.now().toISOString(), conversationOf(lead)],
      )
      .then(() => sid);

  it('processes a text the webhook took but a crash left unprocessed, once, after the restart; a Twilio retry of it is the same text', async () => {
    // A database of its own: here each instance has an in-process bus of its own, and one Baton owns a database.
    const own = await createTestDatabase({ require: 'postgres' });
    const ownSql = await own.open();
    const lead = '+15125550125';
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    try {
      const env = { DATABASE_URL: own.url!, ...twilioEnv(fake) };
      await (await startForTest([channelGatewayService], env, { clock })).cleanup();
      // What the crash left: the webhook's write, and nothing of its processing.
      await ownSql.query(
        `INSERT INTO gateway_inbound (provider_message_id, tenant_id, from_phone, to_phone, body, received_at)
         VALUES ($1, 'default', $2, $3, 'texted just before the crash', $4)`,
        [sid, lead, batonNumber, clock.now().toISOString()],
      );
      const restarted = await startForTest([channelGatewayService], env, { clock });
      try {
        const heard: CloudEvent[] = [];
        await restarted.connections.bus.subscribe({
          groupId: 'observer-restarted',
          topics: [topics.messages],
          handle: async (d) => void heard.push(parseCatalogued(d.value)),
        });
        const heardOf = (type: string) => heard.filter((e) => e.type === type && e.subject === conversationOf(lead));
        const received = await eventually(() => heardOf('baton.messages.message.received.v1')[0], {
          what: 'message.received after the restart',
        });
        expect(received.data).toMatchObject({ providerMessageId: sid, body: 'texted just before the crash' });
        // Twilio retries the webhook (its first answer was lost with the process): taken already, nothing new.
        const retry = await signed(
          '/webhooks/twilio/sms',
          leadText(lead, 'texted just before the crash', sid),
          restarted.url,
        );
        expect(retry.status).toBe(200);
        // Swept again: still once.
        await restarted.app.get(Inbound).sweep(0);
        await restarted.app.get(Inbound).idle();
        await eventually(() => heardOf('baton.messages.consent.recorded.v1').length === 1, { what: 'the consent' });
        expect(heardOf('baton.messages.message.received.v1')).toHaveLength(1);
        const { rows } = await ownSql.query<{ processed: boolean }>(
          'SELECT processed_at IS NOT NULL AS processed FROM gateway_inbound WHERE provider_message_id = $1',
          [sid],
        );
        expect(rows).toEqual([{ processed: true }]);
      } finally {
        await restarted.cleanup();
      }
    } finally {
      await ownSql.close();
      await own.drop();
    }
  });

  it("sets aside, with its cause and a dead-letter record, a text taken that can never be processed; the lead's next text goes through", async () => {
    const lead = '+15125550127';
    const dead: { reason: string; value: string }[] = [];
    await gateway.connections.bus.subscribe({
      groupId: `observer-dead-${randomUUID()}`,
      topics: [deadLetterTopic('channel-gateway')],
      handle: async (d) => void dead.push({ reason: d.headers[deadLetterHeaders.reason]!, value: d.value.toString() }),
    });
    // Longer than any message.received may carry (what an older version might have taken): the contract refuses it.
    const sid = await acceptedOnly(lead, 'x'.repeat(5000));
    await gateway.app.get(Inbound).sweep(0);
    await gateway.app.get(Inbound).idle();
    const { rows } = await sql.query<{ set_aside: boolean; processed: boolean; attempts: number; last_error: string }>(
      `SELECT set_aside, processed_at IS NOT NULL AS processed, attempts, last_error FROM gateway_inbound
        WHERE provider_message_id = $1`,
      [sid],
    );
    expect(rows).toEqual([
      { set_aside: true, processed: true, attempts: 1, last_error: expect.stringMatching(/body/) },
    ]);
    const record = await eventually(() => dead.find((d) => d.value.includes(sid)), { what: 'the dead-letter record' });
    expect(record.reason).toMatch(/set aside after 1 attempt\(s\): .*body/);
    // Not taken again by the next sweep; and the lead's next text is processed as any other.
    await gateway.app.get(Inbound).sweep(0);
    await gateway.app.get(Inbound).idle();
    expect(dead.filter((d) => d.value.includes(sid))).toHaveLength(1);
    await leadWrites(lead, 'sorry, long story: can we talk tomorrow?');
    expect(ofType('baton.messages.message.received.v1', conversationOf(lead))).toHaveLength(1);
  });

  it('decides a send once the lead texts taken before it are processed: the AI reply to an earlier message is void, STOP is honoured', async () => {
    const lead = '+15125550126';
    const conversation = conversationOf(lead);
    const first = ((await leadWrites(lead, 'hello')).data as { messageId: string }).messageId;
    await publish(topics.conversations, grant(conversation, 'turn-before', 3, first));
    await eventually(async () => (await fenceOf(conversation)).seenTurns.includes('turn-before'), {
      what: 'the grant',
    });
    // The lead's next text is durable but not processed yet (the webhook answered; the drain has not run).
    const next = await acceptedOnly(lead, 'wait, one more question');
    await publish(topics.outboundCommands, aiSays(conversation, 'turn-before', 'Answering your first text'));
    const blocked = await eventually(() => ofType('baton.messages.message.blocked.v1', conversation)[0], {
      what: 'the block',
    });
    expect(blocked.data).toMatchObject({ reason: 'turn_void', turnId: 'turn-before' });
    // The send processed the waiting text first: it is in the thread, once.
    expect(
      ofType('baton.messages.message.received.v1', conversation).map(
        (e) => (e.data as { providerMessageId: string }).providerMessageId,
      ),
    ).toEqual([expect.any(String), next]);
    // A STOP taken and not processed yet: the rep's message is refused, and the lead gets the one confirmation.
    await acceptedOnly(lead, 'STOP');
    expect(await (await repSends(conversation, 'Hi, Dana here')).json()).toMatchObject({
      kind: 'block',
      reason: 'opted_out',
    });
    await eventually(() => sendsTo(lead).length === 1, { what: 'the opt-out confirmation' });
    expect(sendsTo(lead)).toEqual([expect.stringMatching(/opted out/)]);
    await gateway.app.get(Inbound).sweep(0);
    await gateway.app.get(Inbound).idle();
    expect(ofType('baton.messages.lead.opted-out.v1', conversation)).toHaveLength(1);
    expect(ofType('baton.messages.message.received.v1', conversation)).toHaveLength(3);
  });

  it('opts a lead out on STOP, confirms once, and sends nothing after', async () => {
    const lead = '+15125550105';
    const conversation = conversationOf(lead);
    await leadWrites(lead, 'Tell me more');
    await webhook(leadText(lead, '  stop '));
    await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversation)[0], { what: 'the opt-out' });
    await eventually(() => fake.created.find((m) => m.to === lead), { what: 'the confirmation' });
    await webhook(leadText(lead, 'STOP'));
    const rep = await repSends(conversation, 'one more thing');
    expect(await rep.json()).toMatchObject({ kind: 'block', reason: 'opted_out' });
    expect(sendsTo(lead)).toEqual([expect.stringMatching(/opted out/)]);
  });

  it("trusts Twilio's own opt-out handling and does not confirm twice", async () => {
    const lead = '+15125550106';
    await webhook(leadText(lead, 'unsubscribe', undefined, { OptOutType: 'STOP' }));
    await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversationOf(lead))[0], {
      what: 'the opt-out',
    });
    // The webhook answered after its one write: no confirmation was requested then, nor since.
    expect(ofType('baton.commands.outbound.requested.v1', conversationOf(lead))).toEqual([]);
    expect(
      (await sql.query('SELECT 1 FROM gateway_sends WHERE conversation_id = $1', [conversationOf(lead)])).rowCount,
    ).toBe(0);
  });

  it('marks the lead opted out when Twilio answers 21610', async () => {
    const lead = '+15125550107';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    fake.refuseWith = { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' };
    try {
      expect(await (await repSends(conversation, 'hi there')).json()).toMatchObject({ status: 'failed' });
      const out = await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversation)[0], {
        what: 'the opt-out',
      });
      expect(out.data).toMatchObject({ source: 'provider' });
    } finally {
      fake.refuseWith = undefined;
    }
  });

  it('after a crash, looks up every send the provider may have before sending it again, whatever its age, and never sends twice', async () => {
    const lead = '+15125550108';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    // Left by a crash: A reached Twilio before it, B never did; both were marked sending a moment ago.
    const now = clock.now().toISOString();
    for (const [key, body] of [
      ['crash-a', 'sent before the crash'],
      ['crash-b', 'never reached Twilio'],
    ] as const) {
      await sql.query(
        `INSERT INTO gateway_sends (idempotency_key, tenant_id, conversation_id, author, rep_id, channel, body, status, created_at, updated_at, attempt_at)
        VALUES ($1, 'default', $2, 'rep', 'r', 'sms', $3, 'sending', $4, $4, $4)`,
        [key, conversation, body, now],
      );
    }
    fake.held.push({
      sid: `SM${'9'.repeat(32)}`,
      to: lead,
      from: batonNumber,
      body: 'sent before the crash',
      dateSent: new Date().toUTCString(),
      receivedAtMs: Date.now(),
    });
    const before = fake.created.length;
    // A client retrying the same send after the restart gets the first outcome, and nothing goes out.
    const retried = await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, {
      method: 'POST',
      role: 'rep',
      headers: { 'idempotency-key': 'k-1' },
      body: JSON.stringify({ body: 'hello once' }),
    });
    const again = await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, {
      method: 'POST',
      role: 'rep',
      headers: { 'idempotency-key': 'k-1' },
      body: JSON.stringify({ body: 'hello once' }),
    });
    expect(await retried.json()).toMatchObject({ status: 'sent', repeated: false });
    expect(await again.json()).toMatchObject({ status: 'sent', repeated: true });
    expect(fake.created.slice(before).map((m) => m.body)).toEqual(['hello once']);
    // While their calls could still be in flight, nothing is decided about them.
    const sweeper = gateway.app.get(Sweeper);
    await sweeper.sweep();
    expect(await statusOf('crash-a')).toBe('sending');
    clock.advance(sweeper.inFlightMs + 1);
    await sweeper.sweep();
    await sweeper.sweep();
    expect(fake.created.slice(before).map((m) => m.body)).toEqual(['hello once', 'never reached Twilio']);
    const { rows } = await sql.query<{ idempotency_key: string; status: string; provider_sid: string }>(
      `SELECT idempotency_key, status, provider_sid FROM gateway_sends WHERE idempotency_key IN ('crash-a', 'crash-b') ORDER BY idempotency_key`,
    );
    expect(rows).toEqual([
      { idempotency_key: 'crash-a', status: 'sent', provider_sid: `SM${'9'.repeat(32)}` },
      expect.objectContaining({ idempotency_key: 'crash-b', status: 'sent' }),
    ]);
  });

  it('decides a pending AI send again at the moment of sending: after a crash it never follows a rep message', async () => {
    const lead = '+15125550122';
    const conversation = conversationOf(lead);
    const messageId = ((await leadWrites(lead)).data as { messageId: string }).messageId;
    await publish(topics.conversations, grant(conversation, 'turn-crash', 3, messageId));
    await eventually(async () => (await fenceOf(conversation)).seenTurns.includes('turn-crash'), { what: 'the grant' });
    // The AI's handoff line was decided (ready) when the process died; the rep's message then went out.
    await sql.query(
      `INSERT INTO gateway_sends (idempotency_key, tenant_id, conversation_id, author, turn_id, channel, body, status, created_at, updated_at)
      VALUES ('ai:turn-crash', 'default', $1, 'ai', 'turn-crash', 'sms', 'Let me bring in a specialist', 'ready', $2, $2)`,
      [conversation, clock.now().toISOString()],
    );
    expect(await (await repSends(conversation, 'Sam here, I can help')).json()).toMatchObject({ status: 'sent' });
    clock.advance(6_000);
    await gateway.app.get(Sweeper).sweep();
    expect(await statusOf('ai:turn-crash')).toBe('blocked');
    expect(sendsTo(lead)).toEqual(['Sam here, I can help']);
  });

  it("holds a rep's send while an AI send is in flight at the provider, so the lead never sees the AI after the rep", async () => {
    const lead = '+15125550124';
    const conversation = conversationOf(lead);
    const messageId = ((await leadWrites(lead)).data as { messageId: string }).messageId;
    await publish(topics.conversations, grant(conversation, 'turn-slow', 3, messageId));
    await eventually(async () => (await fenceOf(conversation)).seenTurns.includes('turn-slow'), { what: 'the grant' });
    // Twilio takes the AI's message slowly; the rep writes the moment Twilio starts taking it.
    fake.latencyMs = (m) => (m.body.startsWith('Slow AI') ? 700 : 0);
    let rep: Promise<Response> | undefined;
    fake.onMessage = (m) => {
      if (m.to === lead && m.body.startsWith('Slow AI')) rep = repSends(conversation, 'Rep overtaking?');
    };
    try {
      await publish(topics.outboundCommands, aiSays(conversation, 'turn-slow', 'Slow AI question'));
      const answer = await eventually(() => rep, { what: "the rep's send, started while the AI's is in flight" });
      expect(await (await answer).json()).toMatchObject({ status: 'sent' });
      const seen = fake.delivered.filter((m) => m.to === lead);
      expect(seen.map((m) => m.body.slice(0, 7))).toEqual(['Slow AI', 'Rep ove']);
      // The rep's message reached Twilio only once the AI's was taken.
      expect(seen[1]!.receivedAtMs - seen[0]!.receivedAtMs).toBeGreaterThanOrEqual(700);
    } finally {
      fake.onMessage = undefined;
    }
  });

  it('takes a status callback that outruns the answer to its send for that send, not for a message from outside Baton', async () => {
    const lead = '+15125550123';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    // Twilio calls back before it answers the create.
    fake.latencyMs = 300;
    fake.beforeAnswer = async (m) => {
      const response = await signed('/webhooks/twilio/status', {
        MessageSid: m.sid,
        MessageStatus: 'sent',
        To: m.to,
        From: m.from,
        AccountSid: accountSid,
      });
      expect(response.status).toBe(204);
    };
    expect(await (await repSends(conversation, 'quick callback test')).json()).toMatchObject({ status: 'sent' });
    expect(
      ofType('baton.messages.message.sent.v1', conversation).map((e) => (e.data as { repId?: string }).repId),
    ).not.toContain('outside-baton');
    await eventually(() => ofType('baton.messages.message.delivery-updated.v1', conversation)[0], {
      what: 'the delivery update',
    });
    expect(
      (
        await sql.query('SELECT 1 FROM gateway_foreign_sends WHERE tenant_id = $1 AND conversation_id = $2', [
          'default',
          conversation,
        ])
      ).rowCount,
    ).toBe(0);
  });

  it('applies signed status callbacks once and never backwards, and refuses statuses it does not know', async () => {
    const lead = '+15125550109';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    await repSends(conversation, 'status test');
    const sent = await eventually(() => fake.created.find((m) => m.to === lead), { what: 'the message' });
    const base = { MessageSid: sent.sid, To: lead, From: batonNumber, AccountSid: accountSid };
    for (const status of ['sent', 'delivered', 'sent', 'delivered'])
      expect((await signed('/webhooks/twilio/status', { ...base, MessageStatus: status })).status).toBe(204);
    const updates = ofType('baton.messages.message.delivery-updated.v1', conversation).map(
      (e) => (e.data as { status: string }).status,
    );
    expect(updates).toEqual(['sent', 'delivered']);
    for (const status of ['teleported', 'constructor', '__proto__', 'toString'])
      expect((await signed('/webhooks/twilio/status', { ...base, MessageStatus: status })).status).toBe(400);
    const forged = await fetch(`${gateway.url}/webhooks/twilio/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'nope' },
      body: new URLSearchParams({ ...base, MessageStatus: 'read' }).toString(),
    });
    expect(forged.status).toBe(403);
  });

  it('treats an outbound message Baton did not send as a human message, and fences the AI off', async () => {
    const lead = '+15125550110';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    const params = {
      MessageSid: `SM${'7'.repeat(32)}`,
      MessageStatus: 'sent',
      To: lead,
      From: batonNumber,
      AccountSid: accountSid,
    };
    expect((await signed('/webhooks/twilio/status', params)).status).toBe(204);
    expect((await signed('/webhooks/twilio/status', { ...params, MessageStatus: 'delivered' })).status).toBe(204);
    const humans = ofType('baton.messages.message.sent.v1', conversation).filter(
      (e) => (e.data as { author: string }).author === 'rep',
    );
    expect(humans.map((e) => e.data)).toEqual([
      expect.objectContaining({ repId: 'outside-baton', providerMessageId: params.MessageSid }),
    ]);
    expect((await fenceOf(conversation)).humanSpoke).toBe(true);
  });

  it("defers a send in the lead's night and releases it at their morning, decided again on the fence as it is then", async () => {
    const lead = '+15125550111';
    const conversation = conversationOf(lead);
    await leadWrites(lead);
    clock.set('2026-03-03T08:00:00.000Z'); // 02:00 in Texas
    expect(await (await repSends(conversation, 'good morning!')).json()).toMatchObject({
      kind: 'defer',
      until: '2026-03-03T14:00:00.000Z',
    });
    const sweeper = gateway.app.get(Sweeper);
    clock.set('2026-03-03T13:59:00.000Z');
    await sweeper.sweep();
    expect(sendsTo(lead)).toEqual([]);
    clock.set('2026-03-03T14:00:00.000Z');
    await sweeper.sweep();
    expect(sendsTo(lead)).toEqual(['good morning!']);
  });

  it('wakes the sweep when an open send comes due, without a sweep called and with the bound an hour', async () => {
    // An instance of its own on a clock that runs (from noon in Texas), whose AI replies wait 300 ms for their turn.
    const own = await createTestDatabase({ require: 'postgres' });
    const ownSql = await own.open();
    const offset = Date.parse('2026-03-03T18:00:00.000Z') - Date.now();
    const running = { now: () => new Date(Date.now() + offset) };
    const env = {
      DATABASE_URL: own.url!,
      ...twilioEnv(fake),
      BATON_SWEEP_INTERVAL_MS: String(3_600_000),
      BATON_TURN_GRACE_MS: '300',
    };
    const instance = await startForTest([channelGatewayService], env, { clock: running });
    try {
      const lead = '+15125550130';
      const conversation = conversationOf(lead);
      expect((await signed('/webhooks/twilio/sms', leadText(lead, 'hi'), instance.url)).status).toBe(200);
      await eventually(
        async () =>
          (
            await ownSql.query('SELECT 1 FROM gateway_inbound WHERE from_phone = $1 AND processed_at IS NOT NULL', [
              lead,
            ])
          ).rowCount === 1,
        'the lead text processed',
      );
      const reply = aiSays(conversation, 'never-granted', 'A reply whose turn never comes');
      await instance.connections.bus.publish(topics.outboundCommands, [busMessage(reply)]);
      const statusNow = async () =>
        (
          await ownSql.query<{ status: string; reason: string | null }>(
            'SELECT status, reason FROM gateway_sends WHERE idempotency_key = $1',
            ['ai:never-granted'],
          )
        ).rows[0];
      // Parked, then voided by the sweep the gate's word about it set for the grace's end.
      expect(
        await eventually(async () => (await statusNow())?.status === 'blocked' && statusNow(), 'the void'),
      ).toEqual({
        status: 'blocked',
        reason: 'turn_void',
      });
    } finally {
      await instance.cleanup();
      await ownSql.close();
      await own.drop();
    }
  });
});

describe('the send gate under a race between the AI and reps', () => {
  it('never lets the lead see an AI message after a rep message, in 200 conversations, at the provider', async () => {
    const db = await createTestDatabase({ require: 'postgres' });
    const fake = new FakeTwilio();
    await fake.start();
    // The provider takes an AI message slowly (50-300 ms) and a rep's quickly: an AI send decided just before the
    // rep's is still being taken when the rep's arrives, and without the gate's lock the rep's would overtake it.
    fake.latencyMs = (m) =>
      m.body.startsWith('REP') ? Math.floor(Math.random() * 10) : 50 + Math.floor(Math.random() * 250);
    const gateway = await startForTest([channelGatewayService], {
      DATABASE_URL: db.url!,
      ...twilioEnv(fake),
      ...anyHour,
    });
    // The AI answers a turn every 0-250 ms; the rep jumps in anywhere in the first three seconds.
    const jitter = () => new Promise((r) => setTimeout(r, Math.floor(Math.random() * 250)));
    try {
      const leads = Array.from(
        { length: Number(process.env.RACE_CONVERSATIONS ?? 200) },
        (_, i) => `+1512556${String(1000 + i).padStart(4, '0')}`,
      );
      const bus = gateway.connections.bus;
      const messageOf = new Map<string, string>();
      await Promise.all(
        leads.map(async (lead) => {
          const params = raceText(lead);
          messageOf.set(lead, derivedEventId(`message:${params.MessageSid}`));
          await fetch(`${gateway.url}/webhooks/twilio/sms`, {
            method: 'POST',
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              'x-twilio-signature': twilio.getExpectedTwilioSignature(
                token,
                `${publicUrl}/webhooks/twilio/sms`,
                params,
              ),
            },
            body: new URLSearchParams(params).toString(),
          });
        }),
      );
      // The race is between the AI and the reps, after the gateway has processed every lead's text.
      await gateway.app.get(Inbound).idle();
      await Promise.all(
        leads.map(async (lead) => {
          const conversation = LeadDirectory.conversationIdOf('default', lead, batonNumber);
          const ai = (async () => {
            for (let n = 1; n <= 4; n++) {
              await jitter();
              const turn = `${conversation}:${n}`;
              await bus.publish(topics.conversations, [
                busMessage({
                  specversion: '1.0',
                  id: randomUUID(),
                  type: 'baton.conversations.turn.granted.v1',
                  source: '/baton/test',
                  subject: conversation,
                  time: new Date().toISOString(),
                  tenantid: 'default',
                  correlationid: randomUUID(),
                  sequence: String(n * 2),
                  data: {
                    turnId: turn,
                    inReplyTo: messageOf.get(lead)!,
                    directive: 'qualify',
                    actor: { kind: 'system' },
                    cause: 'race',
                    at: new Date().toISOString(),
                  },
                }),
              ]);
              await bus.publish(topics.outboundCommands, [
                busMessage(
                  newEvent(OutboundRequested, {
                    subject: conversation,
                    tenantid: 'default',
                    source: '/baton/ai-agent',
                    data: {
                      idempotencyKey: `ai:${turn}`,
                      author: 'ai',
                      turnId: turn,
                      channel: 'sms',
                      body: `AI question ${n}`,
                    },
                  }),
                ),
              ]);
            }
          })();
          const rep = (async () => {
            await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3000)));
            await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, {
              method: 'POST',
              role: 'rep',
              body: JSON.stringify({ body: 'REP here' }),
            });
          })();
          await Promise.all([ai, rep]);
        }),
      );
      const sql = await db.open();
      await eventually(
        async () => {
          const { rows } = await sql.query<{ settled: string; open: string }>(
            `SELECT count(*) FILTER (WHERE status NOT IN ('ready', 'sending', 'awaiting_turn'))::text AS settled, count(*) FILTER (WHERE status IN ('ready', 'sending', 'awaiting_turn'))::text AS open FROM gateway_sends`,
          );
          return Number(rows[0]!.settled) === leads.length * 5 && rows[0]!.open === '0';
        },
        { timeoutMs: 90_000, what: 'every send decided and settled' },
      );
      let violations = 0;
      let aiBeforeRep = 0;
      let blocked = 0;
      for (const lead of leads) {
        // What the lead saw: the order in which the provider took the messages for delivery.
        const seen = fake.delivered.filter((m) => m.to === lead).map((m) => (m.body.startsWith('REP') ? 'rep' : 'ai'));
        const repAt = seen.indexOf('rep');
        expect(repAt).toBeGreaterThanOrEqual(0);
        violations += seen.slice(repAt + 1).filter((a) => a === 'ai').length;
        aiBeforeRep += repAt;
      }
      blocked = (
        await sql.query(
          `SELECT 1 FROM gateway_sends WHERE author = 'ai' AND status = 'blocked' AND reason = 'human_spoke'`,
        )
      ).rowCount;
      await sql.close();
      expect(violations).toBe(0);
      // The race was real: both orders happened many times.
      expect(aiBeforeRep).toBeGreaterThan(50);
      expect(blocked).toBeGreaterThan(50);
    } finally {
      await gateway.cleanup();
      await fake.stop();
      await db.drop();
    }
  }, 180_000);
});

describe('the SMS webhook on PGlite (the embedded mode: one database session for every service)', () => {
  it("writes the text before the consumers' batches queued for the session, and answers once it is durable", async () => {
    const fake = new FakeTwilio();
    await fake.start();
    const gateway = await startForTest([channelGatewayService], { ...twilioEnv(fake), ...anyHour });
    const sql = gateway.connections.sql as PgliteSql;
    const post = (params: Record<string, string>) =>
      fetch(`${gateway.url}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/sms`, params),
        },
        body: new URLSearchParams(params).toString(),
      });
    try {
      expect((await post(raceText('+15125557001', 'first, before the load'))).status).toBe(200);
      await gateway.app.get(Inbound).idle();
      // A consumer's batch holds the one session; three more batches wait for it.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let holding!: () => void;
      const holds = new Promise<void>((resolve) => (holding = resolve));
      const holder = sql.transaction(async () => {
        holding();
        await held;
      });
      await holds;
      const params = raceText('+15125557001', 'my second text, under load');
      const seen: number[] = [];
      const batches = [1, 2, 3].map(() =>
        sql.transaction(async (tx) => {
          const { rowCount } = await tx.query('SELECT 1 FROM gateway_inbound WHERE provider_message_id = $1', [
            params.MessageSid,
          ]);
          seen.push(rowCount);
        }),
      );
      const answer = post(params);
      await eventually(() => sql.session.queued.edge === 1, { what: "the webhook's write waiting for the session" });
      release();
      const response = await answer;
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<Response></Response>');
      await Promise.all([holder, ...batches]);
      // Every batch queued before the webhook's write ran after it: the write waited for the holder only.
      expect(seen).toEqual([1, 1, 1]);
      await gateway.app.get(Inbound).idle();
      const { rows } = await sql.query<{ n: string }>(
        "SELECT count(*)::text AS n FROM gateway_inbound WHERE from_phone = '+15125557001' AND processed_at IS NOT NULL",
      );
      expect(rows[0]!.n).toBe('2');
    } finally {
      await gateway.cleanup();
      await fake.stop();
    }
  });
});

function raceText(from: string, body = 'hi', sid = `SM${randomUUID().replace(/-/g, '')}`) {
  return { From: from, To: batonNumber, Body: body, MessageSid: sid, AccountSid: accountSid };
}
