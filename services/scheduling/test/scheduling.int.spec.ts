import { randomUUID } from 'node:crypto';
import {
  ConversationStarted,
  HandoffTriggered,
  MessageBlocked,
  MessageReceived,
  MessageSent,
  newEvent,
  topics,
  turnIdFor,
  type CloudEvent,
  type EventDefinition,
} from '@baton/contracts';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { eventually, startSmtpCapture } from '@baton/testing';
import { schedulingService } from '../src/service';

// The scheduling service as it runs: events in on the bus, HTTP for reps and meetings, SMTP for invites.
let service: TestService;
let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;

let saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  smtp = await startSmtpCapture();
  // scheduling reads its own settings from the environment at start-up, as in `npm start`.
  const env = {
    BATON_DEMO_REP: 'true',
    SMTP_URL: smtp.url,
    BATON_SCHEDULING_TICK_MS: '50',
    BATON_MAIL_FROM: 'Baton <meetings@baton.test>',
    BATON_CALENDAR_TIMEOUT_MS: '1000',
  };
  saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  service = await startForTest([schedulingService], env);
});
afterAll(async () => {
  await service?.cleanup();
  await smtp?.stop();
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const publish = (topic: string, event: CloudEvent) =>
  service.connections.bus.publish(topic, [{ key: event.subject, value: JSON.stringify(event) }]);
/** What scheduling has published (its outbox), by type, for a conversation. */
async function published<T = Record<string, unknown>>(
  type: string,
  subject: string,
): Promise<(CloudEvent & { data: T })[]> {
  const { rows } = await service.connections.sql.query<{ value: string }>(
    'SELECT value FROM scheduling_outbox ORDER BY seq',
  );
  return rows
    .map((r) => JSON.parse(r.value) as CloudEvent & { data: T })
    .filter((e) => e.type === type && e.subject === subject);
}
const json = async (response: Response) => ({
  status: response.status,
  body: (await response.json().catch(() => ({}))) as Record<string, unknown>,
});

/**
 * A lead who texted from Austin, wrote their email, and triggered an async-booking handoff; the AI's message with
 * the slots went out (as the gateway says it, in the offer's turn) unless `reached` is false.
 */
async function aLeadHandedOff(tenantid = 'default', phone = '+15125550123', { reached = true } = {}) {
  const conversationId = randomUUID();
  const base = { subject: conversationId, tenantid, source: '/baton/test' };
  const at = new Date().toISOString();
  await publish(
    topics.conversations,
    newEvent(ConversationStarted, {
      ...base,
      data: {
        leadPhone: phone,
        batonNumber: '+15125550100',
        channel: 'sms',
        actor: { kind: 'lead' },
        cause: 'first lead message',
        at,
      },
    }),
  );
  await lead(conversationId, "I'm ready to refinance, my email is Dana.R@example.com", tenantid, phone);
  const messageId = randomUUID();
  await publish(
    topics.conversations,
    newEvent(HandoffTriggered, {
      ...base,
      data: {
        mode: 'async_booking',
        signals: [],
        messageId,
        actor: { kind: 'system', id: 'conversation-state' },
        cause: 'high_intent detected',
        at,
      },
    }),
  );
  const [offer] = await eventually(async () => {
    const o = await published<{ slots: { start: string }[]; repName: string; offerId: string }>(
      'baton.scheduling.slots.offered.v1',
      conversationId,
    );
    return o.length > 0 && o;
  }, 'slots offered');
  if (reached) await offerSent(conversationId, offer!, tenantid, phone);
  return { conversationId, offer: offer!, messageId };
}

/** The gateway's word that the AI's message in an offer's turn went out (handed to the provider at `attemptedAt`). */
async function offerSent(
  conversationId: string,
  offer: CloudEvent,
  tenantid = 'default',
  phone = '+15125550123',
  attemptedAt = new Date().toISOString(),
) {
  const event = newEvent(MessageSent, {
    subject: conversationId,
    tenantid,
    source: '/baton/test',
    data: {
      messageId: randomUUID(),
      author: 'ai',
      turnId: turnIdFor(offer.id),
      idempotencyKey: `turn:${turnIdFor(offer.id)}`,
      leadPhone: phone,
      batonNumber: '+15125550100',
      channel: 'sms',
      body: 'A rep can call you: Tue 10:00 or Tue 14:00. Which works?',
      sentAt: new Date().toISOString(),
      attemptedAt,
    },
  });
  lastEventId = event.id;
  await publish(topics.messages, event);
}

let lastEventId = '';
async function lead(
  conversationId: string,
  body: string,
  tenantid = 'default',
  phone = '+15125550123',
  receivedAt = new Date().toISOString(),
): Promise<string> {
  const messageId = randomUUID();
  const event = newEvent(MessageReceived, {
    subject: conversationId,
    tenantid,
    source: '/baton/test',
    data: {
      messageId,
      providerMessageId: `SM${randomUUID()}`,
      leadPhone: phone,
      batonNumber: '+15125550100',
      channel: 'sms',
      body,
      receivedAt,
    },
  });
  lastEventId = event.id;
  await publish(topics.messages, event);
  return messageId;
}
/**
 * The fact that scheduling has handled (and committed) an event: the group's committed offset is past the
 * message that carries it (or the log already dropped it, which happens only once every group is past it).
 */
const handled = (eventId: string) =>
  eventually(
    async () =>
      (
        await service.connections.sql.query(
          `SELECT 1 FROM bus_messages m WHERE position(convert_to($2, 'UTF8') in m.value) > 0
     AND m."offset" >= COALESCE((SELECT o."offset" FROM bus_offsets o WHERE o.group_id = $1 AND o.topic = m.topic AND o.partition = m.partition), 0)`,
          ['scheduling', eventId],
        )
      ).rowCount === 0,
    `event ${eventId} handled`,
  );

const has = <E extends EventDefinition>(definition: E, subject: string) =>
  eventually(async () => {
    const e = await published(definition.type, subject);
    return e.length > 0 && e;
  }, definition.type);

describe('scheduling, end to end on its own', () => {
  it('starts with a demo rep an admin can see, and publishes it', async () => {
    const rep = await json(await service.fetchAs('/v1/reps/demo-rep', { role: 'admin' }));
    expect(rep).toMatchObject({
      status: 200,
      body: { repId: 'demo-rep', name: 'Sarah Lee', timezone: 'America/New_York', calendar: { kind: 'internal' } },
    });
    expect(await published('baton.scheduling.rep.updated.v1', 'rep:demo-rep')).toHaveLength(1);
  });

  it('lets an admin give the rep an email, and a rep set their own presence only', async () => {
    const body = {
      name: 'Sarah Lee',
      email: 'sarah@example.com',
      timezone: 'America/New_York',
      workingHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
      ),
    };
    expect(
      (await service.fetchAs('/v1/reps/demo-rep', { role: 'admin', method: 'PUT', body: JSON.stringify(body) })).status,
    ).toBe(200);
    expect(
      (await service.fetchAs('/v1/reps/demo-rep', { role: 'supervisor', method: 'PUT', body: JSON.stringify(body) }))
        .status,
    ).toBe(403);
    expect(
      (
        await service.fetchAs('/v1/reps/demo-rep/presence', {
          role: 'rep',
          subject: 'demo-rep',
          method: 'PUT',
          body: JSON.stringify({ presence: 'busy' }),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await service.fetchAs('/v1/reps/demo-rep/presence', {
          role: 'rep',
          subject: 'rep-9',
          method: 'PUT',
          body: JSON.stringify({ presence: 'available' }),
        })
      ).status,
    ).toBe(403);
    const updates = await published<{ revision: number; email?: string }>(
      'baton.scheduling.rep.updated.v1',
      'rep:demo-rep',
    );
    expect(updates.map((u) => u.data.revision)).toEqual([1, 2, 3]);
    expect(updates[1]!.data.email).toBe('sarah@example.com');
  });

  it('refuses a bad rep with the reason, and never shows calendar secrets', async () => {
    const bad = await json(
      await service.fetchAs('/v1/reps/r1', {
        role: 'admin',
        method: 'PUT',
        body: JSON.stringify({ name: 'A\u0000', timezone: 'Mars/Olympus', workingHours: {} }),
      }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/name[\s\S]*timezone|timezone[\s\S]*name/);
    const hours = await json(
      await service.fetchAs('/v1/reps/r1', {
        role: 'admin',
        method: 'PUT',
        body: JSON.stringify({ name: 'A', timezone: 'UTC', workingHours: { mon: [{ start: '17:00', end: '09:00' }] } }),
      }),
    );
    expect(hours).toMatchObject({ status: 400, body: { detail: expect.stringMatching(/ends before it starts/) } });
    const caldav = {
      name: 'Cal Dav',
      timezone: 'UTC',
      workingHours: { mon: [{ start: '09:00', end: '17:00' }] },
      calendar: { kind: 'caldav', serverUrl: 'https://dav.example.com', username: 'cal', password: 's3cret' },
    };
    expect(
      (
        await service.fetchAs('/v1/reps/cal', {
          role: 'admin',
          tenant: 'other',
          method: 'PUT',
          body: JSON.stringify(caldav),
        })
      ).status,
    ).toBe(201);
    // PUT back what GET shows (no password): the password is kept
    const shown = await json(await service.fetchAs('/v1/reps/cal', { role: 'admin', tenant: 'other' }));
    expect(JSON.stringify(shown.body)).not.toContain('s3cret');
    expect(shown.body.calendar).toMatchObject({ kind: 'caldav', hasPassword: true });
    const { password: _password, ...withoutSecret } = caldav.calendar;
    expect(
      (
        await service.fetchAs('/v1/reps/cal', {
          role: 'admin',
          tenant: 'other',
          method: 'PUT',
          body: JSON.stringify({ ...caldav, calendar: withoutSecret }),
        })
      ).status,
    ).toBe(200);
    const { rows } = await service.connections.sql.query<{ calendar: { password?: string } }>(
      "SELECT calendar FROM scheduling_reps WHERE tenant_id = 'other' AND rep_id = 'cal'",
    );
    expect(rows[0]!.calendar.password).toBe('s3cret');
    expect((await service.fetchAs('/v1/reps/cal', { role: 'admin' })).status).toBe(404); // another tenant's rep
    expect(JSON.stringify(await published('baton.scheduling.rep.updated.v1', 'rep:cal'))).not.toContain('s3cret');
  });

  it('offers two slots on a handoff, books "the second one", mails the invite to the rep and the lead, and arms the reminder', async () => {
    const { conversationId, offer } = await aLeadHandedOff();
    expect(offer.data.slots).toHaveLength(2);
    expect(Date.parse(offer.data.slots[1]!.start) - Date.parse(offer.data.slots[0]!.start)).toBeGreaterThanOrEqual(
      2 * 3600_000,
    );
    const pick = await lead(conversationId, 'the second one works');
    const [booked] = (await has(
      { type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { meetingId: string; start: string; inReplyTo: string; leadInvited: boolean } })[];
    expect(booked!.data).toMatchObject({ start: offer.data.slots[1]!.start, inReplyTo: pick, leadInvited: true });
    const meetingId = booked!.data.meetingId;
    const mails = await eventually(
      () =>
        smtp.mails.filter((m) => m.raw.includes(meetingId)).length >= 2 &&
        smtp.mails.filter((m) => m.raw.includes(meetingId)),
      'two invite mails',
    );
    expect(mails.flatMap((m) => m.to).sort()).toEqual(['dana.r@example.com', 'sarah@example.com']);
    for (const mail of mails) expect(mail.raw.replace(/=\r?\n/g, '')).toMatch(/METHOD:REQUEST[\s\S]*BEGIN:VALARM/);
    const meeting = await json(
      await service.fetchAs(`/v1/meetings/${meetingId}`, { role: 'rep', subject: 'demo-rep' }),
    );
    expect(meeting.body).toMatchObject({
      status: 'booked',
      repId: 'demo-rep',
      calendar: { kind: 'internal', status: 'synced' },
      leadInvited: true,
    });
    const ics = await service.fetchAs(`/v1/meetings/${meetingId}/invite.ics`, { role: 'supervisor' });
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(await ics.text()).toMatch(/UID:.*@baton/);
    const { rows } = await service.connections.sql.query<{ kind: string; status: string }>(
      'SELECT kind, status FROM scheduling_timers WHERE meeting_id = $1 ORDER BY kind',
      [meetingId],
    );
    expect(rows).toEqual(expect.arrayContaining([{ kind: 'reminder', status: 'pending' }]));
  });

  it('asks once more when a pick matches nothing, never books a wrong slot, and then waits', async () => {
    const { conversationId, offer } = await aLeadHandedOff();
    await lead(conversationId, 'hmm what do you mean');
    const offers = await eventually(async () => {
      const o = await published<{ why: string; slots: unknown[] }>('baton.scheduling.slots.offered.v1', conversationId);
      return o.length >= 2 && o;
    }, 'the clarifying offer');
    expect(offers[1]!.data).toMatchObject({ why: 'clarify', slots: offer.data.slots });
    await offerSent(conversationId, offers[1]!);
    await lead(conversationId, 'no idea');
    await handled(lastEventId); // the second unclear reply was read: nothing more is offered for it
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(2);
    await lead(conversationId, 'the first one');
    await has({ type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition, conversationId);
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(2);
  });

  it('never takes a message written before the offer for an answer to it (the one that called for it, heard late)', async () => {
    const { conversationId } = await aLeadHandedOff();
    const before = new Date(Date.now() - 60_000).toISOString();
    await lead(conversationId, 'neither, how about friday afternoon', 'default', '+15125550123', before);
    await handled(lastEventId); // read, and set aside: no new pair for it
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(1);
    await lead(conversationId, 'the first one');
    await has({ type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition, conversationId);
  });

  it('reads a text that came before the slots reached the lead only once they did, and never as an answer to them', async () => {
    const { conversationId } = await aLeadHandedOff('default', '+15125550123', { reached: false });
    const [offer] = await published('baton.scheduling.slots.offered.v1', conversationId);
    await lead(conversationId, 'hello??');
    await handled(lastEventId); // kept: no clarifying question about slots the lead has not seen
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(1);
    await offerSent(conversationId, offer!); // handed to the provider after that text: the text was no answer
    await handled(lastEventId);
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(1);
    await lead(conversationId, 'the first one');
    await has({ type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition, conversationId);
  });

  it('takes an answer that beat the record of its send: a pick received after the slots were handed to the provider', async () => {
    const { conversationId } = await aLeadHandedOff('default', '+15125550123', { reached: false });
    const [offer] = await published<{ slots: { start: string }[] }>(
      'baton.scheduling.slots.offered.v1',
      conversationId,
    );
    const handedOver = new Date(Date.now() - 2_000).toISOString();
    const pick = await lead(conversationId, 'the second one');
    await handled(lastEventId);
    await offerSent(conversationId, offer!, 'default', '+15125550123', handedOver);
    const [booked] = (await has(
      { type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { start: string; inReplyTo: string } })[];
    expect(booked!.data).toMatchObject({ start: offer!.data.slots[1]!.start, inReplyTo: pick });
  });

  it('offers the same slots anew, in the words of the handoff, when their message was void (the lead wrote again first)', async () => {
    const { conversationId } = await aLeadHandedOff('default', '+15125550123', { reached: false });
    const [offer] = await published<{ slots: unknown[]; why: string }>(
      'baton.scheduling.slots.offered.v1',
      conversationId,
    );
    await lead(conversationId, 'asap please');
    await handled(lastEventId);
    await publish(
      topics.messages,
      newEvent(MessageBlocked, {
        subject: conversationId,
        tenantid: 'default',
        source: '/baton/test',
        data: {
          idempotencyKey: `turn:${turnIdFor(offer!.id)}`,
          author: 'ai',
          turnId: turnIdFor(offer!.id),
          reason: 'turn_void',
          detail: 'a newer lead message voids the turn',
        },
      }),
    );
    const offers = await eventually(async () => {
      const o = await published<{ slots: unknown[]; why: string }>('baton.scheduling.slots.offered.v1', conversationId);
      return o.length >= 2 && o;
    }, 'the offer made again');
    expect(offers).toHaveLength(2);
    expect(offers[1]!.data).toMatchObject({ why: 'handoff', slots: offer!.data.slots });
    await offerSent(conversationId, offers[1]!);
    await lead(conversationId, 'the first one');
    await has({ type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition, conversationId);
    expect(await published('baton.scheduling.slots.offered.v1', conversationId)).toHaveLength(2);
  });

  it('moves and cancels by text', async () => {
    const { conversationId, offer } = await aLeadHandedOff();
    await lead(conversationId, 'the first one');
    const [booked] = (await has(
      { type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { meetingId: string } })[];
    await lead(conversationId, 'can we reschedule?');
    const moves = await eventually(async () => {
      const o = await published<{ why: string; slots: { start: string }[] }>(
        'baton.scheduling.slots.offered.v1',
        conversationId,
      );
      return o.length >= 2 && o;
    }, 'a pair to move to');
    expect(moves[1]!.data.why).toBe('reschedule');
    expect(moves[1]!.data.slots.map((s) => s.start)).not.toContain(offer.data.slots[0]!.start);
    await offerSent(conversationId, moves[1]!);
    await lead(conversationId, 'the second one');
    const [moved] = (await has(
      { type: 'baton.scheduling.meeting.rescheduled.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { start: string; meetingId: string } })[];
    expect(moved!.data).toMatchObject({ meetingId: booked!.data.meetingId, start: moves[1]!.data.slots[1]!.start });
    await lead(conversationId, 'actually I need to cancel');
    await has({ type: 'baton.scheduling.meeting.cancelled.v1' } as EventDefinition, conversationId);
    const meeting = await json(await service.fetchAs(`/v1/meetings/${booked!.data.meetingId}`, { role: 'supervisor' }));
    expect(meeting.body.status).toBe('cancelled');
  });

  it('keeps meetings to their tenant and reps to their own, and lets an admin cancel by API', async () => {
    const { conversationId } = await aLeadHandedOff();
    await lead(conversationId, '1');
    const [booked] = (await has(
      { type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { meetingId: string } })[];
    const id = booked!.data.meetingId;
    expect((await service.fetchAs(`/v1/meetings/${id}`, { role: 'admin', tenant: 'other' })).status).toBe(404);
    expect((await service.fetchAs(`/v1/meetings/${id}`, { role: 'rep', subject: 'rep-9' })).status).toBe(404);
    expect((await service.fetchAs('/v1/meetings?repId=demo-rep', { role: 'rep', subject: 'rep-9' })).status).toBe(403);
    const mine = await json(await service.fetchAs('/v1/meetings', { role: 'rep', subject: 'demo-rep' }));
    expect((mine.body.items as { id: string }[]).map((m) => m.id)).toContain(id);
    expect(
      (await service.fetchAs(`/v1/meetings/${id}/cancel`, { role: 'auditor', method: 'POST', body: '{}' })).status,
    ).toBe(403);
    expect(
      (
        await service.fetchAs(`/v1/meetings/${id}/outcome`, {
          role: 'admin',
          method: 'POST',
          body: JSON.stringify({ outcome: 'attended' }),
        })
      ).status,
    ).toBe(409); // not started yet
    expect(
      (
        await service.fetchAs(`/v1/meetings/${id}/reschedule`, {
          role: 'admin',
          method: 'POST',
          body: JSON.stringify({ start: 'tomorrow' }),
        })
      ).status,
    ).toBe(400);
    const cancelled = await json(
      await service.fetchAs(`/v1/meetings/${id}/cancel`, {
        role: 'admin',
        method: 'POST',
        body: JSON.stringify({ reason: 'rep is out sick' }),
      }),
    );
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled' } });
    const [event] = await published<{ by: string; reason: string }>(
      'baton.scheduling.meeting.cancelled.v1',
      conversationId,
    );
    expect(event!.data).toMatchObject({ by: 'admin', reason: 'rep is out sick' });
    const mail = await eventually(
      () => smtp.mails.find((m) => m.raw.includes(id) && /METHOD:CANCEL/.test(m.raw)),
      'the cancellation mail',
    );
    expect(mail).toBeDefined();
  });

  it("keeps a booking whose rep's calendar cannot be reached, and shows the failed sync on the meeting", async () => {
    const tenant = 'acme';
    const rep = {
      name: 'Dee',
      timezone: 'America/Chicago',
      workingHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
      ),
      calendar: { kind: 'caldav', serverUrl: 'http://127.0.0.1:9', username: 'dee', password: 'x' },
    };
    expect(
      (await service.fetchAs('/v1/reps/dee', { role: 'admin', tenant, method: 'PUT', body: JSON.stringify(rep) }))
        .status,
    ).toBe(201);
    const { conversationId } = await aLeadHandedOff(tenant);
    await lead(conversationId, 'the first one', tenant);
    const [booked] = (await has(
      { type: 'baton.scheduling.meeting.booked.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { meetingId: string } })[];
    const meeting = await eventually(async () => {
      const m = await json(await service.fetchAs(`/v1/meetings/${booked!.data.meetingId}`, { role: 'admin', tenant }));
      return (m.body.calendar as { attempts: number }).attempts > 0 && m.body;
    }, 'a sync attempt');
    expect(meeting).toMatchObject({
      status: 'booked',
      calendar: { kind: 'caldav', status: 'pending', lastError: expect.stringMatching(/caldav calendar/) },
    });
    const { rows } = await service.connections.sql.query<{ status: string; last_error: string }>(
      "SELECT status, last_error FROM scheduling_timers WHERE meeting_id = $1 AND kind = 'calendar_sync'",
      [booked!.data.meetingId],
    );
    expect(rows[0]).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/caldav/) }); // retried later
  });

  it("routes by the tenant's policy: a Texas lead goes to the rep whose territory is Texas", async () => {
    const tenant = 'routing';
    const allWeek = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ start: '00:00', end: '24:00' }]]),
    );
    for (const [repId, territory] of [
      ['ca-rep', ['CA']],
      ['tx-rep', ['TX', 'OK']],
    ] as const) {
      expect(
        (
          await service.fetchAs(`/v1/reps/${repId}`, {
            role: 'admin',
            tenant,
            method: 'PUT',
            body: JSON.stringify({ name: repId, timezone: 'America/Chicago', workingHours: allWeek, territory }),
          })
        ).status,
      ).toBe(201);
    }
    expect(
      (
        await service.fetchAs('/v1/scheduling/policy', {
          role: 'admin',
          tenant,
          method: 'PUT',
          body: JSON.stringify({ routing: { strategy: 'nearest' } }),
        })
      ).status,
    ).toBe(400);
    const policy = await json(
      await service.fetchAs('/v1/scheduling/policy', {
        role: 'admin',
        tenant,
        method: 'PUT',
        body: JSON.stringify({ routing: { strategy: 'territory', fallback: 'none' } }),
      }),
    );
    expect(policy.body).toMatchObject({
      routing: { strategy: 'territory', fallback: 'none' },
      timezone: 'America/New_York',
    });
    const texas = await aLeadHandedOff(tenant, '+15125550777'); // Austin
    expect(texas.offer.data).toMatchObject({ repId: 'tx-rep' });
    // No rep covers New York and the fallback is none: the handoff goes out without times.
    const conversationId = randomUUID();
    const at = new Date().toISOString();
    await publish(
      topics.conversations,
      newEvent(ConversationStarted, {
        subject: conversationId,
        tenantid: tenant,
        source: '/baton/test',
        data: {
          leadPhone: '+12125550777',
          batonNumber: '+15125550100',
          channel: 'sms',
          actor: { kind: 'lead' },
          cause: 'first lead message',
          at,
        },
      }),
    );
    await publish(
      topics.conversations,
      newEvent(HandoffTriggered, {
        subject: conversationId,
        tenantid: tenant,
        source: '/baton/test',
        data: {
          mode: 'async_booking',
          signals: [],
          messageId: randomUUID(),
          actor: { kind: 'system' },
          cause: 'high_intent detected',
          at,
        },
      }),
    );
    const [none] = (await has(
      { type: 'baton.scheduling.slots.unavailable.v1' } as EventDefinition,
      conversationId,
    )) as (CloudEvent & { data: { why: string } })[];
    expect(none!.data.why).toBe('handoff');
  });
});
