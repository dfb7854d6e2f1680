import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@baton/testing';
import type { Sql } from '@baton/sql';
import { SendGateStore } from '../src/adapters/send-gate-store';

const place = { zones: ['America/Chicago'], state: 'TX' };
const window = { start: '08:00', end: '21:00' };
const noon = '2026-03-03T18:00:00.000Z';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = () => sleep(Math.floor(Math.random() * 25));

describe('the send gate on PostgreSQL', () => {
  let db: TestDatabase;
  let sql: Sql;
  let gate: SendGateStore;
  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    sql = await db.open({ poolSize: 16 });
    gate = new SendGateStore(sql);
  });
  afterAll(async () => db.drop());

  it('lets no AI message out after a rep message, in 200 conversations where the AI and reps send at once', async () => {
    const tenant = 't-race';
    const conversations = Array.from({ length: 200 }, () => `c-${randomUUID()}`);
    await Promise.all(conversations.map((c) => gate.apply(tenant, c, [{ type: 'consent', channel: 'sms', granted: true }, { type: 'turn.granted', turnId: `${c}:1`, directive: 'qualify' }])));
    await Promise.all(conversations.map(async (c) => {
      // conversation-state keeps granting turns; the AI answers each it sees; a rep jumps in at a random moment
      const ai = (async () => {
        for (let n = 1; n <= 6; n++) {
          await jitter();
          await gate.decide({ tenantId: tenant, conversationId: c, idempotencyKey: `${c}:ai:${n}`, author: 'ai', turnId: `${c}:${n}`, channel: 'sms', body: `question ${n}`, at: noon }, place, window);
          await gate.apply(tenant, c, [{ type: 'lead-message.recorded' }, { type: 'turn.granted', turnId: `${c}:${n + 1}`, directive: 'qualify' }]);
        }
      })();
      const rep = (async () => {
        await sleep(Math.floor(Math.random() * 120));
        await gate.decide({ tenantId: tenant, conversationId: c, idempotencyKey: `${c}:rep`, author: 'rep', repId: 'rep-1', channel: 'sms', body: 'Hi, Dana here', at: noon }, place, window);
      })();
      await Promise.all([ai, rep]);
    }));

    const { rows } = await sql.query<{ conversation_id: string; author: string; status: string; reason: string | null; seq: string }>(
      'SELECT conversation_id, author, status, reason, seq::text AS seq FROM gateway_sends WHERE tenant_id = $1 ORDER BY gateway_sends.seq', [tenant]);
    let violations = 0;
    let aiBeforeRep = 0;
    let blockedAfterRep = 0;
    for (const c of conversations) {
      const sends = rows.filter((r) => r.conversation_id === c);
      const repAt = sends.findIndex((r) => r.author === 'rep');
      expect(sends[repAt]!.status).toBe('recorded');
      sends.forEach((r, i) => {
        if (r.author !== 'ai') return;
        if (i > repAt && r.status === 'recorded') violations++;
        if (i < repAt && r.status === 'recorded') aiBeforeRep++;
        if (i > repAt) {
          expect(r).toMatchObject({ status: 'blocked', reason: 'human_spoke' });
          blockedAfterRep++;
        }
      });
    }
    expect(violations).toBe(0);
    // the race was real: both orders happened many times
    expect(aiBeforeRep).toBeGreaterThan(50);
    expect(blockedAfterRep).toBeGreaterThan(50);
  });

  it('answers a repeated idempotency key from the record, and sends it at most once', async () => {
    const c = `c-${randomUUID()}`;
    await gate.apply('t1', c, [{ type: 'consent', channel: 'sms', granted: true }]);
    const request = { tenantId: 't1', conversationId: c, idempotencyKey: `${c}:rep:1`, author: 'rep' as const, repId: 'rep-1', channel: 'sms' as const, body: 'hello', at: noon };
    const [a, b] = await Promise.all([gate.decide(request, place, window), gate.decide(request, place, window)]);
    expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
    expect((await sql.query('SELECT 1 FROM gateway_sends WHERE idempotency_key = $1', [request.idempotencyKey])).rowCount).toBe(1);
    expect((await gate.fence('t1', c)).humanSpoke).toBe(true);
  });

  it('keeps a deferred send, with the moment it may go', async () => {
    const c = `c-${randomUUID()}`;
    await gate.apply('t1', c, [{ type: 'consent', channel: 'sms', granted: true }]);
    const outcome = await gate.decide({ tenantId: 't1', conversationId: c, idempotencyKey: `${c}:late`, author: 'rep', repId: 'r', channel: 'sms', body: 'late', at: '2026-03-03T08:00:00.000Z' }, place, window);
    expect(outcome.verdict).toEqual({ kind: 'defer', until: '2026-03-03T14:00:00.000Z' });
    const { rows } = await sql.query<{ status: string; deferred_until: Date }>('SELECT status, deferred_until FROM gateway_sends WHERE idempotency_key = $1', [`${c}:late`]);
    expect(rows[0]!.status).toBe('deferred');
    expect(new Date(rows[0]!.deferred_until).toISOString()).toBe('2026-03-03T14:00:00.000Z');
  });
});
