import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { fromThisMachine } from './console.controller';
import { consoleService } from './console.module';

describe('the console as the embedded process serves it', () => {
  const built = mkdtempSync(join(tmpdir(), 'baton-console-dist-'));
  let baton: TestService;
  beforeAll(async () => {
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Baton console</title>');
    writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(built, '.env'), 'SECRET=1');
    baton = await startForTest([consoleService], { BATON_CONSOLE_DIR: built });
  });
  afterAll(async () => {
    await baton.cleanup();
    rmSync(built, { recursive: true, force: true });
  });

  it('serves the built page at / and its hashed assets, with no token', async () => {
    const page = await fetch(`${baton.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Baton console');
    const asset = await fetch(`${baton.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('serves nothing outside the built folder, nor its dot files', async () => {
    for (const path of ['/assets/..%2F.env', '/assets/.env', '/assets/missing.js', '/assets/%2e%2e%2findex.html']) {
      const answer = await fetch(`${baton.url}${path}`);
      expect({ path, status: answer.status }).toEqual({ path, status: 404 });
      expect(await answer.text()).not.toContain('SECRET');
    }
  });

  it('says how to sign in, and signs in this machine without typing while no JWT secret is configured', async () => {
    expect(await (await fetch(`${baton.url}/config.json`)).json()).toEqual({ apiBase: '', signIn: 'development' });
    const session = await fetch(`${baton.url}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'rep', subject: 'rep-9' }),
    });
    expect(session.status).toBe(200);
    const { token } = (await session.json()) as { token: string };
    expect(await baton.verifier.verify(token)).toEqual({ subject: 'rep-9', tenantId: 'default', role: 'rep' });
    const bad = await fetch(`${baton.url}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent', subject: 'x' }),
    });
    expect(bad.status).toBe(400);
  });

  it('answers the development sign-in only on loopback, by the socket', () => {
    expect(['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'].map(fromThisMachine)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1', undefined].map(fromThisMachine)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('has no development sign-in once a JWT secret is configured, and says where the built page is missing', async () => {
    const configured = await startForTest([consoleService], {
      BATON_JWT_SECRET: 'x'.repeat(40),
      BATON_CONSOLE_DIR: join(built, 'nowhere'),
    });
    try {
      expect(await (await fetch(`${configured.url}/config.json`)).json()).toEqual({ apiBase: '', signIn: 'token' });
      const session = await fetch(`${configured.url}/console/dev-session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'admin', subject: 'me' }),
      });
      expect(session.status).toBe(404);
      const page = await fetch(`${configured.url}/`);
      expect(page.status).toBe(503);
      expect(((await page.json()) as { detail: string }).detail).toContain('npm run build:console');
    } finally {
      await configured.cleanup();
    }
  });
});
