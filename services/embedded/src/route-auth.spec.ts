import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { openApiDocument } from '@baton/contracts';
import { TokenVerifier } from '@baton/service-runtime';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { allServices } from './platform';

// Every route of the OpenAPI document, in every spelling a client, a proxy or an attacker may send, without a
// valid token, against the whole platform in one process: a protected route answers 401 or 404, never 2xx nor a
// 4xx that shows its handler ran (400, 403, 409, 413, 415...).

const parameterValues: Record<string, string> = {
  id: randomUUID(),
  phone: '%2B15125550100',
  number: '%2B15125550100',
  turnId: 'turn-1',
  deliveryId: randomUUID(),
};
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, name: string) => parameterValues[name] ?? 'x');

/** The same path, spelled otherwise: case, slashes, dot segments, percent-encoded letters, separators. */
export function spellings(path: string): string[] {
  const [first, ...rest] = path.slice(1).split('/');
  const tail = rest.join('/');
  // A letter outside any %XX escape the path already holds.
  const encodeFirstLetter = (segment: string) =>
    segment.replace(
      /^((?:%[0-9A-F]{2}|[^a-z%])*)([a-z])/i,
      (_, before: string, c: string) => `${before}%${c.charCodeAt(0).toString(16)}`,
    );
  const alternate = path.replace(/[a-z]/gi, (c, i: number) => (i % 2 ? c.toUpperCase() : c.toLowerCase()));
  const variants = [
    `/${first!.toUpperCase()}/${tail}`,
    path.toUpperCase(),
    alternate,
    `${path}/`,
    `/${path}`,
    `/${first}//${tail}`,
    `${path}//`,
    `/${first}/./${tail}`,
    `/./${path.slice(1)}`,
    `/${first}/x/../${tail}`,
    `/${encodeFirstLetter(first!)}/${tail}`,
    `/${first}/${rest.map(encodeFirstLetter).join('/')}`,
    `/${first}%2F${tail}`,
    `/${first}\\${tail}`,
    `${path};x=1`,
    `${path}%00`,
    `${path}%20`,
    `${path}.json`,
    `/${first}/${tail.toUpperCase()}`,
  ];
  return [...new Set(variants.filter((v) => v !== path))];
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}
/** A raw request: the path goes on the wire as written (fetch would normalize dot segments and backslashes). */
function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH'];
const documented = Object.entries(
  openApiDocument.paths as unknown as Record<string, Record<string, { security?: unknown[] }>>,
).map(([path, operations]) => ({ path, operations }));
const isPublic = (operation: { security?: unknown[] } | undefined) =>
  Array.isArray(operation?.security) && operation.security.length === 0;
const bodyFor = (path: string) =>
  path.startsWith('/webhooks/')
    ? {
        'content-type': 'application/x-www-form-urlencoded',
        body: 'From=%2B15125550100&To=%2B15125550199&Body=hi&MessageSid=SM00000000000000000000000000000001',
      }
    : {
        'content-type': 'application/json',
        body: JSON.stringify({
          body: 'hello',
          repId: 'rep-7',
          url: 'https://crm.example.com/x',
          events: ['baton.conversations.handed-back.v1'],
        }),
      };

describe('auth is bound to the routes: every route of /v1/openapi.json, in every spelling, without a valid token', () => {
  let baton: TestService;
  beforeAll(async () => {
    baton = await startForTest(allServices);
  });
  afterAll(() => baton.cleanup());

  const ask = (method: string, path: string, headers: Record<string, string> = {}) => {
    const { 'content-type': contentType, body } = bodyFor(path);
    const withBody = method !== 'GET' && method !== 'HEAD';
    return send(
      baton.url,
      method,
      path,
      { ...headers, ...(withBody ? { 'content-type': contentType } : {}) },
      withBody ? body : undefined,
    );
  };
  const expectRefused = (answer: Answer, where: string) => {
    if (![401, 404].includes(answer.status))
      throw new Error(`${where} answered ${answer.status}: ${answer.body.slice(0, 200)}`);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  };

  it('walks every documented route (all of them, and only them, are in the document: platform.spec.ts)', () => {
    expect(documented.length).toBeGreaterThan(15);
    expect(spellings('/v1/dev/outbox')).toEqual(
      expect.arrayContaining([
        '/V1/dev/outbox',
        '/v1/dev/outbox/',
        '//v1/dev/outbox',
        '/v1/./dev/outbox',
        '/%761/dev/outbox',
      ]),
    );
  });

  it.each(documented.map((d) => [d.path, d.operations] as const))(
    '%s: 401 or 404 in every spelling and method, unless public',
    async (template, operations) => {
      const path = fill(template);
      for (const method of methods) {
        const operation = operations[method.toLowerCase()] ?? (method === 'HEAD' ? operations.get : undefined);
        const exact = await ask(method, path);
        if (isPublic(operation)) {
          expect(exact.status).toBeLessThan(500);
        } else {
          expectRefused(exact, `${method} ${path}`);
          if (operation) expect(exact.status).toBe(401); // the route exists: it is the token that is missing
        }
        for (const variant of spellings(path)) {
          const answer = await ask(method, variant);
          // A spelling that reaches a public route is that route (e.g. a trailing slash): the same answer.
          if (isPublic(operation) && answer.status === exact.status) continue;
          expectRefused(answer, `${method} ${variant}`);
        }
      }
    },
  );

  it('answers a path that is not valid percent-encoding with a 400 problem, before any route runs', async () => {
    for (const path of ['/v1/conversations/%E0%A4%A', '/v1/dev/leads/%2/messages', '/webhooks/twilio/%ZZ']) {
      const answer = await ask('GET', path);
      expect([answer.status, answer.contentType]).toEqual([400, expect.stringMatching(/^application\/problem\+json/)]);
    }
  });

  it('refuses every kind of bad credential on every protected route', async () => {
    const stranger = await TokenVerifier.fromConfig({
      BATON_JWT_SECRET: 'another-secret-0123456789abcdef0123',
      BATON_JWT_ISSUER: 'baton',
      BATON_JWT_AUDIENCE: 'baton-api',
      BATON_DATA_DIR: '/tmp',
    }).mint({ subject: 'x', tenantId: 'default', role: 'admin' });
    const credentials = [
      'Bearer',
      'Bearer not-a-jwt',
      'Basic dXNlcjpwYXNz',
      `Bearer ${stranger}`,
      `Token ${await baton.token('admin')}`,
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
    ];
    for (const { path: template, operations } of documented) {
      for (const [method, operation] of Object.entries(operations)) {
        if (isPublic(operation)) continue;
        for (const authorization of credentials) {
          const answer = await ask(method.toUpperCase(), fill(template), { authorization });
          expect([answer.status, `${method} ${template} with ${authorization.slice(0, 12)}`]).toEqual([
            401,
            `${method} ${template} with ${authorization.slice(0, 12)}`,
          ]);
        }
      }
    }
  });
});
