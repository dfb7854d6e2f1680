import { Controller, Get, Module, Post } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { AllowRoles, CurrentPrincipal, TokenVerifier, type Principal } from './auth';
import { startForTest } from './testing';

@Controller('v1/things')
class ThingsController {
  @Get()
  read(@CurrentPrincipal() who: Principal) {
    return who;
  }

  @Post()
  write(@CurrentPrincipal() who: Principal) {
    return who;
  }

  @Post('supervised')
  @AllowRoles('supervisor')
  supervised() {
    return { ok: true };
  }
}
@Module({ controllers: [ThingsController] })
class ThingsModule {}
const things = { name: 'things', modules: [ThingsModule] };

const secret = 'a-test-secret-that-is-long-enough-123';
const hs = (
  claims: Record<string, unknown>,
  options: { alg?: string; iss?: string; aud?: string; exp?: number; key?: string } = {},
) =>
  new SignJWT({ tenant: 't1', role: 'rep', ...claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256' })
    .setSubject('rep-7')
    .setIssuer(options.iss ?? 'baton')
    .setAudience(options.aud ?? 'baton-api')
    .setExpirationTime(options.exp ?? Math.floor(Date.now() / 1000) + 60)
    .sign(new TextEncoder().encode(options.key ?? secret));
const unsigned = (claims: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', tenant: 't1', role: 'admin', iss: 'baton', aud: 'baton-api', exp: Math.floor(Date.now() / 1000) + 60, ...claims })).toString('base64url')}.`;

describe('bearer auth on /v1 (HS256)', () => {
  let service: Awaited<ReturnType<typeof startForTest>>;
  beforeAll(async () => {
    service = await startForTest([things], { BATON_JWT_SECRET: secret });
  });
  afterAll(async () => service.cleanup());
  const call = (token: string | undefined, method = 'GET', path = '/v1/things') =>
    fetch(`${service.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('serves a valid token, with its tenant and role', async () => {
    const response = await call(await hs({}));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ subject: 'rep-7', tenantId: 't1', role: 'rep' });
  });

  it.each([
    ['no token', async () => undefined, /bearer token is required/],
    ['alg none', async () => unsigned({}), /refused/],
    ['another secret', async () => hs({}, { key: 'another-secret-that-is-long-enough-456' }), /signature/],
    ['a wrong issuer', async () => hs({}, { iss: 'evil' }), /iss/],
    ['a wrong audience', async () => hs({}, { aud: 'other' }), /aud/],
    ['an expired token', async () => hs({}, { exp: Math.floor(Date.now() / 1000) - 120 }), /exp/],
    ['an unknown role', async () => hs({ role: 'owner' }), /role must be one of/],
    ['no tenant', async () => hs({ tenant: '' }), /no tenant/],
  ])('refuses %s with 401 and the reason', async (_case, token, reason) => {
    const response = await call(await token());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toMatch(reason);
  });

  it('lets auditors read but not write, and narrows routes by role', async () => {
    expect((await call(await hs({ role: 'auditor' }))).status).toBe(200);
    expect((await call(await hs({ role: 'auditor' }), 'POST')).status).toBe(403);
    expect((await call(await hs({ role: 'rep' }), 'POST', '/v1/things/supervised')).status).toBe(403);
    expect((await call(await hs({ role: 'supervisor' }), 'POST', '/v1/things/supervised')).status).toBe(201);
    expect((await call(await hs({ role: 'admin' }), 'POST', '/v1/things/supervised')).status).toBe(201);
  });

  it('leaves operations and webhooks outside /v1 open', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });
});

describe('bearer auth on /v1 (RS256 and ES256 from a JWKS)', () => {
  let jwks: Server;
  let service: Awaited<ReturnType<typeof startForTest>>;
  const keys: Record<string, KeyLike | Uint8Array> = {};
  beforeAll(async () => {
    const rsa = await generateKeyPair('RS256');
    const ec = await generateKeyPair('ES256');
    keys.rsa = rsa.privateKey;
    keys.ec = ec.privateKey;
    const set = {
      keys: [
        { ...(await exportJWK(rsa.publicKey)), kid: 'rsa', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(ec.publicKey)), kid: 'ec', alg: 'ES256', use: 'sig' },
      ],
    };
    jwks = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(set));
    });
    await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
    service = await startForTest([things], {
      BATON_JWKS_URL: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    });
  });
  afterAll(async () => {
    await service.cleanup();
    await new Promise((r) => jwks.close(r));
  });
  const signed = (alg: 'RS256' | 'ES256', kid: string, key: KeyLike | Uint8Array) =>
    new SignJWT({ tenant: 't2', role: 'supervisor' })
      .setProtectedHeader({ alg, kid })
      .setSubject('sup-1')
      .setIssuer('baton')
      .setAudience('baton-api')
      .setExpirationTime('1m')
      .sign(key);

  it('verifies RS256 and ES256 tokens against the key set', async () => {
    for (const [alg, kid] of [
      ['RS256', 'rsa'],
      ['ES256', 'ec'],
    ] as const) {
      const response = await fetch(`${service.url}/v1/things`, {
        headers: { authorization: `Bearer ${await signed(alg, kid, keys[kid === 'rsa' ? 'rsa' : 'ec']!)}` },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ subject: 'sup-1', tenantId: 't2', role: 'supervisor' });
    }
  });

  it('refuses an HS256 token signed with anything, the algorithms being pinned', async () => {
    const response = await fetch(`${service.url}/v1/things`, {
      headers: { authorization: `Bearer ${await hs({}, { key: 'whatever-secret-that-is-long-enough' })}` },
    });
    expect(response.status).toBe(401);
  });

  it('mints nothing itself when an identity provider signs the tokens', async () => {
    await expect(
      TokenVerifier.fromConfig({
        BATON_JWKS_URL: 'http://127.0.0.1:1/jwks',
        BATON_JWT_ISSUER: 'baton',
        BATON_JWT_AUDIENCE: 'baton-api',
        BATON_DATA_DIR: '/tmp',
      }).mint({ subject: 'x', tenantId: 't', role: 'admin' }),
    ).rejects.toThrow(/identity provider/);
  });
});
