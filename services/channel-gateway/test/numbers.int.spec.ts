import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { parseCatalogued, topics, type CloudEvent } from '@baton/contracts';
import { startForTest } from '@baton/service-runtime/testing';
import { createTestDatabase, eventually, FakeTwilio, type TestDatabase } from '@baton/testing';
import { channelGatewayService } from '../src/service';

const token = 'numbers-auth-token-0123456789';
const publicUrl = 'https://baton.example.com';

describe('tenants own their Baton numbers', () => {
  let db: TestDatabase;
  let fake: FakeTwilio;
  let gateway: Awaited<ReturnType<typeof startForTest>>;
  const received: CloudEvent[] = [];
  const env = { TWILIO_ACCOUNT_SID: `AC${'3'.repeat(32)}`, TWILIO_AUTH_TOKEN: token, BATON_PUBLIC_URL: publicUrl };

  beforeAll(async () => {
    db = await createTestDatabase({ require: 'postgres' });
    fake = new FakeTwilio();
    await fake.start();
    Object.assign(process.env, env, { TWILIO_API_BASE_URL: fake.url });
    gateway = await startForTest([channelGatewayService], { DATABASE_URL: db.url!, BATON_PUBLIC_URL: publicUrl });
    await gateway.connections.bus.subscribe({
      groupId: 'numbers-observer',
      topics: [topics.messages],
      handle: async (d) => {
        received.push(parseCatalogued(d.value));
      },
    });
  });
  afterAll(async () => {
    await gateway?.cleanup();
    await fake?.stop();
    await db?.drop();
    for (const k of [...Object.keys(env), 'TWILIO_API_BASE_URL']) delete process.env[k];
  });

  const text = (from: string, to: string, body: string) => {
    const params = {
      AccountSid: env.TWILIO_ACCOUNT_SID,
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      From: from,
      To: to,
      Body: body,
    };
    return fetch(`${gateway.url}/webhooks/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}/webhooks/twilio/sms`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  };
  const tenantsOf = async (from: string) => {
    await eventually(
      () =>
        received.some(
          (e) =>
            e.type === 'baton.messages.message.received.v1' && (e.data as { leadPhone: string }).leadPhone === from,
        ),
      `the text from ${from}`,
      5_000,
    );
    return received
      .filter(
        (e) => e.type === 'baton.messages.message.received.v1' && (e.data as { leadPhone: string }).leadPhone === from,
      )
      .map((e) => e.tenantid);
  };

  it('gives every number to the default tenant until one is registered, then routes by owner and refuses the rest', async () => {
    expect((await text('+15125550301', '+15125550900', 'hello')).status).toBe(200);
    expect(await tenantsOf('+15125550301')).toEqual(['default']);

    const put = await gateway.fetchAs('/v1/numbers/+15125550900', { method: 'PUT', tenant: 'acme' });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ number: '+15125550900', tenantId: 'acme' });
    expect((await gateway.fetchAs('/v1/numbers/+15125550900', { method: 'PUT', tenant: 'acme' })).status).toBe(200); // idempotent
    const taken = await gateway.fetchAs('/v1/numbers/+15125550900', { method: 'PUT', tenant: 'globex' });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { detail: string }).detail).toBe('+15125550900 belongs to another tenant');
    expect(
      (await gateway.fetchAs('/v1/numbers/+15125550901', { method: 'PUT', role: 'supervisor', tenant: 'acme' })).status,
    ).toBe(403);
    expect((await gateway.fetchAs('/v1/numbers/5125550901', { method: 'PUT', tenant: 'acme' })).status).toBe(400);

    expect((await text('+15125550302', '+15125550900', 'hi there')).status).toBe(200);
    expect(await tenantsOf('+15125550302')).toEqual(['acme']);

    const stray = await text('+15125550303', '+15125550999', 'anyone?');
    expect(stray.status).toBe(404);
    expect(((await stray.json()) as { detail: string }).detail).toBe('no tenant owns +15125550999');
    // refused before anything is recorded or published: the 404 is the decision, nothing is left to arrive
    expect(received.filter((e) => (e.data as { leadPhone?: string }).leadPhone === '+15125550303')).toEqual([]);
    const rejected = await gateway.connections.sql.query<{ reason: string }>(
      `SELECT reason FROM gateway_rejected_webhooks WHERE reason LIKE 'no tenant%'`,
    );
    expect(rejected.rows.map((r) => r.reason)).toEqual(['no tenant owns +15125550999']);

    const mine = (await (await gateway.fetchAs('/v1/numbers', { role: 'auditor', tenant: 'acme' })).json()) as {
      items: { number: string }[];
    };
    expect(mine.items.map((n) => n.number)).toEqual(['+15125550900']);
    const theirs = (await (await gateway.fetchAs('/v1/numbers', { role: 'auditor', tenant: 'globex' })).json()) as {
      items: unknown[];
    };
    expect(theirs.items).toEqual([]);
    expect((await gateway.fetchAs('/v1/numbers/+15125550900', { method: 'DELETE', tenant: 'globex' })).status).toBe(
      404,
    );
    expect((await gateway.fetchAs('/v1/numbers/+15125550900', { method: 'DELETE', tenant: 'acme' })).status).toBe(204);
  });

  it('carries the vertical a number was registered with on every lead message to it (KPIs per vertical)', async () => {
    const put = await gateway.fetchAs('/v1/numbers/+15125550910', {
      method: 'PUT',
      tenant: 'acme',
      body: JSON.stringify({ vertical: 'mortgage' }),
    });
    expect(put.status).toBe(201);
    expect(await put.json()).toMatchObject({ number: '+15125550910', tenantId: 'acme', vertical: 'mortgage' });
    const bad = await gateway.fetchAs('/v1/numbers/+15125550911', {
      method: 'PUT',
      tenant: 'acme',
      body: JSON.stringify({ vertical: 'Mortgage Loans' }),
    });
    expect(bad.status).toBe(400);
    expect((await text('+15125550310', '+15125550910', 'rates?')).status).toBe(200);
    expect(await tenantsOf('+15125550310')).toEqual(['acme']);
    const message = received.find(
      (e) =>
        (e.data as { leadPhone?: string }).leadPhone === '+15125550310' &&
        e.type === 'baton.messages.message.received.v1',
    );
    expect(message?.data).toMatchObject({ vertical: 'mortgage', batonNumber: '+15125550910' });
  });
});
