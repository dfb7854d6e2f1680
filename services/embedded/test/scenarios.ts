import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { Webhook } from 'standardwebhooks';
import { newEvent, RepUpdated } from '@baton/contracts';
import { api, eventTypes, eventually, Lead, type Baton } from './harness';

const isQuestion = (line: string) => /\?(\s|$)/.test(line.replace(/\(You're texting with an AI[^)]*\)/, ''));

// A distinct lead per scenario keeps scenarios independent on one running Baton.
let nextLead = 0;
const newLead = (baton: Baton) => new Lead(baton, `+1512555${String(2000 + nextLead++).padStart(4, '0')}`);
/** A new lead who opened with this and got the AI's first question. */
async function leadInConversation(baton: Baton, opening = "Hi, I'm looking to refinance my house"): Promise<Lead> {
  const lead = newLead(baton);
  await lead.texts(opening);
  await lead.receives(1);
  return lead;
}

/** A CRM's webhook receiver: it keeps what it hears and answers 204. */
async function crmReceiver() {
  const heard: { headers: Record<string, string>; body: string }[] = [];
  const crm = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => { heard.push({ headers: req.headers as Record<string, string>, body }); res.writeHead(204).end(); });
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  return { crm, heard };
}

/** The product's promises, each against the public HTTP surface with webhooks signed as Twilio signs them. */
export function describeScenarios(start: () => Promise<Baton>): void {
  let baton: Baton;
  beforeAll(async () => { baton = await start(); });
  afterAll(async () => { await baton?.stop(); });

  it('explicit request mid-qualification: hands off at once, the next AI line is the transition, no further question', async () => {
    const lead = newLead(baton);
    await lead.texts("Hi, I'm looking to refinance my house");
    const [first] = await lead.receives(1);
    expect(first).toMatch(/^Thanks for reaching out! When are you hoping to close\? \(You're texting with an AI/);

    await lead.texts('actually can I just talk to a real person?');
    const lines = await lead.receives(2);
    expect(lines[1]).toBe('Of course, let me grab someone for you.');
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('explicit_request');

    await lead.texts('ok, in the meantime should I gather documents?');
    await lead.hearsNothingMore(2, 1500);
    expect(lead.received().slice(1).filter(isQuestion)).toEqual([]);
  });

  it('high intent: "my contract expires Friday" hands off with the evidence on the record', async () => {
    const lead = await leadInConversation(baton);
    await lead.texts('my contract expires Friday');
    const lines = await lead.receives(2);
    expect(lines[1]).toBe("Sounds like you're ready to move. Let me bring in a specialist who can lock this in with you.");
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    const intent = conversation.handoff!.signals.find((s) => s.signal === 'high_intent');
    expect(intent).toBeDefined();
    expect(intent!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(JSON.stringify(intent!.evidence)).toMatch(/expires Friday/i);
    expect(await eventTypes(baton, conversation.id)).toEqual(expect.arrayContaining(['baton.conversations.handoff.triggered.v1']));
  });

  it('sentiment shift across the conversation hands off with the frustration line', async () => {
    const lead = await leadInConversation(baton, "Hi, I'm looking to buy my first home");
    await lead.texts("hmm I'm not sure, this is confusing");
    await eventually(async () => lead.received().length >= 2 || (await lead.conversation()).driver !== 'ai', 'the second turn');
    await lead.texts('ugh this is ridiculous, you keep asking me things and nobody answers my question. so frustrating');
    const line = await eventually(async () => lead.received().find((l) => l === 'Let me get someone real on this with you.'), 'the frustration transition');
    expect(line).toBeDefined();
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('sentiment_shift');
  });

  it('a pricing question outside the confidence band hands off instead of guessing', async () => {
    const lead = await leadInConversation(baton, "Hi, I'm looking to refinance");
    await lead.texts('What exact interest rate would you give me on a 30-year fixed and how much are the closing costs?');
    const lines = await lead.receives(2);
    expect(lines[1]).toBe("That's a great question for one of our specialists; let me bring someone in who can answer it properly.");
    expect(lines[1]).not.toMatch(/\d+(\.\d+)?\s*%/); // no made-up rate
    const conversation = await lead.conversation();
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('out_of_confidence');
  });

  it('a rep jumps into a live thread: the AI stops at once, the lead sees the change, and after the hand-back the AI resumes without re-asking', async () => {
    const lead = await leadInConversation(baton);
    const { id } = await lead.conversation();

    const claim = await api(baton, 'POST', `/v1/conversations/${id}/takeover`, 'rep', { repName: 'Dana' });
    expect(claim.status).toBe(202);
    const [, announcement] = await lead.receives(2);
    expect(announcement).toMatch(/Dana from our team/);
    const rep = await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', { body: 'Hi! Dana here. What price range are you thinking, and when do you want to close?' });
    expect(rep.status).toBe(202);
    await lead.receives(3);
    await lead.texts('About $450k, and ideally within 60 days');
    await lead.hearsNothingMore(3, 1500); // the AI is fenced off while the rep drives
    expect((await lead.conversation()).driver).toBe('human');

    const back = await api(baton, 'POST', `/v1/conversations/${id}/handback`, 'rep', { note: 'has price and timeline; needs credit and location' });
    expect(back.status).toBe(202);
    await eventually(async () => (await lead.conversation()).driver === 'ai', 'the AI to drive again');
    await lead.texts('Thanks Dana! What else do you need from me?');
    const lines = await lead.receives(4);
    const resumed = lines[3]!;
    expect(resumed).toMatch(/credit/i); // the next unknown, not what the lead told the rep
    expect(resumed).not.toMatch(/price range|loan amount|hoping to close|buy a home or refinance/i);
    expect(resumed).not.toMatch(/let me (grab|bring|get) (someone|in)/i); // an old handoff is no reason to hand off again
    const types = await eventTypes(baton, id);
    expect(types).toEqual(expect.arrayContaining(['baton.conversations.human.took-over.v1', 'baton.conversations.handed-back.v1']));
  });

  it('STOP in the middle of a handoff: one confirmation, then silence from the AI and the rep alike', async () => {
    const lead = await leadInConversation(baton);
    await lead.texts('can I talk to a human please');
    await lead.receives(2);
    const { id } = await lead.conversation();
    await lead.texts('STOP');
    const lines = await lead.receives(3);
    expect(lines[2]).toMatch(/opted out/i);
    await eventually(async () => (await lead.conversation()).driver === 'opted_out', 'the opt-out to reach the conversation');
    const rep = await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', { body: 'Hi, this is Sam from the team' });
    await lead.hearsNothingMore(3, 1500);
    expect(rep.status === 202 || rep.status === 409).toBe(true);
    const transcript = await api<{ messages: { author: string; status: string; reason?: string }[] }>(baton, 'GET', `/v1/conversations/${id}/messages`, 'auditor');
    expect(transcript.body.messages.filter((m) => m.author === 'rep')).toEqual([expect.objectContaining({ status: 'blocked', reason: 'opted_out' })]);
    expect(await eventTypes(baton, id)).toEqual(expect.arrayContaining(['baton.conversations.handoff.triggered.v1', 'baton.conversations.opted-out.v1']));
  });

  it("a CRM hears of the handoff, the rep taking over, the hand-back and the opt-out by signed webhook", async () => {
    const { crm, heard } = await crmReceiver();
    try {
      const events = ['handoff.triggered', 'human.took-over', 'handed-back', 'opted-out'].map((n) => `baton.conversations.${n}.v1`);
      const registered = await api<{ id: string; secret: string }>(baton, 'POST', '/v1/webhook-endpoints', 'admin', { url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/baton`, events });
      expect(registered.status).toBe(201);
      const lead = await leadInConversation(baton);
      await lead.texts('I want to speak to a real person');
      await lead.receives(2);
      const { id } = await lead.conversation();
      expect((await api(baton, 'POST', `/v1/conversations/${id}/takeover`, 'rep', { repName: 'Dana' })).status).toBe(202);
      await eventually(async () => (await lead.conversation()).driver === 'human', 'the takeover');
      expect((await api(baton, 'POST', `/v1/conversations/${id}/handback`, 'rep', {})).status).toBe(202);
      await eventually(async () => (await lead.conversation()).driver === 'ai', 'the hand-back');
      await lead.texts('STOP');
      const types = await eventually(async () => {
        const mine = heard.map((h) => new Webhook(registered.body.secret).verify(h.body, h.headers) as { type: string; subject: string }).filter((e) => e.subject === id);
        return mine.length >= 4 && mine.map((e) => e.type);
      }, 'four notifications');
      expect(types).toEqual(expect.arrayContaining(events));
      expect(types).toHaveLength(4);
    } finally {
      crm.closeAllConnections();
      await new Promise((r) => crm.close(r));
    }
  });

  it('the rep who takes over gets the brief by mail and the CRM by webhook: summary first, every field cited, nothing to re-ask', async () => {
    const { crm, heard } = await crmReceiver();
    try {
      const registered = await api<{ secret: string }>(baton, 'POST', '/v1/webhook-endpoints', 'admin', { url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/briefs`, events: ['baton.briefs.brief.ready.v1'] });
      expect(registered.status).toBe(201);
      // the rep's contact details, as scheduling announces them
      await baton.publish(newEvent(RepUpdated, { subject: 'rep:rep-7', tenantid: 'default', source: '/baton/scheduling', data: { repId: 'rep-7', name: 'Dana', email: 'dana@example.com', timezone: 'America/Chicago', presence: 'available' } }));
      // a lead whose day it is now, so the AI's and the rep's texts go out at once at any hour of the test run
      const lead = new Lead(baton, leadInTheDay());
      await lead.texts("Hi, I'm looking to refinance my house");
      await lead.receives(1);
      await lead.texts('closing in 3 weeks hopefully. my credit is 720');
      await lead.texts('actually its 748');
      await lead.texts('can I talk to a real person?');
      await eventually(async () => lead.received().includes('Of course, let me grab someone for you.'), 'the handoff transition');
      const { id } = await lead.conversation();
      expect((await lead.conversation()).driver).toBe('handoff_pending');
      const draft = await eventually(async () => {
        const r = await api<{ status: string; summary: string }>(baton, 'GET', `/v1/conversations/${id}/brief`, 'rep');
        return r.status === 200 && r.body.summary.includes('748') && r.body;
      }, 'the brief, built at the handoff');
      expect(draft.status).toBe('draft');

      expect((await api(baton, 'POST', `/v1/conversations/${id}/takeover`, 'rep', { repName: 'Dana' })).status).toBe(202);
      const [mail] = await eventually(async () => baton.mail.to('dana@example.com').length > 0 && baton.mail.to('dana@example.com'), 'the brief mailed to the rep');
      expect(mail!.text).toContain('748');
      const delivered = await eventually(async () => {
        const mine = heard.map((h) => new Webhook(registered.body.secret).verify(h.body, h.headers) as { type: string; subject: string; data: { reason: string; repId: string; summary: string; fields: { financialProfile: { slot?: string; value: string; quote: string }[] } } }).filter((e) => e.subject === id);
        return mine.length > 0 && mine;
      }, 'brief.ready by webhook');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({ type: 'baton.briefs.brief.ready.v1', data: { reason: 'rep_took_over', repId: 'rep-7' } });
      expect(delivered[0]!.data.summary.split(/\s+/).length).toBeLessThanOrEqual(120);
      expect(delivered[0]!.data.fields.financialProfile).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 'credit_score', value: '748', quote: 'actually its 748' })]));

      // the rep asks what the lead already said: recorded, and the brief shows the known value
      expect((await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', { body: "Hi, Dana here! What's your credit score?" })).status).toBe(202);
      const known = await eventually(async () => {
        const r = await api<{ fields: { reQuestions: { field: string; knownValue: string }[] } }>(baton, 'GET', `/v1/conversations/${id}/brief`, 'rep');
        return r.body.fields?.reQuestions.length > 0 && r.body.fields.reQuestions;
      }, 'the re-question on the brief');
      expect(known).toEqual([expect.objectContaining({ field: 'financial_profile.credit_score', knownValue: '748' })]);
    } finally {
      crm.closeAllConnections();
      await new Promise((r) => crm.close(r));
    }
  });

  it('a lead texting in the middle of their night gets the reply when their morning starts', async () => {
    const lead = new Lead(baton, leadInTheNight().phone);
    const zone = leadInTheNight().zone;
    await lead.texts("Hi, I'm looking to refinance my house");
    const { id } = await lead.conversation();
    const deferred = await eventually(async () => {
      const transcript = await api<{ messages: { author: string; status: string; deferredUntil?: string }[] }>(baton, 'GET', `/v1/conversations/${id}/messages`, 'auditor');
      return transcript.body.messages.find((m) => m.author === 'ai' && m.status === 'deferred');
    }, 'the AI reply to be held');
    expect(lead.received()).toEqual([]);
    const until = DateTime.fromISO(deferred.deferredUntil!, { zone });
    expect(until.toFormat('HH:mm')).toBe('08:00');
    expect(until.toMillis()).toBeGreaterThan(Date.now());
    expect(until.diffNow('hours').hours).toBeLessThanOrEqual(11);
  });
}

/** A lead number whose local time is between 10 a.m. and 6 p.m. right now (some such zone exists at any hour). */
function leadInTheDay(): string {
  const candidates = [
    { phone: '+18085550142', zone: 'Pacific/Honolulu' }, { phone: '+14155550142', zone: 'America/Los_Angeles' }, { phone: '+12125550142', zone: 'America/New_York' },
    { phone: '+442079460142', zone: 'Europe/London' }, { phone: '+493012345642', zone: 'Europe/Berlin' }, { phone: '+97142345642', zone: 'Asia/Dubai' },
    { phone: '+919812345642', zone: 'Asia/Kolkata' }, { phone: '+81312345642', zone: 'Asia/Tokyo' }, { phone: '+6494561242', zone: 'Pacific/Auckland' },
    { phone: '+5511987654342', zone: 'America/Sao_Paulo' },
  ];
  const found = candidates.find((c) => { const hour = DateTime.now().setZone(c.zone).hour; return hour >= 10 && hour < 18; });
  if (!found) throw new Error('no candidate zone is in its working day now; add one');
  return found.phone;
}

/** A lead whose local time is between midnight and 6 a.m. right now (some such zone exists at any hour). */
function leadInTheNight(): { phone: string; zone: string } {
  const candidates = [
    { phone: '+18085550100', zone: 'Pacific/Honolulu' }, { phone: '+19075550100', zone: 'America/Anchorage' }, { phone: '+14155550100', zone: 'America/Los_Angeles' },
    { phone: '+12125550100', zone: 'America/New_York' }, { phone: '+442079460100', zone: 'Europe/London' }, { phone: '+493012345670', zone: 'Europe/Berlin' },
    { phone: '+97142345670', zone: 'Asia/Dubai' }, { phone: '+919812345670', zone: 'Asia/Kolkata' }, { phone: '+81312345670', zone: 'Asia/Tokyo' },
    { phone: '+6494561230', zone: 'Pacific/Auckland' }, { phone: '+5511987654321', zone: 'America/Sao_Paulo' },
  ];
  const found = candidates.find((c) => { const hour = DateTime.now().setZone(c.zone).hour; return hour >= 0 && hour < 6; });
  if (!found) throw new Error('no candidate zone is in its night now; add one');
  return found;
}
