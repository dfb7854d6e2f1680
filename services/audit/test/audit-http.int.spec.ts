import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageReceived, SignalDetected, newEvent, topics, type CloudEvent } from '@baton/contracts';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
// The live service replay is compared with: conversation-state itself, in the same process as in the embedded mode.
/* eslint-disable-next-line no-restricted-imports -- the real live service, only in this test */
import { conversationStateService } from '../../conversation-state/src/service';
import { verifyStoredChain } from '../src/adapters/chain-check';
import { auditService } from '../src/service';
import { leadPhone, batonNumber, openAuditStore } from './fixtures';

const root = join(__dirname, '..', '..', '..');
const keys = {
  BATON_AUDIT_CHECKPOINT_KEY: generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString(),
  BATON_AUDIT_MASTER_KEY: randomBytes(32).toString('base64'),
  BATON_AUDIT_CHECKPOINT_EVERY_S: '0.3',
};

/** Runs the auditor's CLI as a user would: npm run audit -- ... */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', './scripts/register.js', 'services/audit/src/cli/audit-cli.ts', ...args],
      { cwd: root, env: { ...process.env, ...keys, ...env, LOG_LEVEL: 'silent' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the audit routes and the CLI, beside the live conversation service', () => {
  let db: TestDatabase;
  let baton: TestService;
  const conversationId = randomUUID(); // conversation ids are UUIDs (the gateway derives them)
  const dir = mkdtempSync(join(tmpdir(), 'baton-audit-export-'));

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    Object.assign(process.env, keys);
    baton = await startForTest([conversationStateService, auditService], { DATABASE_URL: db.url! });
    const received = newEvent(MessageReceived, {
      subject: conversationId,
      tenantid: 'default',
      source: '/baton/channel-gateway',
      data: {
        messageId: randomUUID(),
        providerMessageId: 'SM-http',
        leadPhone,
        batonNumber,
        channel: 'sms',
        body: 'Can I talk to a real person about my loan?',
        receivedAt: '2026-03-02T15:00:00.000Z',
        vertical: 'mortgage',
      },
    });
    const signals = newEvent(SignalDetected, {
      subject: conversationId,
      tenantid: 'default',
      source: '/baton/signal-detector',
      time: '2026-03-02T15:00:01.000Z',
      cause: received,
      data: {
        messageId: received.data.messageId,
        engine: 'rules',
        detections: [
          {
            signal: 'explicit_request',
            confidence: 0.97,
            evidence: { text: 'talk to a real person', start: 6, end: 27 },
            detector: 'rules',
          },
        ],
        message: {
          text: received.data.body,
          receivedAt: received.data.receivedAt,
          leadPhone,
          batonNumber,
          channel: 'sms',
          vertical: 'mortgage',
          recent: [],
        },
      },
    });
    await baton.connections.bus.publish(topics.messages, [{ key: conversationId, value: JSON.stringify(received) }]);
    await baton.connections.bus.publish(topics.signals, [{ key: conversationId, value: JSON.stringify(signals) }]);
  });
  afterAll(async () => {
    await baton?.cleanup();
    await db?.drop();
    for (const k of Object.keys(keys)) delete process.env[k];
  });

  const timeline = (
    role: 'auditor' | 'supervisor' | 'rep' | 'agent' | 'admin' = 'auditor',
    tenant = 'default',
    accept = 'application/json',
  ) => baton.fetchAs(`/v1/audit/conversations/${conversationId}/timeline`, { role, tenant, headers: { accept } });
  type TimelineBody = {
    ok: boolean;
    state: { driver: string };
    entries: { type: string; what: string; from: string; erased?: string[] }[];
    comparison: { live: { compared: boolean; mismatches: unknown[] }; auditLog: { missing: string[] } };
  };

  it('serves the replayed timeline to auditors and supervisors, the same as the live state and the audit log', async () => {
    const body = await eventually(async () => {
      const response = await timeline();
      if (response.status !== 200) return undefined;
      const json = (await response.json()) as TimelineBody;
      return json.ok &&
        json.entries.some((e) => e.type.endsWith('handoff.triggered.v1')) &&
        json.entries.some((e) => e.type.endsWith('message.received.v1'))
        ? json
        : undefined;
    }, 'a timeline that matches the live state and the audit log');
    expect(body.state.driver).toBe('handoff_pending');
    expect(body.comparison.live).toEqual({ compared: true, mismatches: [] });
    expect(body.entries.map((e) => e.what)).toEqual(
      expect.arrayContaining([
        'the lead wrote: Can I talk to a real person about my loan?',
        'handoff triggered (async_booking) by explicit_request ("talk to a real person")',
      ]),
    );
    const html = await timeline('supervisor', 'default', 'text/html');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toMatch(
      /<h1>Conversation c-[0-9a-f]+<\/h1>[\s\S]*handoff triggered \(async_booking\) by explicit_request \(&ldquo;|handoff triggered \(async_booking\) by explicit_request \(&quot;talk/,
    );
  });

  it('refuses reps and agents, and never shows another tenant anything', async () => {
    expect((await timeline('rep')).status).toBe(403);
    expect((await timeline('agent')).status).toBe(403);
    expect((await timeline('auditor', 'globex')).status).toBe(404);
    expect((await baton.fetchAs('/v1/audit/export', { role: 'rep' })).status).toBe(403);
    expect((await baton.fetchAs('/v1/kpis', { role: 'agent' })).status).toBe(403);
    expect((await baton.fetchAs('/v1/leads/+15125550100/erase', { method: 'POST', role: 'supervisor' })).status).toBe(
      403,
    );
    const theirs = await baton.fetchAs('/v1/audit/export', { role: 'auditor', tenant: 'globex' });
    expect(theirs.status).toBe(200);
    expect(await theirs.text()).toBe('');
    const none = (await (
      await baton.fetchAs('/v1/kpis?from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z', {
        role: 'auditor',
        tenant: 'globex',
      })
    ).json()) as { rows: unknown[] };
    expect(none.rows).toEqual([]);
    expect((await baton.fetchAs('/v1/audit/conversations/bad%20id/timeline', { role: 'auditor' })).status).toBe(400);
  });

  it('computes KPIs for the window asked, and refuses a bad query with the reason', async () => {
    const response = await baton.fetchAs(
      '/v1/kpis?from=2026-03-02T00:00:00Z&to=2026-03-03T00:00:00Z&groupBy=vertical,channel',
      { role: 'supervisor' },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      rows: { group: object; conversations: number; handoffs: number; handoffRate: number }[];
    };
    expect(body.rows).toEqual([
      expect.objectContaining({
        group: { vertical: 'mortgage', channel: 'sms' },
        conversations: 1,
        handoffs: 1,
        handoffRate: 1,
      }),
    ]);
    for (const [query, reason] of [
      ['groupBy=tenant', /groupBy/],
      ['groupBy=day,day', /twice/],
      ['from=yesterday', /from/],
      ['from=2026-03-03T00:00:00Z&to=2026-03-02T00:00:00Z', /before/],
      ['from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', /366 days/],
      ['limit=5', /limit/],
    ] as const) {
      const bad = await baton.fetchAs(`/v1/kpis?${query}`, { role: 'auditor' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { detail: string }).detail).toMatch(reason);
    }
    const metrics = await (await fetch(`${baton.url}/metrics`)).text();
    expect(metrics).toMatch(
      /baton_audit_records_total\{tenant="default",type="baton.conversations.handoff.triggered.v1"\} 1/,
    );
  });

  it('exports the records with their hashes (JSON lines and CSV) for the CLI to verify offline, and names an altered line', async () => {
    const cliEnv = { DATABASE_URL: db.url! };
    for (const format of ['jsonl', 'csv'] as const) {
      const response = await baton.fetchAs(`/v1/audit/export?format=${format}`, { role: 'auditor' });
      expect(response.status).toBe(200);
      const file = join(dir, `export.${format}`);
      const text = await response.text();
      expect(text.split('\n').length).toBeGreaterThan(5);
      writeFileSync(file, text);
      const ok = await cli(['verify', '--file', file], cliEnv);
      expect(ok).toMatchObject({
        stdout: expect.stringMatching(/^default: \d+ records \(1\.\.\d+\), 0 checkpoints matched: OK/),
      });
      expect(ok.code).toBe(0);
    }
    const file = join(dir, 'export.jsonl');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const third = JSON.parse(lines[2]!) as { record: CloudEvent };
    third.record.time = '2020-01-01T00:00:00.000Z';
    lines[2] = JSON.stringify(third);
    writeFileSync(join(dir, 'altered.jsonl'), `${lines.join('\n')}\n`);
    const altered = await cli(['verify', '--file', join(dir, 'altered.jsonl')], cliEnv);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/ALTERED at record 3/);
    expect((await baton.fetchAs('/v1/audit/export?format=xml', { role: 'auditor' })).status).toBe(400);
  });

  it('publishes signed checkpoints that the CLI verifies the stored chain against', async () => {
    const checkpoints = await eventually(async () => {
      const body = (await (await baton.fetchAs('/v1/audit/checkpoints', { role: 'auditor' })).json()) as {
        items: { seq: number; signature: string }[];
      };
      return body.items.length > 0 ? body.items : undefined;
    }, 'a checkpoint');
    const file = join(dir, 'checkpoint.json');
    writeFileSync(file, JSON.stringify(checkpoints[0]));
    const verified = await cli(['verify', '--tenant', 'default', '--checkpoint', file], { DATABASE_URL: db.url! });
    expect(verified.stdout).toMatch(/default: \d+ records .*checkpoints matched: OK/);
    expect(verified.code).toBe(0);
    writeFileSync(file, JSON.stringify({ ...checkpoints[0], seq: checkpoints[0]!.seq + 100 }));
    const forged = await cli(['verify', '--tenant', 'default', '--checkpoint', file], { DATABASE_URL: db.url! });
    expect(forged).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot be trusted: the signature does not match/),
    });
  });

  it('answers an unknown tenant or conversation with a clear CLI error and exit code 2', async () => {
    const env = { DATABASE_URL: db.url! };
    expect(await cli(['verify', '--tenant', 'nobody'], env)).toMatchObject({
      code: 2,
      stderr: 'audit: no audit log for tenant nobody\n',
    });
    expect(await cli(['replay', '--conversation', 'c-nobody'], env)).toMatchObject({
      code: 2,
      stderr: 'audit: no conversation c-nobody in the event store\n',
    });
    expect(
      await cli(
        ['replay', '--conversation', conversationId, '--api', baton.url, '--token', await baton.token('auditor')],
        env,
      ),
    ).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /live state: the same\naudit log: \d+ facts, 0 missing, 0 differing, 0 not in the stream/,
      ),
    });
    expect((await cli(['frobnicate'], env)).code).toBe(2);
  });

  it("erases a lead: the chain verifies before and after, and the lead's words are unreadable", async () => {
    const store = await openAuditStore(baton.connections.sql, { ...keys });
    expect((await verifyStoredChain(store.log, baton.connections.sql, 'default')).ok).toBe(true);
    const erased = await baton.fetchAs(`/v1/leads/${encodeURIComponent(leadPhone)}/erase`, {
      method: 'POST',
      role: 'admin',
    });
    expect(erased.status).toBe(200);
    const shredded = (await erased.json()) as { conversations: number; keysShredded: number };
    expect(shredded.conversations).toBe(1);
    expect(shredded.keysShredded).toBeGreaterThan(0);
    const after = (await (await timeline()).json()) as TimelineBody;
    const lead = after.entries.find((e) => e.type.endsWith('message.received.v1'))!;
    expect(lead).toMatchObject({ what: 'the lead wrote: [erased]', erased: ['leadPhone', 'body'] });
    expect(after.entries.find((e) => e.type.endsWith('handoff.triggered.v1'))!.what).toMatch(/talk to a real person/); // the event store is not erased
    expect(after.comparison.auditLog.missing).toEqual([]);
    expect((await verifyStoredChain(store.log, baton.connections.sql, 'default')).ok).toBe(true);
    const bodies = (await baton.connections.sql.query<{ body: string }>('SELECT body FROM audit_records')).rows
      .map((r) => r.body)
      .join('\n');
    expect(bodies).not.toContain('real person about my loan');
    expect((await baton.fetchAs('/v1/leads/+15125550999/erase', { method: 'POST', role: 'admin' })).status).toBe(404);
    expect((await baton.fetchAs('/v1/leads/not-a-phone/erase', { method: 'POST', role: 'admin' })).status).toBe(400);
    await eventually(
      async () =>
        (
          await baton.connections.sql.query(
            "SELECT 1 FROM audit_records WHERE event_type = 'baton.audit.lead.erased.v1'",
          )
        ).rows.length === 1,
      'the erasure on the record',
    );
  });
});
