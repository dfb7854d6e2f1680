import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { isDomainError } from '@baton/decider';
import { PostgresEventStore } from '@baton/event-store';
import type { Sql } from '@baton/sql';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
// Tests may use conversation-state's pure decider to make histories; the audit service itself never imports it.
/* eslint-disable no-restricted-imports -- histories come from the real decider, only in this test */
import {
  decide,
  evolve,
  initialState,
  type Conversation,
  type ConversationCommand,
} from '../../conversation-state/src/domain/conversation.decider';
import type { SignalKind } from '../../conversation-state/src/domain/conversation.events';
import { aSignal, leadFacts, noRepNow, repNow } from '../../conversation-state/src/domain/conversation.fixtures';
import { defaultHandoffPolicy } from '../../conversation-state/src/domain/handoff-policy';
import { derivedId, toWireData, wireType } from '../../conversation-state/src/domain/conversation.wire';
/* eslint-enable no-restricted-imports */
import type { StoredEvent } from '@baton/event-store';
import type { AuditStore } from '../src/adapters/audit-store';
import { ConversationReplay, streamOf, UnknownConversation } from '../src/adapters/conversation-replay';
import { openAuditStore } from './fixtures';

type Step =
  | { kind: 'lead'; message: number }
  | { kind: 'signals'; message: number; signals: SignalKind[]; repAvailable: boolean }
  | { kind: 'take-over'; rep: number; via: 'claim' | 'human-message' }
  | { kind: 'hand-back'; rep: number }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'opt-out' }
  | { kind: 'opt-in' }
  | { kind: 'meeting'; id: number }
  | { kind: 'close' };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('lead' as const), message: fc.integer({ min: 1, max: 8 }) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('signals' as const),
      message: fc.integer({ min: 1, max: 8 }),
      signals: fc.subarray(['explicit_request', 'high_intent', 'out_of_confidence', 'sentiment_shift'] as SignalKind[]),
      repAvailable: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('take-over' as const),
      rep: fc.integer({ min: 1, max: 2 }),
      via: fc.constantFrom('claim' as const, 'human-message' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('hand-back' as const), rep: fc.integer({ min: 1, max: 2 }) }) },
  fc.constant({ kind: 'pause' as const }),
  fc.constant({ kind: 'resume' as const }),
  fc.constant({ kind: 'opt-out' as const }),
  fc.constant({ kind: 'opt-in' as const }),
  fc.record({ kind: fc.constant('meeting' as const), id: fc.integer({ min: 1, max: 3 }) }),
  fc.constant({ kind: 'close' as const }),
);

function command(s: Step, i: number, at: string): ConversationCommand {
  const supervisor = { kind: 'supervisor' as const, id: 'sup' };
  switch (s.kind) {
    case 'lead':
      return { type: 'record-lead-message', messageId: `m${s.message}`, at, lead: { ...leadFacts, vertical: 'solar' } };
    case 'signals':
      return {
        type: 'record-signals',
        messageId: `m${s.message}`,
        signals: s.signals.map((k) => aSignal(k)),
        at,
        turnId: `t${i}`,
        policy: defaultHandoffPolicy,
        context: s.repAvailable ? repNow : noRepNow,
      };
    case 'take-over':
      return { type: 'take-over', repId: `rep-${s.rep}`, via: s.via, at, policy: defaultHandoffPolicy };
    case 'hand-back':
      return { type: 'hand-back', repId: `rep-${s.rep}`, at, turnId: `t${i}` };
    case 'pause':
      return { type: 'pause', actor: supervisor, at };
    case 'resume':
      return { type: 'resume', actor: supervisor, at };
    case 'opt-out':
      return { type: 'opt-out', channel: 'all', source: 'keyword', at };
    case 'opt-in':
      return { type: 'opt-in', channel: 'all', source: 'keyword', at };
    case 'meeting':
      return {
        type: 'link-meeting',
        repId: 'rep-1',
        at,
        turnId: `t${i}`,
        meeting: {
          meetingId: `mt${s.id}`,
          start: at,
          end: at,
          leadTimezone: 'America/New_York',
          repName: 'Rep One',
          status: 'booked',
          leadInvited: false,
          reminderMinutes: 30,
        },
      };
    case 'close':
      return { type: 'close', actor: supervisor, at };
  }
}

/** A stored fact as the relay publishes it on baton.conversations (the same id, data and time). */
const toCloudEvent = (stored: StoredEvent) => {
  const meta = stored.metadata as { tenantId: string; conversationId: string };
  return {
    specversion: '1.0' as const,
    id: stored.id,
    type: stored.type,
    source: '/baton/conversation-state',
    subject: meta.conversationId,
    time: (stored.data as { at: string }).at,
    tenantid: meta.tenantId,
    correlationid: stored.id,
    data: stored.data,
  };
};

/** The live service's answer, mapped as conversation-state's controller maps its fold. */
const viewOf = (s: Conversation, revision: number) => ({
  driver: s.driver,
  assignedRepId: s.repId ?? null,
  meetingId: s.meetingId ?? null,
  optedOut: s.driver === 'opted_out',
  closed: s.closed,
  revision: String(revision),
  handoff: s.handoff
    ? { mode: s.handoff.mode, signals: s.handoff.signals, triggeredAt: s.handoff.at, messageId: s.handoff.messageId }
    : null,
  turn: s.turn ?? null,
});

describe('replay rebuilds exactly the state the live service holds', () => {
  let db: TestDatabase;
  let sql: Sql;
  let events: PostgresEventStore;
  let audit: AuditStore;
  let api: Server;
  let apiUrl = '';
  const live = new Map<string, ReturnType<typeof viewOf>>();
  let n = 0;

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open();
    events = await PostgresEventStore.open(sql);
    audit = await openAuditStore(sql);
    api = createServer((req, res) => {
      const id = decodeURIComponent(req.url!.split('/').pop()!);
      const view = req.headers.authorization === 'Bearer auditor-token' ? live.get(id) : undefined;
      res
        .writeHead(view ? 200 : 404, { 'content-type': 'application/json' })
        .end(JSON.stringify(view ?? { detail: `no conversation ${id}` }));
    });
    await new Promise<void>((r) => api.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    api?.closeAllConnections();
    await new Promise((r) => api?.close(r));
    await events?.close();
    await db?.drop();
  });

  /** Runs the steps through the decider, appends as conversation-state does, relays the facts into the audit log. */
  async function record(steps: Step[]): Promise<{ conversationId: string; state: Conversation }> {
    const conversationId = `c-${++n}`;
    let state = initialState();
    let revision = -1n;
    for (const [i, s] of steps.entries()) {
      const at = new Date(Date.parse('2026-03-08T06:00:00Z') + i * 60_000).toISOString(); // across the US DST change
      let decided;
      try {
        decided = decide(command(s, i, at), state);
      } catch (error) {
        if (isDomainError(error)) continue;
        throw error;
      }
      if (decided.length === 0) continue;
      const result = await events.append(
        streamOf('acme', conversationId),
        decided.map((event, j) => ({
          id: derivedId(`${conversationId}:${i}:${j}`),
          type: wireType(event.type),
          data: toWireData(event),
          metadata: { tenantId: 'acme', conversationId, correlationId: 'x', causationId: 'x' },
        })),
        revision < 0n ? 'no_stream' : revision,
      );
      revision = result.nextRevision;
      for (const event of decided) state = evolve(state, event);
    }
    const stored = [];
    for await (const e of events.readStream(streamOf('acme', conversationId))) stored.push(toCloudEvent(e));
    await audit.log.append(sql, stored);
    live.set(conversationId, viewOf(state, Number(revision)));
    return { conversationId, state };
  }

  it('on random histories: the same driver, rep, handoff, turn, meeting, opt-out and revision, and an audit copy of every fact', async () => {
    const replay = new ConversationReplay(events, audit);
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 30 }).filter((s) => s.some((x) => x.kind === 'lead')),
        async (steps) => {
          const { conversationId, state } = await record(steps);
          if (live.get(conversationId)!.revision === '-1') return; // nothing was appended
          const result = await replay.replay('acme', conversationId, { apiUrl, token: 'auditor-token' });
          expect(result.live).toEqual({ compared: true, mismatches: [] });
          expect(result.auditLog).toMatchObject({ missing: [], differing: [], notInStream: [] });
          expect(result.ok).toBe(true);
          expect(result.timeline.state.driver).toBe(state.driver);
          const changes = result.timeline.entries.filter((e) => e.driver).map((e) => e.driver);
          if (changes.length > 0) expect(changes[changes.length - 1]).toBe(state.driver);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reports a live state that differs, and a fact the audit log lost or altered', async () => {
    const { conversationId } = await record([
      { kind: 'lead', message: 1 },
      { kind: 'signals', message: 1, signals: ['explicit_request'], repAvailable: true },
    ]);
    live.set(conversationId, { ...live.get(conversationId)!, driver: 'ai', assignedRepId: 'rep-9' });
    const replay = new ConversationReplay(events, audit);
    const result = await replay.replay('acme', conversationId, { apiUrl, token: 'auditor-token' });
    expect(result.ok).toBe(false);
    expect(result.live.mismatches).toEqual([
      { field: 'driver', replayed: 'handoff_pending', live: 'ai' },
      { field: 'assignedRepId', replayed: null, live: 'rep-9' },
    ]);
    expect(result.timeline.entries.find((e) => e.type.endsWith('handoff.triggered.v1'))).toMatchObject({
      who: 'system conversation-state',
      driver: 'handoff_pending',
      why: 'explicit_request detected',
      signals: [{ signal: 'explicit_request', evidence: 'can I talk to a person' }],
    });
    const other = await record([{ kind: 'lead', message: 1 }]);
    expect((await replay.replay('acme', other.conversationId, { apiUrl, token: 'wrong-token' })).live).toMatchObject({
      compared: true,
      mismatches: [{ field: 'conversation' }],
    });

    // Two facts reach the stream after the audit copy: one never relayed, one relayed with other content.
    const stream = streamOf('acme', other.conversationId);
    const paused = {
      id: derivedId(`${other.conversationId}:pause`),
      type: 'baton.conversations.ai.paused.v1',
      data: {
        reason: 'checking',
        actor: { kind: 'supervisor', id: 'sup' },
        cause: 'checking',
        at: '2026-03-08T07:00:00.000Z',
      },
      metadata: { tenantId: 'acme', conversationId: other.conversationId },
    };
    const resumed = {
      id: derivedId(`${other.conversationId}:resume`),
      type: 'baton.conversations.ai.resumed.v1',
      data: { actor: { kind: 'supervisor', id: 'sup' }, cause: 'resumed', at: '2026-03-08T07:01:00.000Z' },
      metadata: { tenantId: 'acme', conversationId: other.conversationId },
    };
    await events.append(stream, [paused, resumed], 'stream_exists');
    const stored = [];
    for await (const e of events.readStream(stream)) stored.push(toCloudEvent(e));
    const resumedCopy = stored.find((e) => e.id === resumed.id)!;
    await audit.log.append(sql, [{ ...resumedCopy, data: { ...(resumedCopy.data as object), cause: 'rewritten' } }]);
    const lost = await replay.replay('acme', other.conversationId);
    expect(lost.auditLog).toMatchObject({ missing: [paused.id], differing: [resumed.id], notInStream: [] });
    expect(lost.ok).toBe(false);
  });

  it('answers an unknown conversation with UnknownConversation, and says when the API cannot be asked', async () => {
    const replay = new ConversationReplay(events, audit);
    await expect(replay.replay('acme', 'c-nobody')).rejects.toBeInstanceOf(UnknownConversation);
    const { conversationId } = await record([{ kind: 'lead', message: 1 }]);
    expect(
      (await replay.replay('acme', conversationId, { apiUrl: 'http://127.0.0.1:9', token: 't' })).live,
    ).toMatchObject({ compared: false, reason: expect.stringMatching(/did not answer/) });
    await expect(replay.replay('globex', conversationId)).rejects.toBeInstanceOf(UnknownConversation); // another tenant's, unseen
  });
});
