import { randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { parseCatalogued, topics, type CloudEvent } from '@baton/contracts';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { eventually, FakeTwilio } from '@baton/testing';
import { allServices } from './platform';

// The HTTP edge of the whole platform (one process, PGlite, Twilio through a local fake): bad input is a 4xx
// problem, never a 500; no command touches a conversation that is not the caller's; no field is unbounded.

const authToken = 'edge-test-auth-token-0123456789';
const publicUrl = 'https://baton.edge.test';
const batonNumber = '+15125550100';
interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { path: string; message: string }[];
}

describe('the HTTP edge refuses bad input with a 4xx problem', () => {
  let baton: TestService;
  let fake: FakeTwilio;
  const saved: Record<string, string | undefined> = {};
  const published: CloudEvent[] = [];
  let conversationId = '';
  const lead = '+15125550177';

  const sid = () => `SM${randomUUID().replace(/-/g, '')}`;
  const signedPost = (
    path: string,
    params: Record<string, string>,
    body = new URLSearchParams(params).toString(),
    contentType = 'application/x-www-form-urlencoded',
  ) =>
    fetch(`${baton.url}${path}`, {
      method: 'POST',
      body,
      headers: {
        'content-type': contentType,
        'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, `${publicUrl}${path}`, params),
      },
    });
  const text = (params: Record<string, string>) => signedPost('/webhooks/twilio/sms', params);
  const leadText = (body: string, extra: Record<string, string> = {}) => ({
    MessageSid: sid(),
    AccountSid: `AC${'4'.repeat(32)}`,
    From: lead,
    To: batonNumber,
    Body: body,
    ...extra,
  });
  const json = (
    path: string,
    body: unknown,
    role: 'rep' | 'supervisor' | 'admin' = 'supervisor',
    extra: RequestInit & { tenant?: string } = {},
  ) =>
    baton.fetchAs(path, {
      method: 'POST',
      role,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      ...extra,
    });
  const problem = async (response: Response, status: number): Promise<Problem> => {
    expect([response.status, response.headers.get('content-type')]).toEqual([
      status,
      expect.stringMatching(/^application\/problem\+json/),
    ]);
    const body = (await response.json()) as Problem;
    expect(body.status).toBe(status);
    return body;
  };
  const received = (body: string) =>
    published.find(
      (e) => e.type === 'baton.messages.message.received.v1' && (e.data as { body: string }).body === body,
    );

  beforeAll(async () => {
    fake = new FakeTwilio();
    await fake.start();
    const env = {
      TWILIO_ACCOUNT_SID: `AC${'4'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: fake.url,
      BATON_PUBLIC_URL: publicUrl,
    };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    baton = await startForTest(allServices, { BATON_PUBLIC_URL: publicUrl });
    await baton.connections.bus.subscribe({
      groupId: 'edge-observer',
      topics: [topics.messages, topics.conversationCommands],
      handle: async (d) => {
        published.push(parseCatalogued(d.value));
      },
    });
    expect((await text(leadText('Hi, I want to refinance'))).status).toBe(200);
    conversationId = await eventually(async () => {
      const list = (await (await baton.fetchAs(`/v1/conversations?leadPhone=${encodeURIComponent(lead)}`)).json()) as {
        items: { id: string }[];
      };
      return list.items[0]?.id;
    }, 'the conversation');
  });
  afterAll(async () => {
    await baton?.cleanup();
    await fake?.stop();
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  describe('bodies the parsers refuse (defect 6)', () => {
    it('answers a JSON body over 100 KB and a webhook body of 1 MB with 413', async () => {
      await problem(await json(`/v1/conversations/${conversationId}/pause`, { reason: 'x'.repeat(101 * 1024) }), 413);
      await problem(
        await json(`/v1/conversations/${conversationId}/messages`, { body: 'x'.repeat(200_000) }, 'rep'),
        413,
      );
      const big = await signedPost('/webhooks/twilio/sms', {}, `Body=${'x'.repeat(1024 * 1024)}`);
      expect((await problem(big, 413)).type).toMatch(/payload-too-large$/);
      await problem(
        await signedPost('/webhooks/twilio/sms', {}, Array.from({ length: 500 }, (_, i) => `p${i}=1`).join('&')),
        413,
      );
    });

    it.each([
      ['text/plain', 'Body=hi'],
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="Body"\r\n\r\nhi\r\n--x--'],
      ['application/json', '{"Body":"hi"}'],
      ['application/x-www-form-urlencoded; charset=latin1', 'Body=hi'],
      ['application/x-www-form-urlencoded; charset=iso-8859-1', 'Body=hi'],
      ['', 'Body=hi'],
    ])('answers a webhook sent as %j with 415', async (contentType, body) => {
      for (const path of ['/webhooks/twilio/sms', '/webhooks/twilio/status']) {
        const response = await fetch(`${baton.url}${path}`, {
          method: 'POST',
          body: Buffer.from(body),
          headers: contentType ? { 'content-type': contentType } : {},
        });
        await problem(response, 415);
      }
    });

    it('answers an API body that is not JSON with 415, and broken JSON with 400', async () => {
      await problem(
        await json(`/v1/conversations/${conversationId}/pause`, 'reason=x', 'supervisor', {
          headers: { 'content-type': 'text/plain' },
        }),
        415,
      );
      await problem(
        await json(`/v1/conversations/${conversationId}/pause`, '{}', 'supervisor', {
          headers: { 'content-type': 'application/json; charset=latin1' },
        }),
        415,
      );
      await problem(await json(`/v1/conversations/${conversationId}/pause`, '{"reason":'), 400);
      await problem(await json(`/v1/conversations/${conversationId}/pause`, 'null'), 400);
      await problem(await json(`/v1/conversations/${conversationId}/pause`, '[]'), 400);
    });

    it('takes a takeover and a handback with no body, and names what is missing when a supervisor sends none', async () => {
      const noBody = (path: string, role: 'rep' | 'supervisor') => baton.fetchAs(path, { method: 'POST', role });
      // The API waits for the decision: both are applied (200), not merely accepted.
      for (const [path, status] of [
        ['takeover', 'applied'],
        ['handback', 'applied'],
      ] as const) {
        const response = await noBody(`/v1/conversations/${conversationId}/${path}`, 'rep');
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status });
      }
      expect(
        (await problem(await noBody(`/v1/conversations/${conversationId}/takeover`, 'supervisor'), 400)).detail,
      ).toMatch(/repId is required/);
      expect(
        (await problem(await noBody(`/v1/conversations/${conversationId}/handback`, 'supervisor'), 400)).detail,
      ).toMatch(/repId is required/);
    });

    it('answers a list cursor that decodes to a bad timestamp, or to nothing this API gave out, with 400', async () => {
      const cursor = (value: unknown) =>
        Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
      for (const bad of [
        cursor({ at: 'garbage', id: randomUUID() }),
        cursor({ at: '2026-13-45T99:99:99Z', id: randomUUID() }),
        cursor({ at: new Date().toISOString(), id: "x' OR 1=1" }),
        cursor('not json'),
        cursor([1]),
        cursor({ at: new Date().toISOString(), id: randomUUID(), extra: 1 }),
        'a'.repeat(600),
        '!!!',
      ]) {
        await problem(await baton.fetchAs(`/v1/conversations?cursor=${encodeURIComponent(bad)}`), 400);
      }
      const page = (await (await baton.fetchAs('/v1/conversations?limit=1')).json()) as { nextCursor: string | null };
      expect(page.nextCursor).toEqual(expect.any(String));
      expect((await baton.fetchAs(`/v1/conversations?limit=1&cursor=${page.nextCursor!}`)).status).toBe(200); // one it gave out
    });

    it('records a signed inbound text holding a NUL, with the character replaced and the replacement recorded', async () => {
      const params = leadText('call me\u0000 at 5\u0007pm');
      const response = await text(params);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<Response></Response>');
      const event = await eventually(() => received('call me\uFFFD at 5\uFFFDpm'), 'the text, recorded');
      expect(event.data).toMatchObject({ providerMessageId: params.MessageSid, replacedCharacters: 2 });
      const { rows } = await baton.connections.sql.query<{ body: string; replaced_characters: number }>(
        'SELECT body, replaced_characters FROM gateway_inbound WHERE provider_message_id = $1',
        [params.MessageSid],
      );
      expect(rows).toEqual([{ body: 'call me\uFFFD at 5\uFFFDpm', replaced_characters: 2 }]);
    });

    it('answers an unknown route, a wrong method and a bad token with problem JSON', async () => {
      await problem(await fetch(`${baton.url}/v2/nothing`), 404);
      await problem(await fetch(`${baton.url}/v1/conversations`, { method: 'DELETE' }), 404);
      await problem(await fetch(`${baton.url}/v1/conversations`, { headers: { authorization: 'Bearer nope' } }), 401);
    });
  });

  describe("commands and reads on conversations that are not the caller's (defect 7)", () => {
    const others = () => [
      randomUUID(),
      'not-a-uuid',
      conversationId.toUpperCase(),
      `${conversationId}x`,
      '%20',
      'a'.repeat(300),
    ];
    it.each([
      ['takeover', 'rep', {}],
      ['handback', 'rep', {}],
      ['pause', 'supervisor', {}],
      ['resume', 'supervisor', {}],
      ['close', 'supervisor', {}],
    ] as const)(
      "%s is a 404 for an unknown id, another tenant's id and an id of another shape, and opens no conversation",
      async (action, role, body) => {
        for (const id of others())
          await problem(await json(`/v1/conversations/${encodeURIComponent(id)}/${action}`, body, role), 404);
        await problem(
          await json(`/v1/conversations/${conversationId}/${action}`, body, role, { tenant: 'tenant-b' }),
          404,
        );
        expect(published.filter((e) => e.type.startsWith('baton.commands.') && e.subject !== conversationId)).toEqual(
          [],
        );
      },
    );

    it('refuses a rep message to a conversation not in the tenant with 404, and sends nothing', async () => {
      const before = fake.created.length;
      for (const id of others())
        await problem(
          await json(`/v1/conversations/${encodeURIComponent(id)}/messages`, { body: 'hello?' }, 'rep'),
          404,
        );
      await problem(
        await json(`/v1/conversations/${conversationId}/messages`, { body: 'hello?' }, 'rep', { tenant: 'tenant-b' }),
        404,
      );
      const { rows } = await baton.connections.sql.query('SELECT 1 FROM gateway_sends WHERE conversation_id <> $1', [
        conversationId,
      ]);
      expect(rows).toEqual([]);
      expect(fake.created.length).toBe(before);
    });

    it("answers every read of another tenant's or an unknown conversation with 404", async () => {
      for (const path of ['', '/events', '/messages']) {
        for (const id of others())
          await problem(
            await baton.fetchAs(`/v1/conversations/${encodeURIComponent(id)}${path}`, { role: 'auditor' }),
            404,
          );
        await problem(
          await baton.fetchAs(`/v1/conversations/${conversationId}${path}`, { role: 'auditor', tenant: 'tenant-b' }),
          404,
        );
        expect((await baton.fetchAs(`/v1/conversations/${conversationId}${path}`, { role: 'auditor' })).status).toBe(
          200,
        );
      }
      const list = (await (await baton.fetchAs('/v1/conversations')).json()) as { items: { id: string }[] };
      expect(list.items.map((c) => c.id)).toEqual([conversationId]); // no phantom conversation was opened
    });
  });

  describe('a command tells its caller what became of it (defect 3)', () => {
    it('answers a command the conversation refuses with 409 and the reason, and keeps the refusal for a poll', async () => {
      // The AI drives this conversation: a hand-back is refused by the aggregate, not by the edge.
      const refused = await json(`/v1/conversations/${conversationId}/handback`, {}, 'rep', {
        headers: { prefer: 'wait=10' },
      });
      const body = await problem(refused, 409);
      const location = refused.headers.get('location');
      expect(location).toMatch(/^\/v1\/commands\/[0-9a-f-]{36}$/);
      expect(body.detail).toBeTruthy();
      const polled = (await (await baton.fetchAs(location!, { role: 'rep' })).json()) as { status: string };
      expect(polled.status).toBe('refused');
    });

    it("answers a takeover only once it is decided: 200 applied, and the conversation is the rep's", async () => {
      const claimed = await json(`/v1/conversations/${conversationId}/takeover`, { repName: 'Sam' }, 'rep', {
        headers: { prefer: 'wait=10' },
      });
      expect(claimed.status).toBe(200);
      expect(await claimed.json()).toMatchObject({ status: 'applied' });
      const view = (await (await baton.fetchAs(`/v1/conversations/${conversationId}`)).json()) as { driver: string };
      expect(view.driver).toBe('human');
      const back = await json(`/v1/conversations/${conversationId}/handback`, {}, 'rep', {
        headers: { prefer: 'wait=10' },
      });
      expect(back.status).toBe(200);
    });
  });

  describe('every field has a type and a length (defect 8)', () => {
    it.each([
      ['takeover', 'rep', { repName: 'x'.repeat(50_000) }, '/repName'],
      ['takeover', 'rep', { repName: { a: 1 } }, '/repName'],
      ['takeover', 'rep', { repName: 'Sam\u0000Poison' }, '/repName'],
      ['takeover', 'supervisor', { repId: 'r'.repeat(5000) }, '/repId'],
      ['takeover', 'supervisor', { repId: 'rep 7' }, '/repId'],
      ['handback', 'rep', { note: 'n'.repeat(60_000) }, '/note'],
      ['pause', 'supervisor', { reason: 'r'.repeat(60_000) }, '/reason'],
      ['close', 'supervisor', { reason: 42 }, '/reason'],
      ['close', 'supervisor', { reason: 'ok', extra: true }, '/extra'],
      ['messages', 'rep', { body: 'b'.repeat(1601) }, '/body'],
      ['messages', 'rep', { body: ['hi'] }, '/body'],
    ] as const)('refuses %s %j with a 400 naming the field', async (action, role, body, field) => {
      const response = await json(`/v1/conversations/${conversationId}/${action}`, body, role);
      const refused = await problem(response, 400);
      expect(refused.errors?.map((e) => e.path)).toContain(field);
    });

    it.each([
      '?limit=abc',
      '?limit=0',
      '?limit=1000',
      '?driver=nope',
      '?driver=constructor',
      '?leadPhone=abc',
      `?leadPhone=${'1'.repeat(500)}`,
      '?sort=desc',
      '?limit=1&limit=2',
    ])('refuses the list query %s with 400', async (query) =>
      problem(await baton.fetchAs(`/v1/conversations${query}`), 400),
    );

    it('refuses webhook endpoints with an oversized URL, description or events list', async () => {
      const register = (body: unknown) => json('/v1/webhook-endpoints', body, 'admin');
      const events = ['baton.conversations.handed-back.v1'];
      await problem(await register({ url: `https://crm.example.com/${'a'.repeat(5000)}`, events }), 400);
      await problem(await register({ url: 'https://crm.example.com/hook', events, description: 'd'.repeat(501) }), 400);
      await problem(
        await register({ url: 'https://crm.example.com/hook', events: 'baton.conversations.handed-back.v1' }),
        400,
      );
      await problem(await register({ url: 'https://crm.example.com/hook', events: Array(100).fill(events[0]) }), 400);
      await problem(await register({ url: { href: 'https://crm.example.com' }, events }), 400);
      await problem(
        await baton.fetchAs(`/v1/webhook-endpoints/${randomUUID()}/deliveries?status=constructor`, { role: 'auditor' }),
        400,
      );
    });

    it('refuses signed Twilio webhooks whose parameters are not what Twilio sends, and records none of them', async () => {
      const bad: Record<string, string>[] = [
        leadText('b'.repeat(1601)),
        { ...leadText('x'), Body: undefined as unknown as string },
        { ...leadText('x'), MessageSid: 'SM1' },
        { ...leadText('x'), MessageSid: `SM${'z'.repeat(32)}` },
        { ...leadText('x'), From: 'not-a-phone' },
        { ...leadText('x'), OptOutType: 'MAYBE' },
        { ...leadText('x'), FromCity: 'c'.repeat(5000) },
      ];
      for (const params of bad) {
        const { Body: _body, ...rest } = params;
        const sent = await text(params.Body === undefined ? rest : params);
        if (sent.status !== 400) throw new Error(`${JSON.stringify(params).slice(0, 120)} answered ${sent.status}`);
        await problem(sent, 400);
      }
      // Body[a]=1 alone: parsed flat, so no Body object (and no Body): the signed request is refused for its shape.
      const nested = { MessageSid: sid(), From: lead, To: batonNumber, 'Body[a]': '1' };
      await problem(await text(nested), 400);
      // Beside a Body, it is one more parameter, a string, and the text is the Body.
      const beside = { ...leadText('flat params'), 'Body[a]': '1' };
      expect((await text(beside)).status).toBe(200);
      expect((await eventually(() => received('flat params'), 'the text')).data).toMatchObject({
        providerMessageId: beside.MessageSid,
      });
      const twice = await signedPost(
        '/webhooks/twilio/sms',
        {},
        `${new URLSearchParams(leadText('one')).toString()}&Body=two`,
      );
      expect([403, 400]).toContain(twice.status);
      const sids = [...bad.map((p) => p.MessageSid!), nested.MessageSid];
      const { rows } = await baton.connections.sql.query(
        'SELECT 1 FROM gateway_inbound WHERE provider_message_id = ANY($1)',
        [sids],
      );
      expect(rows).toEqual([]);
    });

    it('plays a lead on the dev channel only with a text body', async () => {
      // Twilio is configured here, so the dev channel is off: the checks on the body still come first.
      await problem(await json(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, { body: { a: 1 } }, 'admin'), 400);
      await problem(
        await json(`/v1/dev/leads/${encodeURIComponent(lead)}/messages`, { body: 'hi', to: 'nope' }, 'admin'),
        400,
      );
      await problem(await baton.fetchAs('/v1/dev/outbox?limit=abc'), 400);
    });
  });

  describe('input never picks a key of Object.prototype (defect 9)', () => {
    it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])(
      'refuses MessageStatus=%s and stores nothing',
      async (status) => {
        const params = {
          MessageSid: sid(),
          MessageStatus: status,
          To: lead,
          From: batonNumber,
          AccountSid: `AC${'4'.repeat(32)}`,
        };
        const response = await signedPost('/webhooks/twilio/status', params);
        expect((await problem(response, 400)).detail).toMatch(/MessageStatus/);
        for (const table of ['gateway_delivery', 'gateway_foreign_sends']) {
          const { rows } = await baton.connections.sql.query(`SELECT 1 FROM ${table} WHERE provider_sid = $1`, [
            params.MessageSid,
          ]);
          expect(rows).toEqual([]);
        }
      },
    );
  });
});
