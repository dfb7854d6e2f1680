import { randomUUID } from 'node:crypto';
import {
  BriefReady,
  BriefUpdated,
  ConversationStarted,
  HandedBack,
  HandoffTriggered,
  HumanTookOver,
  MeetingBooked,
  MeetingLinked,
  MessageReceived,
  MessageSent,
  newEvent,
  definitionFor,
  derivedEventId,
  parseEvent,
  RepReQuestioned,
  RepUpdated,
  topics,
  type CloudEvent,
  type EventDefinition,
} from '@baton/contracts';
import type { BusConsumer } from '@baton/event-bus';
import { startForTest } from '@baton/service-runtime/testing';
import { createTestDatabase, eventually, FakeSmtp, type TestDatabase } from '@baton/testing';
import { briefingService } from '../src/service';

// briefing alone on real PostgreSQL, with a local SMTP server for the rep's mail. Events are published as the
// other services publish them. (The tenant's webhooks for brief.ready are audit's; the end-to-end scenarios cover them.)

const settings = {
  // An hour: every delivery here goes out because its commit woke the dispatcher, or its retry came due.
  BATON_BRIEF_DISPATCH_MS: String(3_600_000),
  BATON_PUBLIC_URL: 'https://baton.example.com',
};
const lead = '+15125550140';
const number = '+15125550100';
const t0 = Date.parse('2026-03-02T15:00:00Z'); // a Monday: "by Friday" is Mar 6

// On a PostgreSQL server and on PGlite (one connection: a query outside a transaction that holds it would deadlock).
describe.each(['postgres', 'pglite'] as const)(
  'briefing on %s: the brief built at the handoff, delivered at the takeover or the booking',
  (database) => {
    let db: TestDatabase | undefined;
    let baton: Awaited<ReturnType<typeof startForTest>>;
    let consumer: BusConsumer;
    const smtp = new FakeSmtp();
    const briefs: CloudEvent[] = [];

    beforeAll(async () => {
      if (database === 'postgres') db = await createTestDatabase({ require: 'postgres' });
      await smtp.start();
      Object.assign(process.env, settings, { SMTP_URL: smtp.url });
      baton = await startForTest([briefingService], db ? { DATABASE_URL: db.url! } : {});
      consumer = await baton.connections.bus.subscribe({
        groupId: 'test-briefs',
        topics: [topics.briefs],
        fromBeginning: true,
        handle: async (d) => {
          briefs.push(JSON.parse(d.value.toString()));
        },
      });
    });
    afterAll(async () => {
      await consumer?.stop();
      await baton?.cleanup();
      await smtp.stop();
      await db?.drop();
      for (const k of [...Object.keys(settings), 'SMTP_URL']) delete process.env[k];
    });

    const publish = async (...events: CloudEvent[]) => {
      for (const e of events)
        await baton.connections.bus.publish(definitionFor(e.type)!.topic, [
          { key: e.subject, value: JSON.stringify(e) },
        ]);
    };
    const who = (kind: 'rep' | 'system' | 'lead', id?: string, minute = 0) => ({
      actor: { kind, ...(id ? { id } : {}) },
      cause: 'test',
      at: new Date(t0 + minute * 60_000).toISOString(),
    });
    const fact = <E extends EventDefinition>(
      def: E,
      subject: string,
      data: Record<string, unknown>,
      tenantid = 'default',
    ) => newEvent(def, { subject, tenantid, source: '/baton/test', data: data as never });

    /** A conversation as the gateway, the AI and conversation-state would put it on the bus. */
    function thread(subject: string) {
      let minute = 0;
      const ids: Record<string, string> = {};
      return {
        ids,
        leadSays: (text: string, name?: string) => {
          const messageId = randomUUID();
          if (name) ids[name] = messageId;
          return fact(MessageReceived, subject, {
            messageId,
            providerMessageId: `SM${randomUUID()}`,
            leadPhone: lead,
            batonNumber: number,
            channel: 'sms',
            body: text,
            receivedAt: new Date(t0 + minute++ * 60_000).toISOString(),
          });
        },
        says: (author: 'ai' | 'rep', text: string, repId?: string, name?: string) => {
          const messageId = randomUUID();
          if (name) ids[name] = messageId;
          return fact(MessageSent, subject, {
            messageId,
            author,
            ...(repId ? { repId } : {}),
            idempotencyKey: randomUUID(),
            leadPhone: lead,
            batonNumber: number,
            channel: 'sms',
            body: text,
            sentAt: new Date(t0 + minute++ * 60_000).toISOString(),
          });
        },
        minute: () => minute,
      };
    }
    const handoff = (
      subject: string,
      messageId: string,
      mode: 'live_takeover' | 'async_booking' | 'warm_transfer' = 'live_takeover',
    ) =>
      fact(HandoffTriggered, subject, {
        mode,
        messageId,
        signals: [
          {
            signal: 'explicit_request',
            confidence: 0.95,
            evidence: { text: 'talk to a real person', start: 12, end: 33 },
            detector: 'rules',
          },
        ],
        ...who('system'),
      });
    let repRevision = 0;
    const rep = (repId: string, email?: string) =>
      newEvent(RepUpdated, {
        subject: `rep:${repId}`,
        tenantid: 'default',
        source: '/baton/scheduling',
        data: {
          repId,
          name: `Rep ${repId}`,
          ...(email ? { email } : {}),
          timezone: 'America/Chicago',
          presence: 'available',
          revision: ++repRevision,
          workingHours: {},
          territory: [],
          skills: { verticals: [], languages: [] },
        },
      });
    const getBrief = async (id: string, init: Parameters<typeof baton.fetchAs>[1] = {}, query = '') =>
      baton.fetchAs(`/v1/conversations/${id}/brief${query}`, init);
    const readyFor = (subject: string) =>
      briefs.filter((b) => b.type === BriefReady.type && b.subject === subject).map((b) => parseEvent(BriefReady, b));

    it('builds the brief at the handoff, finalises and delivers it when the rep takes over: on the bus and by mail, once per rep', async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(rep('rep-7', 'dana@example.com'));
      await publish(
        fact(ConversationStarted, id, { leadPhone: lead, batonNumber: number, channel: 'sms', ...who('lead') }),
      );
      await publish(
        t.leadSays("Hi, I'm looking to refinance my house, this is Danielle"),
        t.says('ai', 'Thanks for reaching out! When are you hoping to close?'),
        t.leadSays("we're closing in 9 days, need commitment by Friday"),
        t.says('ai', 'How would you describe your credit?'),
        t.leadSays('its 720 i think', 'credit'),
        t.leadSays('actually its 748', 'corrected'),
        t.leadSays('can I talk to a real person?', 'ask'),
      );
      await publish(handoff(id, t.ids.ask!));
      const draft = await eventually(async () => {
        const r = await getBrief(id, { role: 'rep' });
        const body =
          r.status === 200
            ? ((await r.json()) as {
                status: string;
                fields: {
                  financialProfile: { slot: string; value: string; messageId: string; previous?: { value: string } }[];
                };
              })
            : undefined;
        return body?.fields.financialProfile.some((f) => f.slot === 'credit_score' && f.value === '748') && body;
      }, 'the draft brief');
      expect(draft.status).toBe('draft');
      expect(draft.fields.financialProfile.find((f) => f.slot === 'credit_score')).toMatchObject({
        value: '748',
        messageId: t.ids.corrected,
        previous: { value: '720' },
      });
      expect(readyFor(id)).toEqual([]); // not delivered before the meeting or the takeover

      const takeover = fact(HumanTookOver, id, { repId: 'rep-7', repName: 'Dana', ...who('rep', 'rep-7', t.minute()) });
      await publish(takeover);
      const [ready] = await eventually(async () => readyFor(id).length > 0 && readyFor(id), 'brief.ready');
      expect(ready).toMatchObject({
        causationid: takeover.id,
        correlationid: takeover.correlationid,
        data: { reason: 'rep_took_over', repId: 'rep-7', cycle: 1 },
      });
      expect(ready!.data.summary.split(/\s+/).length).toBeLessThanOrEqual(120);
      expect(ready!.data.summary).toMatch(/748/);
      expect(ready!.data.openingLine).toMatch(/^Hey Danielle/);
      expect(ready!.data.fields.handoff).toMatchObject({
        cause: 'signals',
        reasons: [{ signal: 'explicit_request', evidence: 'talk to a real person', messageId: t.ids.ask }],
      });
      expect(ready!.data.fields.timeline.map((f) => f.date)).toEqual(
        expect.arrayContaining(['2026-03-11', '2026-03-06']),
      );
      expect(ready!.data.briefUrl).toBe(`https://baton.example.com/v1/conversations/${id}/brief`);

      const [mail] = await eventually(
        async () => smtp.to('dana@example.com').length > 0 && smtp.to('dana@example.com'),
        'the mail to the rep',
      );
      expect(mail!.subject).toMatch(/^Brief: Danielle/);
      expect(mail!.text).toContain('748');
      expect(mail!.html).toContain('<h2>Summary</h2>');

      // Kafka redelivers the takeover, then another rep takes over: the second rep gets it, the first never twice
      await publish(takeover);
      await publish(
        rep('rep-8', 'sam@example.com'),
        fact(HumanTookOver, id, { repId: 'rep-8', ...who('rep', 'rep-8', t.minute()) }),
      );
      await eventually(async () => smtp.to('sam@example.com').length > 0, 'the mail to the second rep');
      expect(smtp.to('dana@example.com')).toHaveLength(1);
      expect(
        readyFor(id)
          .map((b) => b.data.repId)
          .sort(),
      ).toEqual(['rep-7', 'rep-8']);
    });

    it('publishes brief.updated while a warm transfer waits for a rep: the spoken summary at the trigger, a newer version as the lead says more, once each', async () => {
      const id = randomUUID();
      const t = thread(id);
      const updatedFor = () =>
        briefs.filter((b) => b.type === BriefUpdated.type && b.subject === id).map((b) => parseEvent(BriefUpdated, b));
      await publish(
        t.leadSays("Hi, I'm looking to refinance my house, this is Danielle"),
        t.leadSays('can I talk to a real person?', 'ask'),
      );
      expect(updatedFor()).toEqual([]); // no handoff, no brief
      await publish(handoff(id, t.ids.ask!, 'warm_transfer'));
      const [first] = await eventually(
        async () => updatedFor().length > 0 && updatedFor(),
        'brief.updated at the trigger',
      );
      const draft = (await (await getBrief(id)).json()) as { briefId: string; version: number; spokenSummary: string };
      expect(first!.data).toEqual({
        briefId: draft.briefId,
        version: 1,
        cycle: 1,
        mode: 'warm_transfer',
        spokenSummary: draft.spokenSummary,
        briefUrl: `https://baton.example.com/v1/conversations/${id}/brief`,
      });
      expect(first!.data.spokenSummary).toMatch(/Danielle/);
      expect(first!.data.spokenSummary!.split(/\s+/).length).toBeLessThanOrEqual(60);
      expect(first!.id).toBe(derivedEventId(`brief-updated:default:${id}:${draft.briefId}:1`));

      // The lead says more before the rep answers: the next version, with the new fact in the whisper.
      const more = t.leadSays("we're closing in 9 days", 'timeline');
      await publish(more);
      // (the lead's earlier messages arrive on another topic than the handoff, so a version may come between)
      const second = await eventually(
        async () => updatedFor().find((u) => /9 days/.test(u.data.spokenSummary ?? '')),
        'a newer version that says it',
      );
      expect(second.data.version).toBeGreaterThan(1);
      // A redelivered message changes nothing, so publishes nothing; the takeover (after it, in order) delivers brief.ready.
      await publish(more);
      await publish(fact(HumanTookOver, id, { repId: 'rep-7', ...who('rep', 'rep-7', t.minute()) }));
      const [ready] = await eventually(async () => readyFor(id).length > 0 && readyFor(id), 'brief.ready');
      expect(ready!.data.spokenSummary).toMatch(/9 days/);
      await publish(t.leadSays('and my credit is 748'));
      await eventually(
        async () => JSON.stringify(await (await getBrief(id)).json()).includes('748'),
        'the final brief to take the later message',
      );
      // one event per version, in order; none for the copy, nor once a rep has the brief
      const versions = updatedFor().map((u) => u.data.version);
      expect(versions).toEqual(versions.map((_, i) => i + 1));
      expect(versions[versions.length - 1]).toBe(second.data.version);
    });

    it("takes a consumer batch's messages together: the brief rebuilt once, one new version for all of them", async () => {
      const id = randomUUID();
      const t = thread(id);
      const updatedFor = () =>
        briefs.filter((b) => b.type === BriefUpdated.type && b.subject === id).map((b) => parseEvent(BriefUpdated, b));
      await publish(t.leadSays('can I talk to a real person?', 'ask'));
      await publish(handoff(id, t.ids.ask!, 'warm_transfer'));
      const before = await eventually(async () => {
        const brief = (await (await getBrief(id, {}, '?include=transcript')).json()) as {
          version?: number;
          transcript?: { id: string }[];
        };
        return brief.transcript?.some((m) => m.id === t.ids.ask) && brief.version;
      }, 'the draft, built with the lead asking');
      await eventually(async () => updatedFor().some((u) => u.data.version === before), 'its brief.updated');

      // three messages in one commit: the consumer takes them as one batch
      const three = [
        t.leadSays("I'm looking to refinance my house, this is Danielle"),
        t.leadSays("we're closing in 9 days"),
        t.leadSays('and my credit is 748'),
      ];
      await baton.connections.bus.publish(
        definitionFor(three[0]!.type)!.topic,
        three.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      );
      const after = await eventually(async () => {
        const brief = (await (await getBrief(id)).json()) as { version: number };
        const text = JSON.stringify(brief);
        return text.includes('748') && text.includes('9 days') && text.includes('Danielle') && brief;
      }, 'the brief with all three');
      expect(after.version).toBe(before + 1);
      await eventually(async () => updatedFor().some((u) => u.data.version === before + 1), 'its brief.updated');
      expect(
        updatedFor()
          .filter((u) => u.data.version > before)
          .map((u) => u.data.version),
      ).toEqual([before + 1]);
    });

    it('publishes brief.updated without a spoken summary for a handoff that is not a warm transfer', async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(
        t.leadSays('looking for a CRM for my 8 person sales team'),
        t.leadSays('I want to talk to a real person', 'ask'),
      );
      await publish(handoff(id, t.ids.ask!, 'async_booking'));
      const updated = await eventually(
        async () => briefs.find((b) => b.type === BriefUpdated.type && b.subject === id),
        'brief.updated',
      );
      expect(parseEvent(BriefUpdated, updated).data).toMatchObject({ version: 1, cycle: 1, mode: 'async_booking' });
      expect(parseEvent(BriefUpdated, updated).data.spokenSummary).toBeUndefined();
    });

    it("delivers at the booking (meeting.booked) with the meeting, and the aggregate's meeting.linked adds nothing", async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(
        t.leadSays(
          'need a quote to replace our roof, hail damage last week. insurance adjuster comes thursday',
          'roof',
        ),
      );
      await publish(handoff(id, t.ids.roof!, 'async_booking'));
      await eventually(async () => (await getBrief(id)).status === 200, 'the draft brief');
      const meetingId = randomUUID();
      const start = new Date(t0 + 86_400_000).toISOString();
      await publish(
        rep('rep-9', 'lee@example.com'),
        fact(MeetingBooked, id, {
          meetingId,
          repId: 'rep-9',
          repName: 'Lee',
          start,
          end: new Date(t0 + 86_400_000 + 900_000).toISOString(),
          leadTimezone: 'America/Chicago',
          leadInvited: false,
          reminderMinutes: 30,
        }),
      );
      const [ready] = await eventually(
        async () => readyFor(id).length > 0 && readyFor(id),
        'brief.ready at the booking',
      );
      expect(ready!.data).toMatchObject({
        reason: 'meeting_booked',
        repId: 'rep-9',
        meetingId,
        fields: { meeting: { meetingId, start } },
      });
      await eventually(async () => smtp.to('lee@example.com').length > 0, 'the mail to the booked rep');
      await publish(fact(MeetingLinked, id, { meetingId, repId: 'rep-9', startsAt: start, ...who('system') }));
      // a later lead message shows the linked meeting was handled; still one delivery
      await publish(t.leadSays('also the gutters are bent', 'later'));
      await eventually(
        async () => JSON.stringify(await (await getBrief(id)).json()).includes('gutters'),
        'the brief to take the later message',
      );
      expect(readyFor(id)).toHaveLength(1);
      expect(smtp.to('lee@example.com')).toHaveLength(1);
      const body = (await (await getBrief(id)).json()) as {
        status: string;
        deliveries: { kind: string; status: string }[];
      };
      expect(body.status).toBe('final');
      expect(body.deliveries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'brief.ready', status: 'sent' }),
          expect.objectContaining({ kind: 'email', status: 'sent' }),
        ]),
      );
    });

    it("after a hand-back and a new handoff, the next takeover delivers the next cycle; mail waits for a rep's address", async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(
        t.leadSays('looking for a CRM for my 8 person sales team', 'need'),
        t.leadSays('I want to talk to a real person', 'ask'),
      );
      await publish(handoff(id, t.ids.ask!), fact(HumanTookOver, id, { repId: 'rep-10', ...who('rep', 'rep-10', 3) }));
      await eventually(async () => readyFor(id).length === 1, 'the first delivery');
      const waiting = await eventually(async () => {
        const body = (await (await getBrief(id)).json()) as {
          deliveries: { kind: string; status: string; lastError?: string }[];
        };
        return body.deliveries.find((d) => d.kind === 'email' && d.status === 'waiting');
      }, 'the mail waiting for an address');
      expect(waiting.lastError).toMatch(/no rep.updated/);
      await publish(rep('rep-10', 'kim@example.com'));
      await eventually(async () => smtp.to('kim@example.com').length === 1, 'the mail once the address is known');

      await publish(fact(HandedBack, id, { repId: 'rep-10', ...who('rep', 'rep-10', 4) }));
      await publish(t.leadSays('ok one more thing, we want to be set up in 2 weeks', 'again'));
      await publish(
        handoff(id, t.ids.again!),
        fact(HumanTookOver, id, { repId: 'rep-10', ...who('rep', 'rep-10', 6) }),
      );
      await eventually(async () => readyFor(id).length === 2, 'the second cycle delivered');
      expect(readyFor(id).map((b) => b.data.cycle)).toEqual([1, 2]);
      await eventually(async () => smtp.to('kim@example.com').length === 2, 'the second mail');
    });

    it('records a rep asking for what the lead already gave, and shows the known value on the brief', async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(
        t.says('ai', 'How would you describe your credit?'),
        t.leadSays('720'),
        t.leadSays('actually its 748', 'credit'),
        t.leadSays('talk to a human please', 'ask'),
      );
      await publish(handoff(id, t.ids.ask!), fact(HumanTookOver, id, { repId: 'rep-7', ...who('rep', 'rep-7', 5) }));
      await eventually(async () => readyFor(id).length === 1, 'the delivery');
      await publish(t.says('rep', "Hi! Before we start, what's your credit score?", 'rep-7', 'asked'));
      const event = await eventually(
        async () => briefs.find((b) => b.type === RepReQuestioned.type && b.subject === id),
        'rep.re-questioned',
      );
      expect(parseEvent(RepReQuestioned, event).data).toEqual({
        repId: 'rep-7',
        field: 'financial_profile.credit_score',
        askedMessageId: t.ids.asked,
        knownMessageId: t.ids.credit,
        knownValue: '748',
      });
      const body = await eventually(async () => {
        const b = (await (await getBrief(id)).json()) as { fields: { reQuestions: unknown[] } };
        return b.fields.reQuestions.length > 0 && b;
      }, 'the known value on the brief');
      expect(body.fields.reQuestions).toEqual([
        expect.objectContaining({ field: 'financial_profile.credit_score', knownValue: '748' }),
      ]);
      expect(await (await getBrief(id, { headers: { accept: 'text/markdown' } })).text()).toMatch(
        /Already answered[\s\S]*the lead already said 748/,
      );
      // confirming what the brief says is reading it, not asking again
      await publish(t.says('rep', 'You said 748, right?', 'rep-7', 'confirm'), t.leadSays('yes', 'yes'));
      await eventually(
        async () => JSON.stringify(await (await getBrief(id)).json()).includes(t.ids.yes!),
        'the brief to take the later messages',
      );
      expect(briefs.filter((b) => b.type === RepReQuestioned.type && b.subject === id)).toHaveLength(1);
    });

    it('serves the brief as JSON, Markdown or HTML to its tenant only, escaping what the lead wrote', async () => {
      const id = randomUUID();
      const t = thread(id);
      await publish(
        t.leadSays('<script>alert(1)</script> [click](javascript:alert(1)) I want to buy a house', 'x'),
        t.leadSays('get me a person', 'ask'),
      );
      await publish(handoff(id, t.ids.ask!));
      await eventually(async () => (await getBrief(id)).status === 200, 'the brief');
      const html = await getBrief(id, { headers: { accept: 'text/html' } });
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      const page = await html.text();
      expect(page).not.toMatch(/<script>|href="javascript/);
      expect(page).toContain('&lt;script&gt;');
      const md = await getBrief(id, { headers: { accept: 'text/markdown' }, role: 'auditor' });
      expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
      expect(await md.text()).toMatch(/^# Brief: \+15125550140/);
      const withTranscript = (await (await getBrief(id, {}, '?include=transcript')).json()) as {
        transcript: { author: string }[];
      };
      expect(withTranscript.transcript.map((m) => m.author)).toEqual(['lead', 'lead']);
      expect((await getBrief(id, { tenant: 'globex' })).status).toBe(404);
      expect((await getBrief(id, {}, '?include=everything')).status).toBe(400);
      expect((await getBrief('bad id!')).status).toBe(400);
      expect((await getBrief(id, { headers: { accept: 'image/png' } })).status).toBe(406);
      expect((await fetch(`${baton.url}/v1/conversations/${id}/brief`)).status).toBe(401);
    });
  },
);
