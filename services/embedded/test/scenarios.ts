import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saySlots } from '@baton/lead-time';
import { DateTime } from 'luxon';
import { Webhook } from 'standardwebhooks';
import {
  api,
  batonNumber,
  Caller,
  daytimeLead,
  eventTypes,
  eventually,
  Lead,
  leadInTheNight,
  twilioPost,
  type Baton,
} from './harness';

/** A qualification question from the mortgage playbook (what the AI must not ask once a handoff is on). */
const qualifies = (line: string) =>
  /hoping to close|price range|loan amount|describe your credit|city or area|buy a home or refinance/i.test(line);
/** A command that waits for its decision: 3 s by default, more on a loaded CI machine. */
const decided = { prefer: 'wait=30' };
/** The first offer of a handoff: its opening line, a 15-minute call with the demo rep, two times. */
const offerLine = (opening: string) =>
  new RegExp(
    `^${opening.replace(/[.?]/g, (c) => `\\${c}`)} Want to grab a quick 15 minutes with Sarah\\? I've got .+ (or) .+\\.$`,
  );

// A distinct lead per scenario keeps scenarios independent on one running Baton.
let nextLead = 0;
const newLead = (baton: Baton) => new Lead(baton, daytimeLead(2000 + nextLead++).phone);
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
    req.on('end', () => {
      heard.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
  return { crm, heard };
}

/** The product's promises, each against the public HTTP surface with webhooks signed as Twilio signs them. */
export function describeScenarios(start: () => Promise<Baton>): void {
  let baton: Baton;
  beforeAll(async () => {
    baton = await start();
  });
  afterAll(async () => {
    await baton?.stop();
  });

  it('explicit request mid-qualification: hands off at once, the next AI line is a handoff move with two times, no further question', async () => {
    const lead = newLead(baton);
    await lead.texts("Hi, I'm looking to refinance my house");
    const [first] = await lead.receives(1);
    expect(first).toMatch(/^Thanks for reaching out! When are you hoping to close\? \(You're texting with an AI/);

    await lead.texts('actually can I just talk to a real person?');
    const lines = await lead.receives(2);
    expect(lines[1]).toMatch(offerLine("Of course, I'll get you a person."));
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('explicit_request');

    // Not an answer to the offer: one clarifying line with the same two times, then nothing more.
    await lead.texts('ok, in the meantime should I gather documents?');
    const [, , clarify] = await lead.receives(3);
    expect(clarify).toMatch(/^Sorry, just so I book the right one: .+\?$/);
    await lead.hearsNothingMore(3);
    expect(lead.received().slice(1).filter(qualifies)).toEqual([]);
  });

  it('"are you a bot?" gets the truth and the offer of a person, on the record; "yes please" to the offer hands off', async () => {
    const lead = await leadInConversation(baton);
    await lead.texts('wait, are you a bot?');
    const lines = await lead.receives(2);
    expect(lines[1]).toMatch(/^I'm an AI assistant, not a person\..*Would you like a person\?/);
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('ai');
    // the record shows it: the question on signal.recorded, the disclose_ai turn that answered it
    const { body } = await api<{
      events: { type: string; data: { directive?: string; identityQuestion?: unknown } }[];
    }>(baton, 'GET', `/v1/conversations/${conversation.id}/events`, 'auditor');
    expect(body.events.some((e) => e.type.endsWith('signal.recorded.v1') && e.data.identityQuestion)).toBe(true);
    expect(body.events.some((e) => e.type.endsWith('turn.granted.v1') && e.data.directive === 'disclose_ai')).toBe(
      true,
    );

    await lead.texts('yes please');
    const after = await lead.receives(3);
    // no rep is free to take the thread now, so the person comes by booking: two concrete slots with the demo rep
    expect(after[2]).toMatch(
      /^Of course, I'll get you a person\. Want to grab a quick 15 minutes with \w+\? I've got .+ or .+\.$/,
    );
    expect((await lead.conversation()).driver).toBe('handoff_pending');
  });

  it('high intent: "my contract expires Friday" hands off with the evidence on the record', async () => {
    const lead = await leadInConversation(baton);
    await lead.texts('my contract expires Friday');
    const lines = await lead.receives(2);
    expect(lines[1]).toMatch(offerLine("Sounds like you're ready to move."));
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    const intent = conversation.handoff!.signals.find((s) => s.signal === 'high_intent');
    expect(intent).toBeDefined();
    expect(intent!.confidence).toBeGreaterThanOrEqual(0.7);
    expect(JSON.stringify(intent!.evidence)).toMatch(/expires Friday/i);
    expect(await eventTypes(baton, conversation.id)).toEqual(
      expect.arrayContaining(['baton.conversations.handoff.triggered.v1']),
    );
  });

  it('sentiment shift across the conversation hands off with the frustration line', async () => {
    const lead = await leadInConversation(baton, "Hi, I'm looking to buy my first home");
    await lead.texts("hmm I'm not sure, this is confusing");
    // The AI's answer to it first (a question, or already the handoff: confusion may be the shift), as a lead
    // who reads before writing again; a text sent while an offer is on its way is answered with it once more.
    await eventually(() => lead.received().length >= 2, 'the second turn');
    await lead.texts(
      'ugh this is ridiculous, you keep asking me things and nobody answers my question. so frustrating',
    );
    const line = await eventually(async () => {
      const found = lead.received().find((l) => l.startsWith('Let me get someone real on this with you.'));
      if (!found) throw new Error(`the lead has received ${JSON.stringify(lead.received())}`); // said on a timeout
      return found;
    }, 'the frustration transition');
    expect(line).toBeDefined();
    const conversation = await lead.conversation();
    expect(conversation.driver).toBe('handoff_pending');
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('sentiment_shift');
  });

  it('a pricing question outside the confidence band hands off instead of guessing', async () => {
    const lead = await leadInConversation(baton, "Hi, I'm looking to refinance");
    await lead.texts(
      'What exact interest rate would you give me on a 30-year fixed and how much are the closing costs?',
    );
    const lines = await lead.receives(2);
    expect(lines[1]).toMatch(offerLine("That's a great question for one of our specialists."));
    expect(lines[1]).not.toMatch(/\d+(\.\d+)?\s*%/); // no made-up rate
    const conversation = await lead.conversation();
    expect(conversation.handoff!.signals.map((s) => s.signal)).toContain('out_of_confidence');
  });

  it('a rep jumps into a live thread: the AI stops at once, the lead sees the change, and after the hand-back the AI resumes without re-asking', async () => {
    const lead = await leadInConversation(baton);
    const { id } = await lead.conversation();

    const claim = await api(
      baton,
      'POST',
      `/v1/conversations/${id}/takeover`,
      'rep',
      { repName: 'Dana' },
      undefined,
      decided,
    );
    expect(claim).toMatchObject({ status: 200, body: { status: 'applied' } });
    const [, announcement] = await lead.receives(2);
    expect(announcement).toMatch(/Dana from our team/);
    const rep = await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', {
      body: 'Hi! Dana here. What price range are you thinking, and when do you want to close?',
    });
    expect(rep.status).toBe(202);
    await lead.receives(3);
    await lead.texts('About $450k, and ideally within 60 days');
    await lead.hearsNothingMore(3); // the AI is fenced off while the rep drives
    expect((await lead.conversation()).driver).toBe('human');

    const back = await api(
      baton,
      'POST',
      `/v1/conversations/${id}/handback`,
      'rep',
      { note: 'has price and timeline; needs credit and location' },
      undefined,
      decided,
    );
    expect(back).toMatchObject({ status: 200, body: { status: 'applied' } });
    await eventually(async () => (await lead.conversation()).driver === 'ai', 'the AI to drive again');
    await lead.texts('Thanks Dana! What else do you need from me?');
    const lines = await lead.receives(4);
    const resumed = lines[3]!;
    expect(resumed).toMatch(/credit/i); // the next unknown, not what the lead told the rep
    expect(resumed).not.toMatch(/price range|loan amount|hoping to close|buy a home or refinance/i);
    expect(resumed).not.toMatch(/let me (grab|bring|get) (someone|in)/i); // an old handoff is no reason to hand off again
    const types = await eventTypes(baton, id);
    expect(types).toEqual(
      expect.arrayContaining(['baton.conversations.human.took-over.v1', 'baton.conversations.handed-back.v1']),
    );
  });

  it('STOP in the middle of a handoff: one confirmation, then silence from the AI and the rep alike', async () => {
    const lead = await leadInConversation(baton);
    await lead.texts('can I talk to a human please');
    await lead.receives(2);
    const { id } = await lead.conversation();
    await lead.texts('STOP');
    const lines = await lead.receives(3);
    expect(lines[2]).toMatch(/opted out/i);
    await eventually(
      async () => (await lead.conversation()).driver === 'opted_out',
      'the opt-out to reach the conversation',
    );
    const rep = await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', {
      body: 'Hi, this is Sam from the team',
    });
    await lead.hearsNothingMore(3);
    expect(rep.status === 202 || rep.status === 409).toBe(true);
    const transcript = await api<{ messages: { author: string; status: string; reason?: string }[] }>(
      baton,
      'GET',
      `/v1/conversations/${id}/messages`,
      'auditor',
    );
    expect(transcript.body.messages.filter((m) => m.author === 'rep')).toEqual([
      expect.objectContaining({ status: 'blocked', reason: 'opted_out' }),
    ]);
    expect(await eventTypes(baton, id)).toEqual(
      expect.arrayContaining(['baton.conversations.handoff.triggered.v1', 'baton.conversations.opted-out.v1']),
    );
  });

  it('a CRM hears of the handoff, the rep taking over, the hand-back and the opt-out by signed webhook', async () => {
    const { crm, heard } = await crmReceiver();
    try {
      const events = ['handoff.triggered', 'human.took-over', 'handed-back', 'opted-out'].map(
        (n) => `baton.conversations.${n}.v1`,
      );
      const registered = await api<{ id: string; secret: string }>(baton, 'POST', '/v1/webhook-endpoints', 'admin', {
        url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/baton`,
        events,
      });
      expect(registered.status).toBe(201);
      const lead = await leadInConversation(baton);
      await lead.texts('I want to speak to a real person');
      await lead.receives(2);
      const { id } = await lead.conversation();
      expect(
        (await api(baton, 'POST', `/v1/conversations/${id}/takeover`, 'rep', { repName: 'Dana' }, undefined, decided))
          .status,
      ).toBe(200);
      await eventually(async () => (await lead.conversation()).driver === 'human', 'the takeover');
      expect((await api(baton, 'POST', `/v1/conversations/${id}/handback`, 'rep', {}, undefined, decided)).status).toBe(
        200,
      );
      await eventually(async () => (await lead.conversation()).driver === 'ai', 'the hand-back');
      await lead.texts('STOP');
      const types = await eventually(async () => {
        const mine = heard
          .map(
            (h) => new Webhook(registered.body.secret).verify(h.body, h.headers) as { type: string; subject: string },
          )
          .filter((e) => e.subject === id);
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
      const registered = await api<{ secret: string }>(baton, 'POST', '/v1/webhook-endpoints', 'admin', {
        url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/briefs`,
        events: ['baton.briefs.brief.ready.v1'],
      });
      expect(registered.status).toBe(201);
      // the rep's contact details, through scheduling's reps API (they reach briefing as rep.updated); no working
      // hours, so the handoff still books with the demo rep rather than going live to Dana
      expect(
        (
          await api(baton, 'PUT', '/v1/reps/rep-7', 'admin', {
            name: 'Dana',
            email: 'dana@example.com',
            timezone: 'America/Chicago',
            workingHours: {},
          })
        ).status,
      ).toBeLessThan(300);
      // a lead whose day it is now, so the AI's and the rep's texts go out at once at any hour of the test run
      const lead = new Lead(baton, daytimeLead(4000 + nextLead++).phone);
      await lead.texts("Hi, I'm looking to refinance my house");
      await lead.receives(1);
      await lead.texts('closing in 3 weeks hopefully. my credit is 720');
      await lead.texts('actually its 748');
      await lead.texts('can I talk to a real person?');
      const { id } = await eventually(async () => {
        const c = await lead.conversation();
        return c.driver === 'handoff_pending' && c;
      }, 'the handoff');
      const draft = await eventually(async () => {
        const r = await api<{ status: string; summary: string }>(baton, 'GET', `/v1/conversations/${id}/brief`, 'rep');
        return r.status === 200 && r.body.summary.includes('748') && r.body;
      }, 'the brief, built at the handoff');
      expect(draft.status).toBe('draft');

      expect(
        (await api(baton, 'POST', `/v1/conversations/${id}/takeover`, 'rep', { repName: 'Dana' }, undefined, decided))
          .status,
      ).toBe(200);
      // Dana took over other conversations in this suite: this conversation's brief links its own transcript
      const briefMail = () => baton.mail.to('dana@example.com').filter((m) => (m.text ?? '').includes(id));
      const [mail] = await eventually(async () => briefMail().length > 0 && briefMail(), 'the brief mailed to the rep');
      expect(mail!.text).toContain('748');
      const delivered = await eventually(async () => {
        const mine = heard
          .map(
            (h) =>
              new Webhook(registered.body.secret).verify(h.body, h.headers) as {
                type: string;
                subject: string;
                data: {
                  reason: string;
                  repId: string;
                  summary: string;
                  fields: { financialProfile: { slot?: string; value: string; quote: string }[] };
                };
              },
          )
          .filter((e) => e.subject === id);
        return mine.length > 0 && mine;
      }, 'brief.ready by webhook');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]).toMatchObject({
        type: 'baton.briefs.brief.ready.v1',
        data: { reason: 'rep_took_over', repId: 'rep-7' },
      });
      expect(delivered[0]!.data.summary.split(/\s+/).length).toBeLessThanOrEqual(120);
      expect(delivered[0]!.data.fields.financialProfile).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ slot: 'credit_score', value: '748', quote: 'actually its 748' }),
        ]),
      );

      // the rep asks what the lead already said: recorded, and the brief shows the known value
      expect(
        (
          await api(baton, 'POST', `/v1/conversations/${id}/messages`, 'rep', {
            body: "Hi, Dana here! What's your credit score?",
          })
        ).status,
      ).toBe(202);
      const known = await eventually(async () => {
        const r = await api<{ fields: { reQuestions: { field: string; knownValue: string }[] } }>(
          baton,
          'GET',
          `/v1/conversations/${id}/brief`,
          'rep',
        );
        return r.body.fields?.reQuestions.length > 0 && r.body.fields.reQuestions;
      }, 'the re-question on the brief');
      expect(known).toEqual([expect.objectContaining({ field: 'financial_profile.credit_score', knownValue: '748' })]);
    } finally {
      crm.closeAllConnections();
      await new Promise((r) => crm.close(r));
    }
  });

  it('high intent to a booked meeting: two times in the lead zone, a pick, the confirmation and the reminder naming the rep', async () => {
    const { phone, zone } = daytimeLead(3000 + nextLead++);
    const lead = new Lead(baton, phone);
    await lead.texts("Hi, I'm looking to refinance my house");
    await lead.receives(1);
    await lead.texts('my contract expires Friday');
    const [, offer] = await lead.receives(2);
    expect(offer).toMatch(offerLine("Sounds like you're ready to move."));
    const { id } = await lead.conversation();
    // The times in the message are the offered slots, said in the lead's zone; each inside the lead's allowed
    // hours there and inside the demo rep's working hours (weekdays 09:00-17:00 in New York).
    const { body } = await api<{
      events: {
        type: string;
        data: { directive?: string; at: string; offer?: { slots: { start: string }[]; leadTimezone: string } };
      }[];
    }>(baton, 'GET', `/v1/conversations/${id}/events`, 'auditor');
    const granted = body.events.find(
      (e) => e.type === 'baton.conversations.turn.granted.v1' && e.data.directive === 'offer_slots',
    )!;
    expect(granted.data.offer!.leadTimezone).toBe(zone);
    const starts = granted.data.offer!.slots.map((s) => s.start);
    expect(offer).toContain(saySlots(starts, zone, granted.data.at));
    for (const start of starts) {
      const forLead = DateTime.fromISO(start).setZone(zone);
      const forRep = DateTime.fromISO(start).setZone('America/New_York');
      expect(forLead.hour).toBeGreaterThanOrEqual(8);
      expect(forLead.hour).toBeLessThan(21);
      expect(forRep.weekday).toBeLessThanOrEqual(5);
      expect(forRep.hour).toBeGreaterThanOrEqual(9);
      expect(forRep.hour).toBeLessThan(17);
    }

    await lead.texts('the second one');
    const confirmation = await eventually(
      async () => lead.received().find((l) => l.startsWith('Great, ')),
      'the confirmation',
    );
    expect(confirmation).toMatch(/^Great, you're all set with Sarah .+\. We'll send a reminder 14 days before\.$/);
    expect(confirmation).not.toContain('?'); // the exchange ends: no "anything else?"
    const reminder = await eventually(
      async () => lead.received().find((l) => l.startsWith('Quick reminder')),
      'the reminder',
    );
    expect(reminder).toMatch(/^Quick reminder: your call with Sarah is .*at \d{1,2}:\d{2}( am| pm)?\.$/);
    expect(reminder).toContain(DateTime.fromISO(starts[1]!).setZone(zone).toFormat('h:mm'));

    const meetings = await api<{
      items: { id: string; conversationId: string; start: string; status: string; repId: string }[];
    }>(baton, 'GET', '/v1/meetings?repId=demo-rep', 'supervisor');
    const meeting = meetings.body.items.find((m) => m.conversationId === id)!;
    expect(meeting).toMatchObject({ start: new Date(starts[1]!).toISOString(), status: 'booked', repId: 'demo-rep' });
    const invite = await fetch(`${baton.url}/v1/meetings/${meeting.id}/invite.ics`, {
      headers: { authorization: `Bearer ${await baton.token('rep', 'default', 'demo-rep')}` },
    });
    expect(await invite.text()).toMatch(/BEGIN:VEVENT[\s\S]*BEGIN:VALARM/);
    await eventually(
      async () => (await eventTypes(baton, id)).includes('baton.conversations.meeting.linked.v1'),
      'meeting.linked on the stream',
    );
    await lead.hearsNothingMore(lead.received().length);
  });

  it('a lead who texts again before the times arrive gets the handoff with the times, never a question about times unseen', async () => {
    const { phone } = daytimeLead(3000 + nextLead++);
    const lead = new Lead(baton, phone);
    await lead.texts("Hi, I'm looking to refinance my house");
    await lead.receives(1);
    await lead.texts('can I just talk to a real person?');
    // At once, as a lead who writes two texts in a row: the slots' message may be void because of it (the same
    // times are offered again, in the handoff's words) or already on its way (the lead then has them).
    await lead.texts('asap please, I only have today');
    const offer = await eventually(
      async () => lead.received().find((l, i) => i > 0 && offerLine("Of course, I'll get you a person.").test(l)),
      'the handoff with two times',
    );
    const before = lead.received().slice(1, lead.received().indexOf(offer));
    expect(before.filter((l) => l.startsWith('Sorry, just so I book the right one'))).toEqual([]);
    await lead.texts('the first one');
    await eventually(async () => lead.received().find((l) => l.startsWith('Great, ')), 'the confirmation');
  });

  it('a lead texting in the middle of their night gets the reply when their morning starts', async () => {
    const lead = new Lead(baton, leadInTheNight().phone);
    const zone = leadInTheNight().zone;
    await lead.texts("Hi, I'm looking to refinance my house");
    const { id } = await lead.conversation();
    const deferred = await eventually(async () => {
      const transcript = await api<{ messages: { author: string; status: string; deferredUntil?: string }[] }>(
        baton,
        'GET',
        `/v1/conversations/${id}/messages`,
        'auditor',
      );
      return transcript.body.messages.find((m) => m.author === 'ai' && m.status === 'deferred');
    }, 'the AI reply to be held');
    expect(lead.received()).toEqual([]);
    const until = DateTime.fromISO(deferred.deferredUntil!, { zone });
    expect(until.toFormat('HH:mm')).toBe('08:00');
    expect(until.toMillis()).toBeGreaterThan(Date.now());
    expect(until.diffNow('hours').hours).toBeLessThanOrEqual(11);
  });
  describe('on a call (Twilio ConversationRelay)', () => {
    const account = { AccountSid: `AC${'2'.repeat(32)}` };
    const allWeek = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
    );
    const repPhone = '+15125550177';
    const pathOf = (url: string) => {
      const u = new URL(url);
      return `${u.pathname}${u.search}`;
    };
    // A rep at the console around the clock, so a handoff on a call is a warm transfer at any hour; offline again after.
    beforeAll(async () => {
      expect(
        (
          await api(baton, 'PUT', '/v1/reps/rep-voice', 'admin', {
            name: 'Rio Vance',
            phone: repPhone,
            timezone: 'UTC',
            workingHours: allWeek,
          })
        ).status,
      ).toBeLessThan(300);
      expect(
        (await api(baton, 'PUT', '/v1/reps/rep-voice/presence', 'rep', { presence: 'available' }, 'rep-voice')).status,
      ).toBeLessThan(300);
    });
    afterAll(async () => {
      await api(baton, 'PUT', '/v1/reps/rep-voice/presence', 'rep', { presence: 'offline' }, 'rep-voice');
    });

    /** A caller who qualifies a little, then asks for a person: the transition line, the relay ended, the rep dialled. */
    async function callerAsksForAPerson(n: number) {
      const caller = await new Caller(baton, daytimeLead(n).phone).calls();
      expect(caller.twiml).toMatch(/welcomeGreeting="Hi, you're speaking with an AI assistant/);
      caller.says("Hi, I'm looking to refinance my house");
      const [first] = await caller.hears(1);
      expect(qualifies(first!)).toBe(true);
      caller.says('can I talk to a real person?');
      const lines = await caller.hears(2);
      expect(lines[1]).toBe('Let me bring someone live in, give me one second.');
      const ended = await eventually(() => caller.relay.ended, 'the AI ending its relay session');
      const { transferId } = JSON.parse(ended) as { transferId: string };
      const repLeg = await eventually(
        () => baton.twilio.calls.find((c) => c.to === repPhone && c.url.includes(transferId)),
        'the rep leg dialled',
      );
      const hold = await twilioPost(baton, '/webhooks/twilio/voice/relay-ended', {
        ...account,
        CallSid: caller.callSid,
        From: caller.phone,
        To: batonNumber,
        HandoffData: ended,
      });
      expect(hold.text).toMatch(
        /<Dial><Conference waitUrl="[^"]+" waitMethod="GET" startConferenceOnEnter="false" endConferenceOnExit="true"/,
      );
      return { caller, transferId, repLeg };
    }

    it('a caller qualifies and is warm-transferred: the transition, the rep whispered and joined, the AI gone; their texts after it stay with the rep', async () => {
      const { caller, transferId, repLeg } = await callerAsksForAPerson(6000 + nextLead++);
      // The rep answers seconds after the dial: by then briefing has published the draft brief (brief.updated, while the
      // handoff waits for a rep), and the whisper is its spoken summary, not the fallback.
      const { id } = await new Lead(baton, caller.phone).conversation();
      const entities: Record<string, string> = { '&quot;': '"', '&apos;': "'", '&lt;': '<', '&gt;': '>', '&amp;': '&' };
      const { whisper, spokenSummary } = await eventually(async () => {
        const brief = await api<{ spokenSummary?: string }>(
          baton,
          'GET',
          `/v1/conversations/${id}/brief`,
          'supervisor',
        );
        const answered = await twilioPost(baton, pathOf(repLeg.url), {
          ...account,
          CallSid: repLeg.sid,
          From: batonNumber,
          To: repPhone,
          AnsweredBy: 'human',
        });
        const said = /<Say>([^<]*)<\/Say>/
          .exec(answered.text)?.[1]
          ?.replace(/&(quot|apos|lt|gt|amp);/g, (m) => entities[m]!);
        const expected =
          brief.body.spokenSummary &&
          `${brief.body.spokenSummary.trim().split(/\s+/).join(' ')} Press 1 to join the caller.`;
        return expected !== undefined && said === expected
          ? { whisper: answered, spokenSummary: brief.body.spokenSummary! }
          : undefined;
      }, "the rep whispered the brief's spoken summary");
      expect(whisper.text).toMatch(/<Gather numDigits="1"/);
      expect(spokenSummary).toMatch(/refinanc/i);
      expect(spokenSummary).not.toMatch(/^Warm transfer:/);
      expect(spokenSummary.split(/\s+/).length).toBeLessThanOrEqual(60);
      const action = /action="([^"]+)"/.exec(whisper.text)![1]!.replace(/&amp;/g, '&');
      expect(
        (
          await twilioPost(baton, pathOf(action), {
            ...account,
            CallSid: repLeg.sid,
            From: batonNumber,
            To: repPhone,
            Digits: '1',
          })
        ).text,
      ).toMatch(/<Conference startConferenceOnEnter="true"/);
      expect(
        (
          await twilioPost(baton, `/webhooks/twilio/voice/status?transfer=${transferId}&role=rep`, {
            ...account,
            CallSid: repLeg.sid,
            ConferenceSid: `CF${'b'.repeat(32)}`,
            FriendlyName: `baton-transfer-${transferId}`,
            StatusCallbackEvent: 'participant-join',
          })
        ).status,
      ).toBe(204);
      const lead = new Lead(baton, caller.phone);
      const conversation = await eventually(async () => {
        const c = await lead.conversation();
        return c.driver === 'human' && c;
      }, 'the rep driving');
      expect(conversation.assignedRepId).toBe('rep-voice');
      expect(conversation.handoff?.mode).toBe('warm_transfer');
      expect(await eventTypes(baton, conversation.id)).toContain('baton.conversations.human.took-over.v1');

      // The lead texts after the call: recorded, and the AI stays fenced off on both channels.
      await lead.texts('one more thing, what are the fees?');
      await eventually(async () => {
        const { body } = await api<{ messages: { body: string }[] }>(
          baton,
          'GET',
          `/v1/conversations/${conversation.id}/messages`,
          'supervisor',
        );
        return body.messages.some((m) => m.body === 'one more thing, what are the fees?');
      }, 'the text recorded');
      await lead.hearsNothingMore(0);
      expect(caller.relay.lines).toHaveLength(2);
      // Both sides of the call are in the transcript, on the voice channel.
      const { body } = await api<{ messages: { author: string; channel: string; body: string }[] }>(
        baton,
        'GET',
        `/v1/conversations/${conversation.id}/messages`,
        'supervisor',
      );
      expect(body.messages.filter((m) => m.channel === 'voice').map((m) => m.author)).toEqual([
        'lead',
        'ai',
        'lead',
        'ai',
      ]);
      caller.hangUp();
    });

    it('no rep answers: the AI comes back on the line and offers two times, and books one the caller picks', async () => {
      const { caller, repLeg } = await callerAsksForAPerson(6000 + nextLead++);
      expect(
        (
          await twilioPost(baton, pathOf(repLeg.statusCallback!), {
            ...account,
            CallSid: repLeg.sid,
            CallStatus: 'no-answer',
          })
        ).status,
      ).toBe(204);
      // The only rep with a phone did not answer: Twilio is told to take the lead out of the conference, back to the AI.
      const redirect = await eventually(
        () =>
          baton.twilio.voiceRequests.find((r) => r.path.endsWith(`/Calls/${caller.callSid}.json`) && r.params.Twiml),
        'the lead back with the AI',
      );
      expect(redirect.params.Twiml).toMatch(/book you a time.*call you back/);
      await caller.connects(redirect.params.Twiml!);
      const lines = await caller.hears(1);
      expect(lines[0]).toMatch(/Want to grab a quick \d+ minutes with .+\? I've got .+ or .+\./);
      const lead = new Lead(baton, caller.phone);
      const conversation = await eventually(async () => {
        const c = await lead.conversation();
        return c.handoff?.mode === 'async_booking' && c;
      }, 'the handoff as a booking');
      expect(conversation.driver).toBe('handoff_pending');
      caller.says('the first one works');
      const [confirmation] = await caller.hears(2).then((l) => l.slice(1));
      expect(confirmation).toMatch(/booked|invite|set/i);
      expect(lead.received()).toEqual([]);
      caller.hangUp();
    });
  });
}
