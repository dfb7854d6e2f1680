import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { HandedBack, HumanTookOver, newEvent, topics, type CloudEvent } from '@baton/contracts';
import { startForTest } from '@baton/service-runtime/testing';
import { createTestDatabase, eventually, type TestDatabase } from '@baton/testing';
import { auditService } from '../src/service';

const who = {
  actor: { kind: 'rep' as const, id: 'rep-7' },
  cause: 'rep claimed the conversation',
  at: new Date().toISOString(),
};
// The dispatcher looks on its own only every five minutes here: every delivery below is woken by NOTIFY (new
// and redelivered ones) or by the timer it sets for the next retry that is due.
const settings = {
  BATON_WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2',
  BATON_WEBHOOK_POLL_MS: '300000',
  BATON_WEBHOOK_TIMEOUT_MS: '400',
  BATON_WEBHOOK_ALLOW_HTTP: 'true',
  BATON_WEBHOOK_ALLOW_PRIVATE: 'true',
};

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A CRM's webhook receiver; each path answers as the test says. */
class Receiver {
  readonly received: Received[] = [];
  readonly answers = new Map<string, number[]>();
  private server?: Server;
  url = '';
  async start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        this.received.push({ path: req.url!, headers: req.headers as Record<string, string>, body });
        const queue = this.answers.get(req.url!);
        const status = queue && queue.length > 0 ? queue.shift()! : 204;
        if (status === 0) return; // never answers
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }
  stop() {
    this.server?.closeAllConnections();
    return new Promise((r) => this.server?.close(r));
  }
  at(path: string) {
    return this.received.filter((r) => r.path === path);
  }
}

describe('webhook notifications for conversation events (Standard Webhooks)', () => {
  let db: TestDatabase;
  let audit: Awaited<ReturnType<typeof startForTest>>;
  const crm = new Receiver();

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    await crm.start();
    Object.assign(process.env, settings);
    audit = await startForTest([auditService], { DATABASE_URL: db.url! });
  });
  afterAll(async () => {
    await audit?.cleanup();
    await crm.stop();
    await db?.drop();
    for (const k of Object.keys(settings)) delete process.env[k];
  });

  const register = async (path: string, events: string[], tenant = 'default') => {
    const response = await audit.fetchAs('/v1/webhook-endpoints', {
      method: 'POST',
      tenant,
      body: JSON.stringify({ url: `${crm.url}${path}`, events, description: 'CRM' }),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; secret: string; events: string[] };
  };
  const publish = async (...events: CloudEvent[]) =>
    audit.connections.bus.publish(
      topics.conversations,
      events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    );
  const tookOver = (tenantid = 'default', subject: string = randomUUID()) =>
    newEvent(HumanTookOver, {
      subject,
      tenantid,
      source: '/baton/conversation-state',
      data: { repId: 'rep-7', repName: 'Dana', ...who },
    });
  const until = (check: () => boolean, what: string) => eventually(check, { what, timeoutMs: 10_000 });
  const deliveries = async (endpoint: string, status?: string) =>
    (
      (await (
        await audit.fetchAs(`/v1/webhook-endpoints/${endpoint}/deliveries${status ? `?status=${status}` : ''}`, {
          role: 'auditor',
        })
      ).json()) as {
        items: { id: string; status: string; attempts: number; lastError?: string; lastStatus?: number }[];
      }
    ).items;

  it('refuses bad registrations with the reason, and lets only admins register', async () => {
    const bad = async (body: unknown, role: 'admin' | 'auditor' | 'supervisor' = 'admin') => {
      const r = await audit.fetchAs('/v1/webhook-endpoints', { method: 'POST', role, body: JSON.stringify(body) });
      return { status: r.status, detail: ((await r.json()) as { detail: string }).detail };
    };
    expect(await bad({ url: 'not a url', events: ['baton.conversations.handed-back.v1'] })).toEqual({
      status: 400,
      detail: expect.stringMatching(/^the request body is invalid: \/url .*uri/),
    });
    expect(await bad({ url: 'ftp://crm.example.com/hook', events: ['baton.conversations.handed-back.v1'] })).toEqual({
      status: 400,
      detail: 'url must use https: or http:',
    });
    expect(
      (await bad({ url: 'https://crm.example.com/hook', events: ['baton.conversations.made-up.v1'] })).detail,
    ).toMatch(/\/events\/0 must be one of .*handoff.triggered/);
    expect((await bad({ url: 'https://crm.example.com/hook', events: [] })).status).toBe(400);
    expect(
      (await bad({ url: 'https://crm.example.com/hook', events: ['baton.conversations.handed-back.v1'] }, 'auditor'))
        .status,
    ).toBe(403);
    expect(
      (await bad({ url: 'https://crm.example.com/hook', events: ['baton.conversations.handed-back.v1'] }, 'supervisor'))
        .status,
    ).toBe(403);
  });

  it('delivers each subscribed event once, signed so the reference verifier accepts it, to its own tenant only', async () => {
    const endpoint = await register('/crm', [
      'baton.conversations.human.took-over.v1',
      'baton.conversations.handed-back.v1',
    ]);
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const mine = tookOver();
    const theirs = tookOver('globex');
    const unsubscribed = newEvent(HandedBack, {
      subject: mine.subject,
      tenantid: 'default',
      source: '/baton/conversation-state',
      data: { repId: 'rep-7', ...who },
    });
    await publish(mine, theirs);
    await publish(mine); // Kafka redelivers
    // the same conversation, so the same partition: once this one is delivered, the redelivery was handled
    await publish(unsubscribed);
    await until(() => crm.at('/crm').length >= 2, 'both deliveries');
    const list = await eventually(async () => {
      const d = await deliveries(endpoint.id, 'delivered');
      return d.length === 2 && d;
    }, 'both recorded as delivered');
    expect(crm.at('/crm')).toHaveLength(2);
    const got = crm.at('/crm').find((r) => (JSON.parse(r.body) as CloudEvent).id === mine.id);
    const payload = new Webhook(endpoint.secret).verify(got!.body, got!.headers) as CloudEvent;
    expect(payload).toMatchObject({
      id: mine.id,
      type: 'baton.conversations.human.took-over.v1',
      subject: mine.subject,
      tenantid: 'default',
      data: { repId: 'rep-7', ...who },
    });
    expect(list.map((d) => d.attempts)).toEqual([1, 1]);
    expect(list.map((d) => d.id)).toContain(got!.headers['webhook-id']);
  });

  it('retries a failing receiver with backoff, keeping the webhook-id, until it answers', async () => {
    crm.answers.set('/flaky', [500, 0, 200]); // an error, a timeout, then success
    const endpoint = await register('/flaky', ['baton.conversations.human.took-over.v1']);
    await publish(tookOver());
    await until(() => crm.at('/flaky').length >= 3, 'three attempts');
    const attempts = crm.at('/flaky');
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    for (const a of attempts) expect(() => new Webhook(endpoint.secret).verify(a.body, a.headers)).not.toThrow();
    const [delivery] = await eventually(async () => {
      const d = await deliveries(endpoint.id, 'delivered');
      return d.length > 0 && d;
    }, 'the delivery recorded');
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
  });

  it('dead-letters a delivery when every retry fails, keeps the cause, and redelivers it on request', async () => {
    crm.answers.set('/down', [503, 503, 503, 503]);
    const endpoint = await register('/down', ['baton.conversations.human.took-over.v1']);
    await publish(tookOver());
    await until(() => crm.at('/down').length >= 4, 'four attempts');
    // dead is the decision that the schedule is spent: nothing is due for it any more
    const dead = await eventually(async () => {
      const d = await deliveries(endpoint.id, 'dead');
      return d.length > 0 && d;
    }, 'the dead letter');
    expect(dead).toEqual([
      expect.objectContaining({ status: 'dead', attempts: 4, lastStatus: 503, lastError: 'the receiver answered 503' }),
    ]);
    expect(crm.at('/down')).toHaveLength(4);

    const again = await audit.fetchAs(`/v1/webhook-endpoints/${endpoint.id}/deliveries/${dead[0]!.id}/redeliver`, {
      method: 'POST',
    });
    expect(again.status).toBe(202);
    await until(() => crm.at('/down').length >= 5, 'the redelivery');
    await eventually(async () => (await deliveries(endpoint.id, 'delivered'))[0], 'the redelivery recorded');
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('stops delivering to a removed endpoint and cancels what was waiting', async () => {
    crm.answers.set('/gone', [500, 500, 500, 500]);
    const endpoint = await register('/gone', ['baton.conversations.human.took-over.v1']);
    await publish(tookOver());
    await until(() => crm.at('/gone').length >= 1, 'the first attempt');
    expect((await audit.fetchAs(`/v1/webhook-endpoints/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
    const seen = crm.at('/gone').length;
    // A witness: another endpoint's retry falls due after the removed endpoint's next retry would have; once the
    // witness hears it, the dispatcher has passed that time, and the removed endpoint must have heard nothing new.
    crm.answers.set('/witness', [500, 204]);
    await register('/witness', ['baton.conversations.human.took-over.v1']);
    await publish(tookOver());
    await until(() => crm.at('/witness').length >= 2, "the witness's retry");
    expect(crm.at('/gone').length).toBeLessThanOrEqual(seen + 1); // at most the attempt already in flight
    expect((await deliveries(endpoint.id))[0]).toMatchObject({ status: 'cancelled' });
    const listed = (await (await audit.fetchAs('/v1/webhook-endpoints', { role: 'auditor' })).json()) as {
      items: { id: string }[];
    };
    expect(listed.items.map((e) => e.id)).not.toContain(endpoint.id);
  });

  it('sees an endpoint registered after the tenant endpoints were read (the cache is dropped by NOTIFY)', async () => {
    const first = tookOver('initech');
    const later = tookOver('initech', first.subject);
    await publish(first); // read: initech has no endpoints, and that is remembered
    const probe = await register('/probe', ['baton.conversations.human.took-over.v1'], 'initech-probe');
    await publish(tookOver('initech-probe', first.subject)); // same partition: handled after the first
    await until(() => crm.at('/probe').length >= 1, 'a delivery after the first event'); // the first event was read by now
    expect(crm.at('/initech')).toHaveLength(0);
    const endpoint = await register('/initech', ['baton.conversations.human.took-over.v1'], 'initech');
    await publish(later);
    await until(() => crm.at('/initech').length >= 1, 'the delivery to the new endpoint');
    expect(crm.at('/initech').map((r) => (JSON.parse(r.body) as CloudEvent).id)).toEqual([later.id]);
    expect(probe.id).not.toBe(endpoint.id);
  });
});
