import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { newEvent, OutboundRequested, parseCatalogued, topics, type CloudEvent } from '@baton/contracts';
import { startForTest } from '@baton/service-runtime/testing';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import { Inbound } from '../src/adapters/inbound';
import { LeadDirectory } from '../src/adapters/lead-directory';
import { SendGateStore } from '../src/adapters/send-gate-store';
import { Sender } from '../src/adapters/sender';
import { channelGatewayService } from '../src/service';
import { FakeTwilio } from '@baton/testing';

const token = 'test-auth-token-0123456789';
const publicUrl = 'https://baton.example.com';
const batonNumber = '+15125550199';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function eventually<T>(check: () => T | undefined | false, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error('not in time');
    await sleep(25);
  }
}

describe('channel-gateway with Twilio (a local server speaking its API)', () => {
  let db: TestDatabase;
  let fake: FakeTwilio;
  let gateway: Awaited<ReturnType<typeof startForTest>>;
  const published: CloudEvent[] = [];

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    fake = new FakeTwilio();
    await fake.start();
    Object.assign(process.env, { TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: token, BATON_PUBLIC_URL: publicUrl, TWILIO_API_BASE_URL: fake.url, BATON_SWEEP_INTERVAL_MS: '600000' });
    gateway = await startForTest([channelGatewayService], { DATABASE_URL: db.url!, BATON_PUBLIC_URL: publicUrl });
    for (const topic of [topics.messages, topics.conversationCommands]) {
      await gateway.connections.bus.subscribe({ groupId: `observer-${topic}`, topics: [topic], handle: async (d) => { published.push(parseCatalogued(d.value)); } });
    }
  });
  afterAll(async () => {
    await gateway?.cleanup();
    await fake?.stop();
    await db?.drop();
    for (const k of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'BATON_PUBLIC_URL', 'TWILIO_API_BASE_URL', 'BATON_SWEEP_INTERVAL_MS']) delete process.env[k];
  });

  const webhook = (params: Record<string, string>, signature?: string | null) => {
    const url = `${publicUrl}/webhooks/twilio/sms`;
    const sig = signature === undefined ? twilio.getExpectedTwilioSignature(token, url, params) : signature;
    return fetch(`${gateway.url}/webhooks/twilio/sms`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...(sig ? { 'x-twilio-signature': sig } : {}) }, body: new URLSearchParams(params).toString(),
    });
  };
  const leadText = (from: string, body: string, sid = `SM${randomUUID().replace(/-/g, '')}`, extra: Record<string, string> = {}) =>
    ({ From: from, To: batonNumber, Body: body, MessageSid: sid, AccountSid: `AC${'1'.repeat(32)}`, ...extra });
  const ofType = (type: string, subject?: string) => published.filter((e) => e.type === type && (!subject || e.subject === subject));
  const conversationOf = (lead: string) => LeadDirectory.conversationIdOf('default', lead, batonNumber);

  it('takes a signed inbound text once, however often Twilio retries it, and answers empty TwiML', async () => {
    const lead = '+15125550101';
    const params = leadText(lead, 'Hi, I saw your listing on Maple St');
    const first = await webhook(params);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await first.text()).toContain('<Response></Response>');
    expect((await webhook(params)).status).toBe(200);
    await eventually(() => ofType('baton.messages.message.received.v1', conversationOf(lead)).length > 0);
    await sleep(300);
    expect(ofType('baton.messages.message.received.v1', conversationOf(lead))).toHaveLength(1);
    expect(ofType('baton.messages.consent.recorded.v1', conversationOf(lead))[0]!.data).toMatchObject({ channel: 'sms', granted: true, source: 'lead_initiated' });
  });

  it('refuses forged, unsigned and tampered webhooks with 403, records them, and changes nothing', async () => {
    const params = leadText('+15125550102', 'forged');
    expect((await webhook(params, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await webhook(params, null)).status).toBe(403);
    const signed = twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/sms`, params);
    expect((await webhook({ ...params, Body: 'tampered' }, signed)).status).toBe(403);
    const problem = await (await webhook(params, 'x')).json() as { status: number; detail: string };
    expect(problem).toMatchObject({ status: 403, detail: 'bad X-Twilio-Signature' });
    const sql = await db.open();
    expect((await sql.query('SELECT 1 FROM gateway_rejected_webhooks')).rowCount).toBeGreaterThanOrEqual(4);
    expect((await sql.query('SELECT 1 FROM gateway_inbound WHERE from_phone = $1', ['+15125550102'])).rowCount).toBe(0);
  });

  it('records a webhook once even when two gateway instances receive it', async () => {
    const other = await startForTest([channelGatewayService], { DATABASE_URL: db.url!, BATON_PUBLIC_URL: publicUrl });
    try {
      const params = leadText('+15125550103', 'same text, two instances');
      const sign = twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/sms`, params);
      const [a, b] = await Promise.all([gateway.url, other.url].map((base) => fetch(`${base}/webhooks/twilio/sms`, {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign }, body: new URLSearchParams(params).toString(),
      })));
      expect([a!.status, b!.status]).toEqual([200, 200]);
      const sql = await db.open();
      expect((await sql.query('SELECT 1 FROM gateway_inbound WHERE provider_message_id = $1', [params.MessageSid])).rowCount).toBe(1);
    } finally {
      await other.cleanup();
    }
  });

  it('sends the AI its granted turn through Twilio, with the disclosure once, and fences it off after a rep writes', async () => {
    const lead = '+15125550104';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'Looking to refinance'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation).length > 0);
    const grant = (turnId: string) => ({
      specversion: '1.0', id: randomUUID(), type: 'baton.conversations.turn.granted.v1', source: '/baton/test', subject: conversation, time: new Date().toISOString(),
      tenantid: 'default', correlationid: randomUUID(), data: { turnId, inReplyTo: 'm1', directive: 'qualify', actor: { kind: 'system' }, cause: 'test', at: new Date().toISOString() },
    });
    const aiSays = (turnId: string, body: string) => newEvent(OutboundRequested, { subject: conversation, tenantid: 'default', source: '/baton/ai-agent', data: { idempotencyKey: `ai:${turnId}`, author: 'ai', turnId, channel: 'sms', body } });
    await gateway.connections.bus.publish(topics.conversations, [{ key: conversation, value: JSON.stringify(grant('turn-1')) }]);
    await gateway.connections.bus.publish(topics.outboundCommands, [{ key: conversation, value: JSON.stringify(aiSays('turn-1', 'Happy to help! What is your current rate?')) }]);
    const first = await eventually(() => fake.created.find((m) => m.to === lead));
    expect(first.body).toMatch(/^Happy to help! What is your current rate\? \(You're texting with an AI assistant/);
    await eventually(() => ofType('baton.messages.message.sent.v1', conversation).length > 0);

    const rep = await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { method: 'POST', role: 'rep', body: JSON.stringify({ body: 'Hi, Dana here from the loan team' }) });
    expect(rep.status).toBe(202);
    expect(await rep.json()).toMatchObject({ kind: 'send' });
    // even with a fresh turn granted afterwards, the AI stays fenced off until a hand-back
    await gateway.connections.bus.publish(topics.conversations, [{ key: conversation, value: JSON.stringify(grant('turn-2')) }]);
    await sleep(200);
    await gateway.connections.bus.publish(topics.outboundCommands, [{ key: conversation, value: JSON.stringify(aiSays('turn-2', 'Are you still there?')) }]);
    const blocked = await eventually(() => ofType('baton.messages.message.blocked.v1', conversation)[0]);
    expect(blocked.data).toMatchObject({ reason: 'human_spoke', turnId: 'turn-2' });
    expect(fake.created.filter((m) => m.to === lead).map((m) => m.body.slice(0, 12))).toEqual(['Happy to hel', 'Hi, Dana her']);
  });

  it('opts a lead out on STOP, confirms once, and sends nothing after', async () => {
    const lead = '+15125550105';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'Tell me more'));
    await webhook(leadText(lead, '  stop '));
    await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversation)[0]);
    await eventually(() => fake.created.find((m) => m.to === lead));
    await webhook(leadText(lead, 'STOP'));
    await sleep(300);
    const rep = await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { method: 'POST', role: 'rep', body: JSON.stringify({ body: 'one more thing' }) });
    expect(await rep.json()).toMatchObject({ kind: 'block', reason: 'opted_out' });
    expect(fake.created.filter((m) => m.to === lead).map((m) => m.body)).toEqual([expect.stringMatching(/opted out/)]);
  });

  it("trusts Twilio's own opt-out handling and does not confirm twice", async () => {
    const lead = '+15125550106';
    await webhook(leadText(lead, 'unsubscribe', undefined, { OptOutType: 'STOP' }));
    await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversationOf(lead))[0]);
    await sleep(200);
    expect(fake.created.filter((m) => m.to === lead)).toEqual([]);
  });

  it('marks the lead opted out when Twilio answers 21610', async () => {
    const lead = '+15125550107';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'hello'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation)[0]);
    fake.refuseWith = { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' };
    try {
      await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { method: 'POST', role: 'rep', body: JSON.stringify({ body: 'hi there' }) });
      const out = await eventually(() => ofType('baton.messages.lead.opted-out.v1', conversation)[0]);
      expect(out.data).toMatchObject({ source: 'provider' });
    } finally {
      fake.refuseWith = undefined;
    }
  });

  it('after a crash between recording a send and calling Twilio, looks the message up and never sends it twice', async () => {
    const sql = await db.open();
    const gate = gateway.app.get(SendGateStore);
    const sender = gateway.app.get(Sender);
    const lead = '+15125550108';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'hi'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation)[0]);
    const place = { zones: ['America/Chicago'], state: 'TX' };
    const window = { start: '00:00', end: '23:59' };
    // A: Twilio got it before the crash; B: it never did.
    const a = await gate.decide({ tenantId: 'default', conversationId: conversation, idempotencyKey: 'crash-a', author: 'rep', repId: 'r', channel: 'sms', body: 'sent before the crash', at: new Date().toISOString() }, place, window);
    const b = await gate.decide({ tenantId: 'default', conversationId: conversation, idempotencyKey: 'crash-b', author: 'rep', repId: 'r', channel: 'sms', body: 'never reached Twilio', at: new Date().toISOString() }, place, window);
    expect([a.verdict.kind, b.verdict.kind]).toEqual(['send', 'send']);
    fake.held.push({ sid: `SM${'9'.repeat(32)}`, to: lead, from: batonNumber, body: 'sent before the crash', dateSent: new Date().toUTCString(), receivedAtMs: Date.now() });
    await sql.query(`UPDATE gateway_sends SET updated_at = now() - interval '1 minute', created_at = now() - interval '1 minute' WHERE idempotency_key IN ('crash-a', 'crash-b')`);
    const before = fake.created.length;
    expect(await sender.recover()).toBe(2);
    expect(await sender.recover()).toBe(0);
    expect(fake.created.slice(before).map((m) => m.body)).toEqual(['never reached Twilio']);
    const { rows } = await sql.query<{ idempotency_key: string; status: string; provider_sid: string }>(`SELECT idempotency_key, status, provider_sid FROM gateway_sends WHERE idempotency_key IN ('crash-a', 'crash-b') ORDER BY idempotency_key`);
    expect(rows).toEqual([{ idempotency_key: 'crash-a', status: 'sent', provider_sid: `SM${'9'.repeat(32)}` }, expect.objectContaining({ idempotency_key: 'crash-b', status: 'sent' })]);
  });

  const statusCallback = (params: Record<string, string>) => {
    const url = `${publicUrl}/webhooks/twilio/status`;
    return fetch(`${gateway.url}/webhooks/twilio/status`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) },
      body: new URLSearchParams(params).toString(),
    });
  };

  it('applies signed status callbacks once and never backwards', async () => {
    const lead = '+15125550109';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'hi'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation)[0]);
    await gateway.fetchAs(`/v1/conversations/${conversation}/messages`, { method: 'POST', role: 'rep', body: JSON.stringify({ body: 'status test' }) });
    const sent = await eventually(() => fake.created.find((m) => m.to === lead));
    const base = { MessageSid: sent.sid, To: lead, From: batonNumber, AccountSid: `AC${'1'.repeat(32)}` };
    for (const status of ['sent', 'delivered', 'sent', 'delivered']) expect((await statusCallback({ ...base, MessageStatus: status })).status).toBe(204);
    await sleep(300);
    const updates = ofType('baton.messages.message.delivery-updated.v1', conversation).map((e) => (e.data as { status: string }).status);
    expect(updates).toEqual(['sent', 'delivered']);
    expect((await statusCallback({ ...base, MessageStatus: 'teleported' })).status).toBe(400);
    const forged = await fetch(`${gateway.url}/webhooks/twilio/status`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': 'nope' }, body: new URLSearchParams({ ...base, MessageStatus: 'read' }).toString() });
    expect(forged.status).toBe(403);
  });

  it('treats an outbound message Baton did not send as a human message, and fences the AI off', async () => {
    const lead = '+15125550110';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'hi'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation)[0]);
    const params = { MessageSid: `SM${'7'.repeat(32)}`, MessageStatus: 'sent', To: lead, From: batonNumber, AccountSid: `AC${'1'.repeat(32)}` };
    expect((await statusCallback(params)).status).toBe(204);
    expect((await statusCallback({ ...params, MessageStatus: 'delivered' })).status).toBe(204);
    const human = await eventually(() => ofType('baton.messages.message.sent.v1', conversation).find((e) => (e.data as { author: string }).author === 'rep'));
    expect(human.data).toMatchObject({ repId: 'outside-baton', providerMessageId: params.MessageSid });
    expect((await gateway.app.get(SendGateStore).fence('default', conversation)).humanSpoke).toBe(true);
    await sleep(200);
    expect(ofType('baton.messages.message.sent.v1', conversation).filter((e) => (e.data as { author: string }).author === 'rep')).toHaveLength(1);
  });

  it('releases a deferred send at its moment, decided again on the fence as it is then', async () => {
    const sql = await db.open();
    const gate = gateway.app.get(SendGateStore);
    const sender = gateway.app.get(Sender);
    const lead = '+15125550111';
    const conversation = conversationOf(lead);
    await webhook(leadText(lead, 'hi'));
    await eventually(() => ofType('baton.messages.message.received.v1', conversation)[0]);
    const place = { zones: ['America/Chicago'], state: 'TX' };
    const window = { start: '08:00', end: '21:00' };
    const at2am = '2026-03-03T08:00:00.000Z';
    const deferred = await gate.decide({ tenantId: 'default', conversationId: conversation, idempotencyKey: 'late-rep', author: 'rep', repId: 'r', channel: 'sms', body: 'good morning!', at: at2am }, place, window);
    expect(deferred.verdict).toEqual({ kind: 'defer', until: '2026-03-03T14:00:00.000Z' });
    await gate.apply('default', conversation, [{ type: 'turn.granted', turnId: 'late-turn', directive: 'qualify' }]);
    const aiLate = await gate.decide({ tenantId: 'default', conversationId: conversation, idempotencyKey: 'late-ai', author: 'ai', turnId: 'late-turn', channel: 'sms', body: 'ai at dawn', at: at2am }, place, window);
    expect(aiLate.verdict.kind).toBe('block'); // a rep wrote (deferred or not): the AI stays fenced off
    expect(await sender.releaseDeferred(new Date('2026-03-03T13:59:00.000Z'))).toBe(0);
    expect(await sender.releaseDeferred(new Date('2026-03-03T14:00:00.000Z'))).toBe(1);
    expect(fake.created.filter((m) => m.to === lead).map((m) => m.body)).toEqual(['good morning!']);
    expect((await sql.query<{ status: string }>("SELECT status FROM gateway_sends WHERE idempotency_key = 'late-rep'")).rows[0]!.status).toBe('sent');
  });

  it('processes a text a crash left unprocessed after the 200, once it is old enough to be an orphan', async () => {
    const inbound = gateway.app.get(Inbound);
    const [orphan, recent] = ['+15125550181', '+15125550182'];
    for (const [lead, age] of [[orphan, '1 minute'], [recent, '10 seconds']] as const) {
      await gateway.connections.sql.query(
        `INSERT INTO gateway_inbound (provider_message_id, tenant_id, from_phone, to_phone, body, received_at) VALUES ($1, 'default', $2, $3, 'still there?', now() - $4::interval)`,
        [`SM${randomUUID().replace(/-/g, '')}`, lead, batonNumber, age]);
    }
    await inbound.sweep();
    await eventually(() => ofType('baton.messages.message.received.v1', conversationOf(orphan)).length > 0);
    await sleep(300);
    expect(ofType('baton.messages.message.received.v1', conversationOf(recent))).toEqual([]); // maybe still in flight elsewhere
  });
});
