import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import {
  BriefReady,
  BriefUpdated,
  CallRequested,
  newEvent,
  OutboundRequested,
  parseCatalogued,
  topics,
  type CloudEvent,
} from '@baton/contracts';
import { busMessage } from '@baton/event-bus';
import { ManualClock, SQL } from '@baton/service-runtime';
import type { Sql } from '@baton/sql';
import { startForTest } from '@baton/service-runtime/testing';
import {
  createTestDatabase,
  eventually,
  FakeConversationRelay,
  FakeTwilio,
  relayOf,
  type TestDatabase,
} from '@baton/testing';
import { CallStore } from '../src/adapters/call-store';
import { LeadDirectory } from '../src/adapters/lead-directory';
import { RelaySessions } from '../src/adapters/relay-sessions';
import { WarmTransfers } from '../src/adapters/warm-transfers';
import { channelGatewayService } from '../src/service';

const token = 'test-auth-token-0123456789';
const publicUrl = 'https://baton.example.com';
const batonNumber = '+15125550199';
const accountSid = `AC${'1'.repeat(32)}`;
const reps = [
  { repId: 'rep-ana', phone: '+15125550111' },
  { repId: 'rep-bo', phone: '+15125550112' },
];

describe('channel-gateway voice: ConversationRelay, warm transfer, call rules (a local Twilio)', () => {
  let db: TestDatabase;
  let fake: FakeTwilio;
  let gateway: Awaited<ReturnType<typeof startForTest>>;
  // Noon in Texas on a Tuesday: inside every calling window.
  const clock = new ManualClock(new Date('2026-03-03T18:00:00.000Z'));
  const published: CloudEvent[] = [];
  const relays: FakeConversationRelay[] = [];
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    fake = new FakeTwilio();
    await fake.start();
    gateway = await startForTest(
      [channelGatewayService],
      {
        DATABASE_URL: db.url!,
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: token,
        BATON_PUBLIC_URL: publicUrl,
        TWILIO_API_BASE_URL: fake.url,
        BATON_SWEEP_INTERVAL_MS: '600000',
        BATON_TRANSFER_REPS: JSON.stringify(reps),
      },
      { clock },
    );
    for (const topic of [topics.messages, topics.conversationCommands, topics.calls]) {
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
    for (const r of relays) r.close();
    await gateway?.cleanup();
    await fake?.stop();
    await db?.drop();
  });
  beforeEach(() => clock.set('2026-03-03T18:00:00.000Z'));

  const post = (path: string, params: Record<string, string>, signature?: string) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilio.getExpectedTwilioSignature(token, `${publicUrl}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  const ofType = (type: string, subject?: string) =>
    published.filter((e) => e.type === `baton.${type}.v1` && (!subject || e.subject === subject));
  const callSid = () => `CA${randomUUID().replace(/-/g, '')}`;
  const conversationOf = (lead: string) => LeadDirectory.conversationIdOf('default', lead, batonNumber);
  /** conversation-state's facts, as the gateway hears them on baton.conversations. */
  const fact = (conversation: string, name: string, data: Record<string, unknown>) =>
    gateway.connections.bus.publish(topics.conversations, [
      busMessage({
        specversion: '1.0',
        id: randomUUID(),
        type: `baton.conversations.${name}.v1`,
        source: '/baton/test',
        subject: conversation,
        time: clock.now().toISOString(),
        tenantid: 'default',
        correlationid: randomUUID(),
        sequence: String(++sequence),
        data: { ...data, actor: { kind: 'system' }, cause: 'test', at: clock.now().toISOString() },
      } as CloudEvent),
    ]);
  const aiSays = (conversation: string, turnId: string, body: string) =>
    gateway.connections.bus.publish(topics.outboundCommands, [
      busMessage(
        newEvent(OutboundRequested, {
          subject: conversation,
          tenantid: 'default',
          source: '/baton/ai-agent',
          data: { idempotencyKey: `ai:${turnId}`, author: 'ai', turnId, channel: 'sms', body },
        }),
      ),
    ]);

  /** conversation-state's side of a warm transfer: the lead asked for a person on the call (the words in `said`). */
  const handoffOnCall = (conversation: string, ask: { data: unknown }, said: string, confidence = 0.99) => {
    const { messageId, body } = ask.data as { messageId: string; body: string };
    const start = body.indexOf(said);
    if (start < 0) throw new Error(`the lead's words "${body}" hold no "${said}"`);
    return fact(conversation, 'handoff.triggered', {
      mode: 'warm_transfer',
      messageId,
      signals: [
        {
          signal: 'explicit_request',
          confidence,
          evidence: { text: said, start, end: start + said.length },
          detector: 'rules',
        },
      ],
    });
  };
  /** The transition turn granted and said; resolves with the transfer the relay's end hands over. */
  const transitionSaid = async (
    conversation: string,
    ask: { data: unknown },
    client: { ended?: string },
    turnId: string = randomUUID(),
  ) => {
    await fact(conversation, 'turn.granted', {
      turnId,
      inReplyTo: (ask.data as { messageId: string }).messageId,
      directive: 'handoff_transition',
    });
    await aiSays(conversation, turnId, 'Let me bring someone live in, give me one second.');
    return (JSON.parse(await eventually(() => client.ended, { what: 'the relay ended' })) as { transferId: string })
      .transferId;
  };

  /** Twilio answering a rep leg: it asks the leg's URL for TwiML, following a Redirect as Twilio does. */
  async function answerRepLeg(leg: { url: string; sid: string; to: string }, answeredBy = 'human'): Promise<string> {
    let url = leg.url;
    for (let i = 0; i < 10; i++) {
      const twiml = await (
        await post(new URL(url).pathname + new URL(url).search, {
          CallSid: leg.sid,
          From: batonNumber,
          To: leg.to,
          AccountSid: accountSid,
          AnsweredBy: answeredBy,
        })
      ).text();
      const redirect = /<Redirect[^>]*>([^<]+)<\/Redirect>/.exec(twiml)?.[1];
      if (!redirect) return twiml;
      url = redirect.replace(/&amp;/g, '&');
    }
    throw new Error('redirected too often');
  }

  /** A lead calls in and the AI picks up: the TwiML, and Twilio's side of the relay connected and set up. */
  async function leadCalls(lead: string) {
    const sid = callSid();
    const answer = await post('/webhooks/twilio/voice', {
      CallSid: sid,
      From: lead,
      To: batonNumber,
      Direction: 'inbound',
      AccountSid: accountSid,
    });
    expect(answer.status).toBe(200);
    const twiml = await answer.text();
    const relay = relayOf(twiml)!;
    const client = await new FakeConversationRelay().connect(
      relay.url.replace(/^wss:\/\/baton\.example\.com/, gateway.url.replace(/^http/, 'ws')),
      { authToken: token, url: relay.url },
    );
    relays.push(client);
    client.setup(sid);
    return { sid, twiml, relay, client, conversation: conversationOf(lead) };
  }

  /** The lead says something; conversation-state grants the AI a turn on it; the AI answers. */
  async function leadSaysAndAiAnswers(
    conversation: string,
    client: FakeConversationRelay,
    words: string,
    answer: string,
    directive = 'qualify',
  ) {
    client.say(words);
    const received = await eventually(
      () => ofType('messages.message.received', conversation).find((e) => (e.data as { body: string }).body === words),
      { what: 'the words as a message' },
    );
    const turnId = randomUUID();
    await fact(conversation, 'turn.granted', {
      turnId,
      inReplyTo: (received.data as { messageId: string }).messageId,
      directive,
    });
    await aiSays(conversation, turnId, answer);
    await eventually(() => client.lines.includes(answer) || undefined, {
      what: `the AI saying "${answer}" on the call`,
    });
    return { received, turnId };
  }

  it('refuses a voice webhook with a bad signature (403), and records it', async () => {
    const params = { CallSid: callSid(), From: '+15125550100', To: batonNumber, AccountSid: accountSid };
    expect((await post('/webhooks/twilio/voice', params, 'bad-signature')).status).toBe(403);
    expect(
      (await post('/webhooks/twilio/voice/status', { CallSid: params.CallSid, CallStatus: 'completed' }, 'bad')).status,
    ).toBe(403);
    const { rows } = await gateway.connections.sql.query<{ path: string; reason: string }>(
      `SELECT path, reason FROM gateway_rejected_webhooks WHERE path LIKE '/webhooks/twilio/voice%' ORDER BY id`,
    );
    expect(rows).toEqual([
      { path: '/webhooks/twilio/voice', reason: 'bad X-Twilio-Signature' },
      { path: '/webhooks/twilio/voice/status', reason: 'bad X-Twilio-Signature' },
    ]);
    expect(ofType('calls.call.started')).toEqual([]);
  });

  it('answers an inbound call with the AI over ConversationRelay, disclosing first; the words are voice messages and the answers are said on the call', async () => {
    const lead = '+15125550120';
    const { sid, twiml, relay, client, conversation } = await leadCalls(lead);
    expect(twiml).toContain('<Connect action="https://baton.example.com/webhooks/twilio/voice/relay-ended">');
    expect(relay.url).toBe(`wss://baton.example.com/relay?callSid=${sid}`);
    expect(relay.welcomeGreeting).toMatch(/AI assistant/);
    await eventually(() => ofType('calls.call.started', conversation)[0], { what: 'call.started' });
    const consent = await eventually(() => ofType('messages.consent.recorded', conversation)[0], {
      what: 'consent.recorded',
    });
    expect(consent.data).toMatchObject({ channel: 'voice', granted: true, source: 'lead_initiated' });

    const { received } = await leadSaysAndAiAnswers(
      conversation,
      client,
      'I want to refinance my house',
      'Happy to help. What is the home worth, roughly?',
    );
    expect(received.data).toMatchObject({ channel: 'voice', leadPhone: lead, batonNumber });
    const sent = await eventually(() => ofType('messages.message.sent', conversation)[0], { what: 'message.sent' });
    expect(sent.data).toMatchObject({
      channel: 'voice',
      author: 'ai',
      body: 'Happy to help. What is the home worth, roughly?',
      disclosure: false,
    });

    // Both sides of the call are in the conversation's transcript.
    const transcript = (await (
      await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { role: 'supervisor' })
    ).json()) as { messages: { author: string; channel: string; body: string }[] };
    expect(transcript.messages.map((m) => [m.author, m.channel, m.body])).toEqual([
      ['lead', 'voice', 'I want to refinance my house'],
      ['ai', 'voice', 'Happy to help. What is the home worth, roughly?'],
    ]);
  });

  it('records no call by default; a recording URL Twilio reports is kept on call.recorded, and the end on call.ended, once', async () => {
    const { sid, twiml, conversation } = await leadCalls('+15125550124');
    expect(twiml).not.toContain('<Say>');
    expect(fake.voiceRequests.filter((r) => r.path.includes(`/Calls/${sid}/Recordings`))).toEqual([]);
    const recordingUrl = `https://api.twilio.com/2010-04-01/Accounts/${accountSid}/Recordings/RE${'d'.repeat(32)}`;
    expect(
      (
        await post('/webhooks/twilio/voice/status', {
          AccountSid: accountSid,
          CallSid: sid,
          RecordingSid: `RE${'d'.repeat(32)}`,
          RecordingUrl: recordingUrl,
          RecordingStatus: 'completed',
        })
      ).status,
    ).toBe(204);
    const recorded = await eventually(() => ofType('calls.call.recorded', conversation)[0], { what: 'call.recorded' });
    expect(recorded.data).toEqual({ callSid: sid, recordingSid: `RE${'d'.repeat(32)}`, recordingUrl });
    for (let i = 0; i < 2; i++)
      expect(
        (
          await post('/webhooks/twilio/voice/status', {
            AccountSid: accountSid,
            CallSid: sid,
            CallStatus: 'completed',
            CallDuration: '42',
          })
        ).status,
      ).toBe(204);
    const ended = await eventually(() => ofType('calls.call.ended', conversation)[0], { what: 'call.ended' });
    expect(ended.data).toEqual({ callSid: sid, durationSeconds: 42, status: 'completed' });
    expect(ofType('calls.call.ended', conversation)).toHaveLength(1);
  });

  it('warm-transfers a call: the transition line, the relay ended with handoffData, the lead in a conference, the rep whispered and joined (a take-over)', async () => {
    const lead = '+15125550121';
    const { sid, client, conversation } = await leadCalls(lead);
    await leadSaysAndAiAnswers(conversation, client, 'hello', 'Hi! What are you looking for?');
    const trigger = randomUUID();
    client.say('Can I talk to a real person please');
    const ask = await eventually(
      () =>
        ofType('messages.message.received', conversation).find((e) =>
          (e.data as { body: string }).body.startsWith('Can I talk'),
        ),
      { what: 'the ask' },
    );
    await handoffOnCall(conversation, ask, 'talk to a real person', 0.98);
    await fact(conversation, 'turn.granted', {
      turnId: trigger,
      inReplyTo: (ask.data as { messageId: string }).messageId,
      directive: 'handoff_transition',
    });
    clock.advance(1_000);
    await aiSays(conversation, trigger, 'Let me bring someone live in, give me one second.');

    // The lead hears the transition; the AI's session ends with the transfer's handoffData; the first rep is dialled.
    await eventually(() => client.ended, { what: 'the relay ended' });
    expect(client.lines.at(-1)).toBe('Let me bring someone live in, give me one second.');
    const { transferId } = JSON.parse(client.ended!) as { transferId: string; reason: string };
    const repLeg = await eventually(
      () => fake.calls.find((c) => c.to === reps[0]!.phone && c.url.includes(transferId)),
      { what: 'the rep leg' },
    );
    expect(repLeg).toMatchObject({ from: batonNumber, machineDetection: 'Enable', timeout: 20 });
    await eventually(() => ofType('calls.transfer.requested', conversation)[0], { what: 'transfer.requested' });

    // Twilio asks the Connect action: the lead waits in the conference, with hold music, and their leaving ends it.
    const onHold = await (
      await post('/webhooks/twilio/voice/relay-ended', {
        CallSid: sid,
        From: lead,
        To: batonNumber,
        AccountSid: accountSid,
        HandoffData: client.ended!,
      })
    ).text();
    expect(onHold).toMatch(
      /<Dial><Conference waitUrl="[^"]+" waitMethod="GET" startConferenceOnEnter="false" endConferenceOnExit="true"/,
    );
    expect(onHold).toContain(`baton-transfer-${transferId}</Conference>`);

    // The rep answers: the whisper (the lead is in the conference and does not hear it), then a key to join.
    const whisper = await answerRepLeg(repLeg);
    const spoken = /<Say>([^<]*)<\/Say>/.exec(whisper)![1]!;
    expect(spoken).toMatch(/explicit request/);
    expect(spoken).toMatch(/talk to a real person/);
    expect(spoken.replace(/ Press 1 to join the caller\.$/, '').split(/\s+/).length).toBeLessThanOrEqual(60);
    const action = /action="([^"]+)"/.exec(whisper)![1]!.replace(/&amp;/g, '&');
    const joined = await (
      await post(new URL(action).pathname + new URL(action).search, {
        CallSid: repLeg.sid,
        From: batonNumber,
        To: reps[0]!.phone,
        AccountSid: accountSid,
        Digits: '1',
      })
    ).text();
    expect(joined).toMatch(/<Conference startConferenceOnEnter="true" endConferenceOnExit="false"/);

    // The conference says the rep joined: transfer.connected with the time from the trigger (1 s + 11 s), and the rep takes over.
    clock.advance(11_000);
    expect(
      (
        await post(`/webhooks/twilio/voice/status?transfer=${transferId}&role=rep`, {
          AccountSid: accountSid,
          CallSid: repLeg.sid,
          ConferenceSid: `CF${'a'.repeat(32)}`,
          StatusCallbackEvent: 'participant-join',
          FriendlyName: `baton-transfer-${transferId}`,
        })
      ).status,
    ).toBe(204);
    const connected = await eventually(() => ofType('calls.transfer.connected', conversation)[0], {
      what: 'transfer.connected',
    });
    expect(connected.data).toMatchObject({
      callSid: sid,
      repId: 'rep-ana',
      repCallSid: repLeg.sid,
      triggerToRepMs: 12_000,
    });
    const takeOver = await eventually(() => ofType('commands.take-over.requested', conversation)[0], {
      what: 'take-over',
    });
    expect(takeOver.data).toMatchObject({
      repId: 'rep-ana',
      actor: { kind: 'rep', id: 'rep-ana' },
      via: 'warm_transfer',
    });
    expect(ofType('calls.participant.updated', conversation).map((e) => (e.data as { event: string }).event)).toContain(
      'participant-join',
    );

    // conversation-state's answer: a rep drives. The lead then texts; the AI's reply is refused (fenced on both channels).
    await fact(conversation, 'human.took-over', { repId: 'rep-ana' });
    const text = {
      From: lead,
      To: batonNumber,
      Body: 'ok also what about fees',
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      AccountSid: accountSid,
    };
    expect((await post('/webhooks/twilio/sms', text)).status).toBe(200);
    const textMessage = await eventually(
      () =>
        ofType('messages.message.received', conversation).find((e) => (e.data as { body: string }).body === text.Body),
      { what: 'the text' },
    );
    // Even with a turn in hand (a grant that raced the take-over), the AI is refused: a rep drives.
    const late = randomUUID();
    await fact(conversation, 'turn.granted', {
      turnId: late,
      inReplyTo: (textMessage.data as { messageId: string }).messageId,
      directive: 'qualify',
    });
    await aiSays(conversation, late, 'Fees are low!');
    const blocked = await eventually(
      () =>
        ofType('messages.message.blocked', conversation).find((e) => (e.data as { turnId?: string }).turnId === late),
      { what: 'the AI refused' },
    );
    expect((blocked.data as { reason: string }).reason).toBe('human_spoke');
    expect(fake.created.filter((m) => m.to === lead)).toEqual([]);
  });

  it("whispers the brief's spoken summary once briefing published it (brief.updated, the newest version), and the handoff's reason before", async () => {
    const lead = '+15125550141';
    const { client, conversation } = await leadCalls(lead);
    client.say('I want to refinance, can I talk to someone');
    const ask = await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the ask' });
    await handoffOnCall(conversation, ask, 'talk to someone', 0.97);
    const transferId = await transitionSaid(conversation, ask, client);
    const repLeg = await eventually(
      () => fake.calls.find((c) => c.url.includes(transferId) && c.to === reps[0]!.phone),
      { what: 'the rep leg' },
    );
    const entities: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
    const said = async () =>
      /<Say>([^<]*)<\/Say>/
        .exec(await answerRepLeg(repLeg))![1]!
        .replace(/&(quot|apos|lt|gt|amp);/g, (m) => entities[m]!)
        .replace(/ Press 1 to join the caller\.$/, '');

    // No brief yet: the handoff's reason, its evidence and the lead's words.
    expect(await said()).toBe(
      'Warm transfer: explicit request, "talk to someone". The lead said: I want to refinance, can I talk to someone.',
    );

    // briefing's draft while the handoff waits: its spoken summary is the whisper; a newer version replaces it.
    const briefId = randomUUID();
    const updated = (version: number, spokenSummary?: string) =>
      newEvent(BriefUpdated, {
        subject: conversation,
        tenantid: 'default',
        source: '/baton/briefing',
        data: {
          briefId,
          version,
          cycle: 1,
          mode: 'warm_transfer',
          ...(spokenSummary ? { spokenSummary } : {}),
          briefUrl: `${publicUrl}/v1/conversations/${conversation}/brief`,
        },
      });
    await gateway.connections.bus.publish(topics.briefs, [
      busMessage(updated(3, 'Caller wants to refinance and asked for a person.')),
    ]);
    await eventually(async () => (await said()) === 'Caller wants to refinance and asked for a person.', {
      what: 'the whisper from brief.updated',
    });
    await gateway.connections.bus.publish(topics.briefs, [
      busMessage(updated(4, 'Caller wants to refinance their house this month and asked for a person.')),
    ]);
    await eventually(
      async () => (await said()) === 'Caller wants to refinance their house this month and asked for a person.',
      { what: 'the newer version' },
    );

    // An older version (a late or repeated event, brief.updated or brief.ready) changes nothing; a newer one without a whisper clears it.
    const store = gateway.app.get(CallStore);
    const sql = gateway.app.get<Sql>(SQL);
    expect(await store.setSpokenBrief(sql, 'default', conversation, { version: 3, spokenSummary: 'stale' })).toBe(
      false,
    );
    expect(await store.setSpokenBrief(sql, 'default', conversation, { version: 4, spokenSummary: 'repeated' })).toBe(
      false,
    );
    expect(await said()).toBe('Caller wants to refinance their house this month and asked for a person.');
    const ready = newEvent(BriefReady, {
      subject: conversation,
      tenantid: 'default',
      source: '/baton/briefing',
      data: {
        briefId,
        version: 5,
        cycle: 1,
        engine: 'extractive',
        summary: 's',
        openingLine: 'o',
        reason: 'rep_took_over',
        repId: 'rep-ana',
        briefUrl: `${publicUrl}/b`,
        transcriptUrl: `${publicUrl}/t`,
        fields: {
          lead: { phone: lead },
          source: {},
          need: [],
          timeline: [],
          urgency: 'unknown',
          specifics: [],
          financialProfile: [],
          decisionMakers: [],
          objections: [],
          competitors: [],
          contactPreference: [],
          sentiment: { trajectory: '', points: [] },
          reQuestions: [],
        },
      },
    });
    await gateway.connections.bus.publish(topics.briefs, [busMessage(ready)]);
    await eventually(async () => (await said()).startsWith('Warm transfer: explicit request'), {
      what: 'the whisper cleared by a newer brief without one',
    });
  });

  it('tries the next rep on no answer, and on voicemail falls back: the AI back on the line offering a booking or a callback', async () => {
    const lead = '+15125550122';
    const { sid, client, conversation } = await leadCalls(lead);
    client.say('I need a human now');
    const ask = await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the ask' });
    await handoffOnCall(conversation, ask, 'a human');
    const transferId = await transitionSaid(conversation, ask, client);
    const first = await eventually(
      () => fake.calls.find((c) => c.url.includes(transferId) && c.to === reps[0]!.phone),
      { what: 'rep 1 dialled' },
    );

    // Rep 1 does not answer in time: rep 2 is dialled.
    // Twilio posts the leg's status to the callback Baton gave it (which names the attempt).
    expect(first.statusCallback).toBe(
      `${publicUrl}/webhooks/twilio/voice/status?transfer=${transferId}&attempt=1&role=rep`,
    );
    await post(new URL(first.statusCallback!).pathname + new URL(first.statusCallback!).search, {
      AccountSid: accountSid,
      CallSid: first.sid,
      CallStatus: 'no-answer',
    });
    const second = await eventually(
      () => fake.calls.find((c) => c.url.includes(transferId) && c.to === reps[1]!.phone),
      { what: 'rep 2 dialled' },
    );
    // Rep 2's phone goes to voicemail (answering-machine detection): nobody is left, so the AI comes back.
    const answer = await answerRepLeg(second, 'machine_start');
    expect(answer).toContain('<Hangup/>');
    const failed = await eventually(() => ofType('calls.transfer.failed', conversation)[0], {
      what: 'transfer.failed',
    });
    expect(failed.data).toMatchObject({ callSid: sid, transferId, attempts: 2 });
    expect((failed.data as { reason: string }).reason).toMatch(/voicemail/);
    const redirect = await eventually(
      () =>
        fake.voiceRequests.find((r) => r.method === 'POST' && r.path.endsWith(`/Calls/${sid}.json`) && r.params.Twiml),
      { what: 'the lead brought back to the AI' },
    );
    expect(redirect.params.Twiml).toContain('<ConversationRelay');
    expect(redirect.params.Twiml).toMatch(/book you a time.*call you back/);
  });

  it('brings a rep who takes over at the console onto the call: the announcement said, the AI gone, the rep dialled; a rep with no phone ends the call politely', async () => {
    const { sid, client, conversation } = await leadCalls('+15125550126');
    await leadSaysAndAiAnswers(
      conversation,
      client,
      'what rates do you have',
      'Depends on your credit. Roughly what is your score?',
    );
    await fact(conversation, 'human.took-over', {
      repId: 'rep-bo',
      announcement: "I'm bringing in Bo from our team, who'll take it from here.",
    });
    await eventually(() => client.ended, { what: 'the relay ended' });
    expect(client.lines.at(-1)).toBe("I'm bringing in Bo from our team, who'll take it from here.");
    const { transferId } = JSON.parse(client.ended!) as { transferId: string };
    await eventually(() => fake.calls.find((c) => c.to === reps[1]!.phone && c.url.includes(transferId)), {
      what: "Bo's leg",
    });
    expect(
      await (
        await post('/webhooks/twilio/voice/relay-ended', {
          CallSid: sid,
          From: '+15125550126',
          To: batonNumber,
          AccountSid: accountSid,
          HandoffData: client.ended!,
        })
      ).text(),
    ).toContain('<Conference');
    // The AI, fenced off, says nothing more on the call.
    const blockedTurn = randomUUID();
    await fact(conversation, 'turn.granted', { turnId: blockedTurn, inReplyTo: 'x', directive: 'qualify' });
    await aiSays(conversation, blockedTurn, 'Anything else?');
    await eventually(
      () =>
        ofType('messages.message.blocked', conversation).find(
          (e) => (e.data as { turnId?: string }).turnId === blockedTurn,
        ),
      { what: 'the AI refused' },
    );

    const other = await leadCalls('+15125550127');
    await leadSaysAndAiAnswers(other.conversation, other.client, 'hi', 'Hi there!');
    await fact(other.conversation, 'human.took-over', {
      repId: 'rep-unknown',
      announcement: "I'm bringing in a member of our team, who'll take it from here.",
    });
    await eventually(() => other.client.ended, { what: 'the relay ended' });
    expect(JSON.parse(other.client.ended!)).toEqual({ reason: 'rep_took_over' });
    const goodbye = await (
      await post('/webhooks/twilio/voice/relay-ended', {
        CallSid: other.sid,
        From: '+15125550127',
        To: batonNumber,
        AccountSid: accountSid,
        HandoffData: other.client.ended!,
      })
    ).text();
    expect(goodbye).toMatch(/<Say>A member of our team is taking it from here.*<\/Say><Hangup\/>/);
  });

  it('takes a rep who presses another key after the whisper as a decline: their leg ends, the next rep is dialled', async () => {
    const lead = '+15125550129';
    const { client, conversation } = await leadCalls(lead);
    client.say('a human please');
    const ask = await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the ask' });
    await handoffOnCall(conversation, ask, 'a human');
    const transferId = await transitionSaid(conversation, ask, client);
    const first = await eventually(
      () => fake.calls.find((c) => c.url.includes(transferId) && c.to === reps[0]!.phone),
      { what: 'rep 1 dialled' },
    );
    const whisper = await answerRepLeg(first);
    const action = /action="([^"]+)"/.exec(whisper)![1]!.replace(/&amp;/g, '&');
    const declined = await (
      await post(new URL(action).pathname + new URL(action).search, {
        CallSid: first.sid,
        From: batonNumber,
        To: reps[0]!.phone,
        AccountSid: accountSid,
        Digits: '9',
      })
    ).text();
    expect(declined).toContain('<Hangup/>');
    await eventually(() => fake.calls.find((c) => c.url.includes(transferId) && c.to === reps[1]!.phone), {
      what: 'rep 2 dialled',
    });
    await eventually(
      () =>
        fake.voiceRequests.find((r) => r.path.endsWith(`/Calls/${first.sid}.json`) && r.params.Status === 'completed'),
      { what: "rep 1's leg ended" },
    );
    const requested = await eventually(
      () =>
        ofType('calls.transfer.requested', conversation).length >= 2 &&
        ofType('calls.transfer.requested', conversation),
      { what: 'both transfer.requested' },
    );
    expect(requested.map((e) => (e.data as { attempt: number; repId: string }).repId)).toEqual(['rep-ana', 'rep-bo']);
  });

  it('dials the first rep once, whether the transition line or the Connect action comes first', async () => {
    const lead = '+15125550128';
    const { sid, client, conversation } = await leadCalls(lead);
    client.say('I want a person');
    const ask = await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the ask' });
    await handoffOnCall(conversation, ask, 'a person');
    const { rows } = await eventually(
      async () => {
        const found = await gateway.connections.sql.query<{ transfer_id: string }>(
          'SELECT transfer_id FROM gateway_transfers WHERE lead_call_sid = $1',
          [sid],
        );
        return found.rows.length > 0 && found;
      },
      { what: 'the transfer opened' },
    );
    const transferId = rows[0]!.transfer_id;
    // Twilio asks the Connect action before Baton got to dial (say, after a crash): the rep is dialled now.
    const hold = await (
      await post('/webhooks/twilio/voice/relay-ended', {
        CallSid: sid,
        From: lead,
        To: batonNumber,
        AccountSid: accountSid,
        HandoffData: JSON.stringify({ reason: 'warm_transfer', transferId }),
      })
    ).text();
    expect(hold).toContain(`baton-transfer-${transferId}`);
    await eventually(() => fake.calls.find((c) => c.url.includes(transferId)), { what: 'rep dialled' });
    // The transition line said afterwards dials nobody again.
    const turnId = randomUUID();
    await fact(conversation, 'turn.granted', {
      turnId,
      inReplyTo: (ask.data as { messageId: string }).messageId,
      directive: 'handoff_transition',
    });
    await aiSays(conversation, turnId, 'Let me bring someone live in, give me one second.');
    await eventually(
      () =>
        ofType('messages.message.sent', conversation).find((e) => (e.data as { turnId?: string }).turnId === turnId),
      { what: 'the line said' },
    );
    expect(fake.calls.filter((c) => c.url.includes(transferId))).toHaveLength(1);
  });

  it('ends a transfer when the lead hangs up on hold: the ringing rep leg is hung up, and no one is whispered to', async () => {
    const lead = '+15125550125';
    const { sid, client, conversation } = await leadCalls(lead);
    client.say('get me a person');
    const ask = await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the ask' });
    await handoffOnCall(conversation, ask, 'a person');
    const transferId = await transitionSaid(conversation, ask, client);
    const leg = await eventually(() => fake.calls.find((c) => c.url.includes(transferId)), { what: 'rep dialled' });
    expect(
      (
        await post('/webhooks/twilio/voice/status', {
          AccountSid: accountSid,
          CallSid: sid,
          CallStatus: 'completed',
          CallDuration: '30',
        })
      ).status,
    ).toBe(204);
    const failed = await eventually(() => ofType('calls.transfer.failed', conversation)[0], {
      what: 'transfer.failed',
    });
    expect(failed.data).toMatchObject({ transferId, reason: 'the lead hung up', attempts: 1 });
    await eventually(
      () =>
        fake.voiceRequests.find((r) => r.path.endsWith(`/Calls/${leg.sid}.json`) && r.params.Status === 'completed'),
      { what: 'the rep leg hung up' },
    );
    expect(await answerRepLeg(leg)).toContain('no longer waiting');
  });

  it('refuses an unsigned relay handshake (403), and closes a relay socket that sends malformed messages, with a reason, and goes on serving', async () => {
    const url = `${gateway.url.replace(/^http/, 'ws')}/relay`;
    const signed = { authToken: token, url: 'wss://baton.example.com/relay' };
    // A handshake Twilio did not sign is refused before any socket exists.
    await expect(new FakeConversationRelay().connect(url)).rejects.toThrow(/handshake refused: 403/);
    await expect(
      new FakeConversationRelay().connect(url, { authToken: 'not-the-token', url: signed.url }),
    ).rejects.toThrow(/handshake refused: 403/);
    const notJson = await new FakeConversationRelay().connect(url, signed);
    notJson.send('{not json');
    await eventually(() => notJson.closed, { what: 'closed' });
    expect(notJson.closed).toEqual({ code: 4400, reason: 'not a JSON text message' });

    const unknown = await new FakeConversationRelay().connect(url, signed);
    unknown.send({ type: 'prompt', voicePrompt: 42 });
    await eventually(() => unknown.closed, { what: 'closed' });
    expect(unknown.closed).toEqual({ code: 4400, reason: 'malformed prompt message' });

    const early = await new FakeConversationRelay().connect(url, signed);
    early.say('hello?');
    await eventually(() => early.closed, { what: 'closed' });
    expect(early.closed).toEqual({ code: 4409, reason: 'prompt before setup' });

    const stranger = await new FakeConversationRelay().connect(url, signed);
    stranger.setup(callSid());
    await eventually(() => stranger.closed, { what: 'closed' });
    expect(stranger.closed).toEqual({ code: 4404, reason: 'no live call with that CallSid' });

    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    // A good session still works after the bad ones.
    const { client, conversation } = await leadCalls('+15125550123');
    await leadSaysAndAiAnswers(conversation, client, 'still there?', 'Yes, I am here.');
  });

  describe('outbound AI calls (POST /v1/conversations/{id}/calls)', () => {
    const placeCall = (conversation: string) =>
      gateway.fetchAs(`/v1/conversations/${conversation}/calls`, {
        method: 'POST',
        role: 'rep',
        body: JSON.stringify({ reason: 'follow up' }),
      });

    it('refuses to call a lead who consented to texts only (409), and calls one who called in', async () => {
      const lead = '+15125550130';
      const text = {
        From: lead,
        To: batonNumber,
        Body: 'hi there',
        MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
        AccountSid: accountSid,
      };
      await post('/webhooks/twilio/sms', text);
      const conversation = conversationOf(lead);
      await eventually(() => ofType('messages.message.received', conversation)[0], { what: 'the text' });
      const refused = await placeCall(conversation);
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await refused.json()).toMatchObject({ code: 'no_consent', detail: expect.stringMatching(/texts only/) });
      expect(fake.calls.filter((c) => c.to === lead)).toEqual([]);
      await eventually(() => ofType('calls.call.refused', conversation)[0], { what: 'call.refused' });

      // Bad input is a 400 problem.
      const bad = await gateway.fetchAs(`/v1/conversations/${conversation}/calls`, {
        method: 'POST',
        role: 'rep',
        body: JSON.stringify({ reason: 7 }),
      });
      expect(bad.status).toBe(400);

      const caller = '+15125550131';
      await leadCalls(caller);
      const placed = await placeCall(conversationOf(caller));
      expect(placed.status).toBe(201);
      const { callSid: placedSid } = (await placed.json()) as { callSid: string };
      expect(fake.calls.find((c) => c.sid === placedSid)).toMatchObject({
        to: caller,
        from: batonNumber,
        url: `${publicUrl}/webhooks/twilio/voice`,
      });
    });

    it("takes the agent's call move (call.requested) under the same rules: an opted-out lead is never called", async () => {
      const lead = '+15125550132';
      const { client, conversation } = await leadCalls(lead);
      const ask = (key: string) =>
        gateway.connections.bus.publish(topics.outboundCommands, [
          busMessage(
            newEvent(CallRequested, {
              subject: conversation,
              tenantid: 'default',
              source: '/baton/ai-agent',
              data: { idempotencyKey: key, author: 'ai', reason: 'the lead asked to be called' },
            }),
          ),
        ]);
      await ask('ai-call:t1');
      await eventually(
        () =>
          ofType('calls.call.started', conversation).find(
            (e) => (e.data as { direction: string }).direction === 'outbound',
          ),
        { what: 'the outbound call' },
      );
      expect(fake.calls.filter((c) => c.to === lead)).toHaveLength(1);
      // The lead says STOP on the call: opted out of everything, and never called again.
      client.say('STOP');
      await eventually(() => ofType('messages.lead.opted-out', conversation)[0], { what: 'opted out' });
      await ask('ai-call:t2');
      const refused = await eventually(() => ofType('calls.call.refused', conversation)[0], { what: 'call.refused' });
      expect(refused.data).toMatchObject({ idempotencyKey: 'ai-call:t2', reason: 'opted_out' });
      expect(fake.calls.filter((c) => c.to === lead)).toHaveLength(1);
    });

    it('calls a Florida lead at most three times in 24 hours, and never in their quiet hours', async () => {
      const lead = '+13055550140'; // Miami
      await leadCalls(lead);
      const conversation = conversationOf(lead);
      for (let i = 0; i < 3; i++) {
        expect((await placeCall(conversation)).status).toBe(201);
        clock.advance(60_000);
      }
      const fourth = await placeCall(conversation);
      expect(fourth.status).toBe(409);
      expect(await fourth.json()).toMatchObject({ code: 'call_limit' });
      // A day later the limit is clear, but 22:30 in Miami is quiet hours.
      clock.set('2026-03-05T03:30:00.000Z');
      const late = await placeCall(conversation);
      expect(late.status).toBe(409);
      expect(await late.json()).toMatchObject({ code: 'quiet_hours' });
      clock.set('2026-03-05T15:00:00.000Z');
      expect((await placeCall(conversation)).status).toBe(201);
    });
  });
});

describe('channel-gateway voice with recording on (BATON_CALL_RECORDING=true)', () => {
  let db: TestDatabase;
  let fake: FakeTwilio;
  let gateway: Awaited<ReturnType<typeof startForTest>>;
  let relay: FakeConversationRelay | undefined;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    fake = new FakeTwilio();
    await fake.start();
    gateway = await startForTest(
      [channelGatewayService],
      {
        DATABASE_URL: db.url!,
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: token,
        BATON_PUBLIC_URL: publicUrl,
        TWILIO_API_BASE_URL: fake.url,
        BATON_SWEEP_INTERVAL_MS: '600000',
        BATON_CALL_RECORDING: 'true',
      },
      { clock: new ManualClock(new Date('2026-03-03T18:00:00.000Z')) },
    );
  });
  afterAll(async () => {
    relay?.close();
    await gateway?.cleanup();
    await fake?.stop();
    await db?.drop();
  });

  it('says the recording notice before anything else, and starts recording only once the AI is on the line', async () => {
    const sid = `CA${randomUUID().replace(/-/g, '')}`;
    const params = {
      CallSid: sid,
      From: '+15125550150',
      To: batonNumber,
      Direction: 'inbound',
      AccountSid: accountSid,
    };
    const answer = await fetch(`${gateway.url}/webhooks/twilio/voice`, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/voice`, params),
      },
    });
    const twiml = await answer.text();
    expect(twiml).toMatch(/<Response><Say>This call is recorded for quality\.<\/Say><Connect /);
    expect(fake.voiceRequests.filter((r) => r.path.includes('/Recordings'))).toEqual([]);
    relay = await new FakeConversationRelay().connect(
      relayOf(twiml)!.url.replace(/^wss:\/\/baton\.example\.com/, gateway.url.replace(/^http/, 'ws')),
      { authToken: token, url: relayOf(twiml)!.url },
    );
    relay.setup(sid);
    const started = await eventually(
      () => fake.voiceRequests.find((r) => r.path.endsWith(`/Calls/${sid}/Recordings.json`)),
      { what: 'recording started' },
    );
    expect(started.params.RecordingStatusCallback).toBe(`${publicUrl}/webhooks/twilio/voice/status`);
  });
});

describe('channel-gateway voice across two gateway processes (one database)', () => {
  let db: TestDatabase;
  let fake: FakeTwilio;
  let holder: Awaited<ReturnType<typeof startForTest>>;
  let other: Awaited<ReturnType<typeof startForTest>>;
  let relay: FakeConversationRelay | undefined;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    fake = new FakeTwilio();
    await fake.start();
    const env = {
      DATABASE_URL: db.url!,
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: token,
      BATON_PUBLIC_URL: publicUrl,
      TWILIO_API_BASE_URL: fake.url,
      BATON_SWEEP_INTERVAL_MS: '600000',
    };
    const clock = new ManualClock(new Date('2026-03-03T18:00:00.000Z'));
    holder = await startForTest([channelGatewayService], env, { clock });
    other = await startForTest([channelGatewayService], env, { clock });
  });
  afterAll(async () => {
    relay?.close();
    await other?.cleanup();
    await holder?.cleanup();
    await fake?.stop();
    await db?.drop();
  });

  it('says a line decided by one process on the relay socket another one holds, and knows the call is live there', async () => {
    const sid = `CA${randomUUID().replace(/-/g, '')}`;
    const lead = '+15125550160';
    const params = { CallSid: sid, From: lead, To: batonNumber, Direction: 'inbound', AccountSid: accountSid };
    const twiml = await (
      await fetch(`${holder.url}/webhooks/twilio/voice`, {
        method: 'POST',
        body: new URLSearchParams(params).toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/voice`, params),
        },
      })
    ).text();
    relay = await new FakeConversationRelay().connect(
      relayOf(twiml)!.url.replace(/^wss:\/\/baton\.example\.com/, holder.url.replace(/^http/, 'ws')),
      { authToken: token, url: relayOf(twiml)!.url },
    );
    relay.setup(sid);
    const conversation = LeadDirectory.conversationIdOf('default', lead, batonNumber);
    const elsewhere = other.app.get(RelaySessions);
    await eventually(() => elsewhere.live('default', conversation), {
      what: 'the call live, seen from the other process',
    });
    expect(elsewhere.holds('default', conversation)).toBe(false);
    const row = {
      sendId: 'ai:t-elsewhere',
      tenantId: 'default',
      conversationId: conversation,
      author: 'ai' as const,
      channel: 'voice' as const,
      body: 'Said from the other process.',
      status: 'sending' as const,
      disclose: false,
      createdAt: new Date(),
    };
    const { providerSid } = await other.app.get(WarmTransfers).say(row, 'qualify');
    expect(providerSid).toBe(`${sid}:ai:t-elsewhere`);
    await eventually(() => relay!.lines.includes('Said from the other process.') || undefined, {
      what: "the line on the holder's socket",
    });
  });
});
