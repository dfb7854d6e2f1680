import { SQL } from '@baton/service-runtime';
import { startForTest } from '@baton/service-runtime/testing';
import type { Sql } from '@baton/sql';
import { allServices } from '../src/platform';
import { eventually } from '@baton/testing';
import { daytimeLead, settled } from './harness';

describe('an external AI agent answers granted turns over HTTP', () => {
  let baton: Awaited<ReturnType<typeof startForTest>>;
  beforeAll(async () => {
    baton = await startForTest(allServices, { BATON_AGENT: 'external' });
  });
  afterAll(async () => {
    await baton?.cleanup();
  });

  const outbox = async () =>
    (
      (await (await baton.fetchAs('/v1/dev/outbox')).json()) as { messages: { to: string; body: string }[] }
    ).messages.map((m) => m.body);
  const leadSays = (lead: string, body: string) =>
    baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ body }),
    });
  const openTurn = (lead: string, except?: string) =>
    eventually(
      async () => {
        const list = (await (
          await baton.fetchAs(`/v1/conversations?leadPhone=${encodeURIComponent(lead)}`, { role: 'agent' })
        ).json()) as { items: { id: string; turn?: { turnId: string; directive: string; open: boolean } }[] };
        const turn = list.items[0]?.turn;
        return turn?.open && turn.turnId !== except && { conversationId: list.items[0]!.id, ...turn };
      },
      'an open turn',
      10_000,
    );
  const read = async (path: string) => (await baton.fetchAs(path, { role: 'auditor' })).json();
  const reply = (turnId: string, body: unknown, role: 'agent' | 'auditor' | 'rep' = 'agent') =>
    baton.fetchAs(`/v1/turns/${turnId}/reply`, { method: 'POST', role, body: JSON.stringify(body) });

  it('sends the reply through the gate once, and refuses a turn a newer lead message closed', async () => {
    const lead = daytimeLead(661).phone; // in their day now: no reply waits for quiet hours
    expect((await leadSays(lead, "Hi, I'm looking to refinance")).status).toBe(202);
    const turn = await openTurn(lead);
    expect(turn.directive).toBe('qualify');
    expect(await outbox()).toEqual([]); // the built-in agent stays quiet: the turn waits for the external one

    expect((await reply(turn.turnId, {}, 'agent')).status).toBe(400);
    expect((await reply(turn.turnId, { body: 'hi' }, 'auditor')).status).toBe(403);
    expect((await reply(turn.turnId, { body: 'hi' }, 'rep')).status).toBe(403);
    const answered = await reply(turn.turnId, { body: 'Happy to help! When would you like to close?' });
    expect(answered.status).toBe(202);
    expect(await answered.json()).toMatchObject({
      turnId: turn.turnId,
      conversationId: turn.conversationId,
      directive: 'qualify',
    });
    const [first] = await eventually(
      async () => {
        const sent = await outbox();
        return sent.length > 0 && sent;
      },
      'the reply sent',
      10_000,
    );
    expect(first).toMatch(/^Happy to help! When would you like to close\? \(You're texting with an AI/);
    // The reply names the stream as read (which holds the grant): the gate waits that far for the grant, never past it.
    const { rows } = await baton.app
      .get<Sql>(SQL)
      .query<{ turn_sequence: string | null }>('SELECT turn_sequence FROM gateway_sends WHERE idempotency_key = $1', [
        `ai:${turn.turnId}`,
      ]);
    expect(Number(rows[0]?.turn_sequence)).toBeGreaterThanOrEqual(2);
    expect((await reply(turn.turnId, { body: 'a second answer' })).status).toBeLessThan(500);
    await settled(read, turn.conversationId, 1);
    expect(await outbox()).toHaveLength(1); // one answer per turn, whoever sends it twice

    expect((await leadSays(lead, 'in about 2 months')).status).toBe(202);
    const next = await openTurn(lead, turn.turnId);
    expect(next.turnId).not.toBe(turn.turnId);
    const stale = await reply(turn.turnId, { body: 'too late' });
    expect(stale.status).toBe(404);
    expect(((await stale.json()) as { detail: string }).detail).toMatch(/^no open turn/);
    expect((await reply('no-such-turn', { body: 'x' })).status).toBe(404);
  });
});
