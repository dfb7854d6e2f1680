import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { consoleService } from '../src/console/console.module';
import { allServices } from '../src/platform';
import { openConsoleBrowser, type ConsoleBrowser } from './console-browser';
import { daytimeLead, eventually } from './harness';
import { FakeOidcProvider } from './fake-oidc';

// Production sign-in: the console sends the rep to the tenant's identity provider (authorization code + PKCE),
// takes the token back, and the API accepts it from the provider's JWKS, as with any other client.

describe('the rep console signing in with an OpenID Connect provider', () => {
  // Short-lived access tokens, as many providers issue them: the console must renew them while the rep works.
  const idp = new FakeOidcProvider({ sub: 'rep-oidc', tenant: 'default', role: 'rep' }, 20);
  let baton: TestService;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '-c', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
      cwd: join(__dirname, '..', '..', '..'),
      stdio: 'inherit',
    });
    await idp.start();
    baton = await startForTest([...allServices, consoleService], {
      BATON_JWKS_URL: `${idp.url}/jwks`,
      BATON_JWT_ISSUER: idp.url,
      BATON_JWT_AUDIENCE: idp.audience,
      BATON_CONSOLE_OIDC_AUTHORITY: idp.url,
      BATON_CONSOLE_OIDC_CLIENT_ID: 'baton-console',
    });
    browser = await openConsoleBrowser(baton.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await baton?.cleanup();
    await idp.stop();
  });

  it("offers no development sign-in, signs the rep in by PKCE, and the page works with the provider's token", async () => {
    const config = (await (await fetch(`${baton.url}/config.json`)).json()) as {
      signIn: string;
      oidc: { authority: string; clientId: string };
    };
    expect(config).toMatchObject({ signIn: 'oidc', oidc: { authority: idp.url, clientId: 'baton-console' } });
    const devSession = await fetch(`${baton.url}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', subject: 'me' }),
    });
    expect(devSession.status).toBe(404);

    const page = await browser.context.newPage();
    await page.goto(`${baton.url}/`);
    await page.getByRole('button', { name: 'Sign in with your company account' }).click();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 }); // the stream took the token
    expect(idp.exchanges).toEqual([{ clientId: 'baton-console', challengeMethod: 'S256', verifierMatched: true }]);
    expect(page.url()).not.toContain('code='); // the code leaves the address bar
    await page.getByText('rep-oidc (rep)').waitFor();

    // A handoff reaches the signed-in rep live; the rep takes it over as themself.
    const lead = daytimeLead(501).phone;
    const agent = await idp.mint({ sub: 'sim', tenant: 'default', role: 'supervisor' }, idp.audience, 3600);
    const said = await fetch(`${baton.url}/v1/dev/leads/${encodeURIComponent(lead)}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: 'Hi, can I talk to a real person?' }),
    });
    expect(said.status).toBe(202);
    const row = page.getByTestId('inbox-row').filter({ hasText: lead });
    await row.filter({ hasText: 'Handoff pending' }).waitFor({ timeout: 30_000 });
    await row.click();
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByTestId('outcome').filter({ hasText: 'Take over: Done' }).waitFor({ timeout: 30_000 });
    const id = await row.getAttribute('data-conversation');
    const detail = await eventually(async () => {
      const d = (await (
        await fetch(`${baton.url}/v1/conversations/${id}`, { headers: { authorization: `Bearer ${agent}` } })
      ).json()) as { assignedRepId: string };
      return d.assignedRepId ? d : undefined;
    });
    expect(detail.assignedRepId).toBe('rep-oidc');
    await page.close();
  });

  it('renews the short-lived token with the refresh token before it expires, and the rep stays signed in', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${baton.url}/`);
    await page.getByRole('button', { name: 'Sign in with your company account' }).click();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor({ timeout: 30_000 });
    const signedInAt = Math.floor(Date.now() / 1000);
    const before = idp.refreshes.length;
    // The first token expires 20 s after sign-in; a renewal comes before that, and another after it.
    const renewed = await eventually(() => idp.refreshes.length >= before + 1 && idp.refreshes[before], {
      what: 'a renewal',
      timeoutMs: 30_000,
    });
    expect(renewed.exp).toBeGreaterThan(signedInAt + 20);
    // After the first token's expiry the page still works with the renewed one: the inbox answers, no sign-in page.
    await eventually(() => Date.now() / 1000 > signedInAt + 21 || undefined, {
      what: 'the first token expired',
      timeoutMs: 30_000,
    });
    await page.getByRole('link', { name: 'Meetings' }).click();
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByText('rep-oidc (rep)').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in with your company account' }).count()).toBe(0);
    const token = await page.evaluate<string>(
      "JSON.parse(sessionStorage.getItem('baton.console.session')).token", // run in the page, where sessionStorage is
    );
    const inbox = await fetch(`${baton.url}/v1/inbox`, { headers: { authorization: `Bearer ${token}` } });
    expect(inbox.status).toBe(200); // the token the console holds now is a live one
    await page.close();
  });
});
