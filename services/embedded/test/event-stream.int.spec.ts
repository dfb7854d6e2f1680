import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { allServices } from '../src/platform';
import { daytimeLead, eventually } from './harness';
import { EventStreamReader } from './sse-reader';

type Fact = ReturnType<EventStreamReader['facts']>[number];
const positionOf = (id: string) => id.split('.').map(BigInt) as [bigint, bigint];
const before = (a: string, b: string) => {
  const [x, y] = positionOf(a);
  const [u, v] = positionOf(b);
  return x < u || (x === u && y < v);
};

describe('GET /v1/events/stream: conversation facts live, per tenant and role, resumable', () => {
  let baton: TestService;
  const readers: EventStreamReader[] = [];
  beforeAll(async () => {
    baton = await startForTest(allServices);
  }, 60_000);
  afterAll(async () => {
    for (const r of readers) await r.close();
    await baton.cleanup();
  });

  const open = async (
    role: 'rep' | 'supervisor' | 'auditor',
    subject?: string,
    headers: Record<string, string> = {},
    tenant = 'default',
  ) => {
    const reader = new EventStreamReader(`${baton.url}/v1/events/stream`, {
      authorization: `Bearer ${await baton.token(role, tenant, subject)}`,
      ...headers,
    });
    readers.push(reader);
    await reader.open();
    return reader;
  };
  const say = async (phone: string, body: string) => {
    const response = await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ body }),
    });
    expect(response.status).toBe(202);
  };
  const handoffOf = async (reader: EventStreamReader) =>
    JSON.parse(
      (await reader.waitFor((e) => e.event === 'conversation' && JSON.parse(e.data).name === 'handoff.triggered')).data,
    ) as { conversationId: string; data: { signals: { signal: string }[] } };

  it('refuses a caller with no bearer token, a token in the URL and a resume id it never gave out', async () => {
    expect((await fetch(`${baton.url}/v1/events/stream`)).status).toBe(401);
    const token = await baton.token('supervisor');
    const inUrl = await fetch(`${baton.url}/v1/events/stream?token=${token}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(inUrl.status).toBe(400);
    const badResume = await fetch(`${baton.url}/v1/events/stream`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': 'not-a-position' },
    });
    expect(badResume.status).toBe(400);
    expect(badResume.headers.get('content-type')).toContain('application/problem+json');
  });

  it('says ready, then sends each fact as it is appended, in order, with the handoff and its evidence', async () => {
    const supervisor = await open('supervisor');
    const ready = await supervisor.waitFor((e) => e.event === 'ready');
    expect(ready.id).toMatch(/^\d+\.\d+$/);
    const lead = daytimeLead(301).phone;
    await say(lead, 'Hi, can I talk to a real person about refinancing?');
    const handoff = await handoffOf(supervisor);
    expect(handoff.data.signals.map((s) => s.signal)).toContain('explicit_request');
    const facts = supervisor.facts().filter((f) => f.conversationId === handoff.conversationId);
    expect(facts.map((f) => f.name).slice(0, 3)).toEqual([
      'conversation.started',
      'lead-message.recorded',
      'signal.recorded',
    ]);
    for (let i = 1; i < facts.length; i++) expect(before(facts[i - 1]!.id, facts[i]!.id)).toBe(true);
    expect(before(ready.id!, facts[0]!.id)).toBe(true);
    // The thread lines stay in the store: the stream carries the facts, not the transcript.
    expect(facts.some((f) => 'lines' in f.data)).toBe(false);
  });

  it('resumes after Last-Event-ID with exactly what came after: nothing lost, nothing twice', async () => {
    const witness = await open('supervisor');
    await witness.waitFor((e) => e.event === 'ready');
    const dropped = await open('supervisor');
    await dropped.waitFor((e) => e.event === 'ready');
    const lead = daytimeLead(302).phone;
    await say(lead, 'Hello, can I talk to a real person?');
    const { conversationId } = await handoffOf(dropped);
    const lastSeen = dropped.facts().at(-1)!;
    await dropped.close();
    // While it is away: a rep takes over and writes.
    const takeOver = await baton.fetchAs(`/v1/conversations/${conversationId}/takeover`, {
      method: 'POST',
      role: 'rep',
      subject: 'rep-31',
      headers: { prefer: 'wait=30' },
      body: JSON.stringify({}),
    });
    expect(takeOver.status).toBe(200);
    await witness.waitFor((e) => e.event === 'conversation' && JSON.parse(e.data).name === 'human.took-over');
    const resumed = await open('supervisor', undefined, { 'last-event-id': lastSeen.id });
    await resumed.waitFor((e) => e.event === 'ready');
    const expected = witness
      .facts()
      .filter((f) => before(lastSeen.id, f.id))
      .map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    await eventually(() => {
      expect(resumed.facts().map((f) => f.id)).toEqual(expected);
      return true;
    });
    expect(resumed.facts().map((f) => f.name)).toContain('human.took-over');
  });

  it('resumes in the middle of a burst: what it reads from the store and the live tail meet exactly', async () => {
    const witness = await open('supervisor');
    await witness.waitFor((e) => e.event === 'ready');
    await say(daytimeLead(310).phone, 'Hello, can I talk to a real person?');
    await handoffOf(witness);
    const mark = witness.facts().at(-1)!.id;
    const burst = Promise.all(
      [311, 312, 313, 314].map((n) => say(daytimeLead(n).phone, 'Hi, can I talk to a real person please?')),
    );
    const resumed = await open('supervisor', undefined, { 'last-event-id': mark });
    await burst;
    await eventually(
      () => witness.facts().filter((f) => f.name === 'handoff.triggered' && before(mark, f.id)).length === 4,
      'four more handoffs',
    );
    await eventually(() => {
      expect(resumed.facts().map((f) => f.id)).toEqual(
        witness
          .facts()
          .filter((f) => before(mark, f.id))
          .map((f) => f.id),
      );
      return true;
    });
    expect(new Set(resumed.facts().map((f) => f.id)).size).toBe(resumed.facts().length);
  });

  it("shows a rep the unassigned and their own conversations, and of another rep's only who drives it", async () => {
    const winner = await open('rep', 'rep-41');
    const other = await open('rep', 'rep-42');
    await winner.waitFor((e) => e.event === 'ready');
    await other.waitFor((e) => e.event === 'ready');
    const lead = daytimeLead(303).phone;
    await say(lead, 'can I talk to a real person');
    const { conversationId } = await handoffOf(other); // unassigned: every rep hears of the handoff
    const taken = await baton.fetchAs(`/v1/conversations/${conversationId}/takeover`, {
      method: 'POST',
      role: 'rep',
      subject: 'rep-41',
      headers: { prefer: 'wait=30' },
      body: JSON.stringify({}),
    });
    expect(taken.status).toBe(200);
    const tookOver = await other.waitFor(
      (e) => e.event === 'conversation' && JSON.parse(e.data).name === 'human.took-over',
    );
    expect(JSON.parse(tookOver.data)).toMatchObject({ conversationId, data: { repId: 'rep-41' } });
    // The winner writes; the lead answers: the winner hears all of it, the other rep none of it.
    await say(lead, 'thanks, what rate can I get?');
    await winner.waitFor(
      (e) =>
        e.event === 'conversation' &&
        JSON.parse(e.data).name === 'lead-message.recorded' &&
        JSON.parse(e.data).data.sequence === 2,
    );
    await winner.waitFor((e) => e.event === 'message' && JSON.parse(e.data).conversationId === conversationId);
    const afterTakeOver = (facts: Fact[]) =>
      facts.filter((f) => f.conversationId === conversationId && before(tookOver.id!, f.id));
    expect(afterTakeOver(winner.facts()).map((f) => f.name)).toContain('lead-message.recorded');
    expect(afterTakeOver(other.facts())).toEqual([]);
    // A change of driver reaches every rep, so their inbox stays true.
    const paused = await baton.fetchAs(`/v1/conversations/${conversationId}/pause`, {
      method: 'POST',
      role: 'supervisor',
      headers: { prefer: 'wait=30' },
      body: JSON.stringify({}),
    });
    expect(paused.status).toBe(200);
    await other.waitFor(
      (e) =>
        e.event === 'conversation' &&
        JSON.parse(e.data).name === 'ai.paused' &&
        JSON.parse(e.data).conversationId === conversationId,
    );
    expect(afterTakeOver(other.facts()).map((f) => f.name)).toEqual(['ai.paused']);
  });

  it("keeps tenants apart: another tenant's stream hears nothing of this one", async () => {
    const elsewhere = await open('supervisor', undefined, {}, 'other-tenant');
    await elsewhere.waitFor((e) => e.event === 'ready');
    const here = await open('auditor');
    await here.waitFor((e) => e.event === 'ready');
    await say(daytimeLead(304).phone, 'Can I talk to a real person today?');
    await handoffOf(here);
    expect(elsewhere.facts()).toEqual([]);
  });

  it('lists the inbox handoff-pending first, longest wait first, with counts per driver and filters', async () => {
    const first = daytimeLead(305).phone;
    const second = daytimeLead(306).phone;
    const watcher = await open('supervisor');
    await watcher.waitFor((e) => e.event === 'ready');
    await say(first, 'Hi, can I talk to a real person about my loan?');
    const a = await handoffOf(watcher);
    await say(second, 'Can I talk to a real person please?');
    await eventually(() => {
      expect(
        watcher.facts().filter((f) => f.name === 'handoff.triggered' && f.conversationId !== a.conversationId),
      ).toHaveLength(1);
      return true;
    });
    const inbox = (await (
      await baton.fetchAs('/v1/inbox?view=unassigned', { role: 'rep', subject: 'rep-51' })
    ).json()) as {
      counts: Record<string, number>;
      items: { id: string; driver: string; waitingSince: string | null; leadPhone: string }[];
    };
    const pending = inbox.items.filter((i) => i.driver === 'handoff_pending');
    expect(inbox.items.slice(0, pending.length).every((i) => i.driver === 'handoff_pending')).toBe(true);
    for (let i = 1; i < pending.length; i++)
      expect(pending[i - 1]!.waitingSince! <= pending[i]!.waitingSince!).toBe(true);
    expect(pending.map((p) => p.leadPhone)).toEqual(expect.arrayContaining([first, second]));
    expect(pending.findIndex((p) => p.leadPhone === first)).toBeLessThan(
      pending.findIndex((p) => p.leadPhone === second),
    );
    expect(inbox.counts.handoff_pending).toBe(pending.length);
    const mine = (await (await baton.fetchAs('/v1/inbox?view=mine', { role: 'rep', subject: 'rep-41' })).json()) as {
      items: { assignedRepId: string }[];
      counts: Record<string, number>;
    };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.assignedRepId === 'rep-41')).toBe(true);
    expect(mine.counts.handoff_pending).toBe(0);
    const voice = (await (await baton.fetchAs('/v1/inbox?channel=voice', { role: 'supervisor' })).json()) as {
      items: unknown[];
    };
    expect(voice.items).toEqual([]);
    expect((await baton.fetchAs('/v1/inbox?view=everyone', { role: 'supervisor' })).status).toBe(400);
  });

  it('ends its streams when the service stops, so the stop does not wait for clients to leave', async () => {
    const other = await startForTest(allServices);
    const reader = new EventStreamReader(`${other.url}/v1/events/stream`, {
      authorization: `Bearer ${await other.token('supervisor')}`,
    });
    await reader.open();
    await reader.waitFor((e) => e.event === 'ready');
    // With a stream left open, the HTTP server would wait for the client forever (this test would time out).
    await other.cleanup();
    await reader.ended();
    expect(reader.events.filter((e) => e.event === 'ready')).toHaveLength(1);
    await reader.close();
  });
});
