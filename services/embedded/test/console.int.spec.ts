import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startForTest, type TestService } from '@baton/service-runtime/testing';
import { consoleService } from '../src/console/console.module';
import { allServices } from '../src/platform';
import { openConsoleBrowser, type ConsoleBrowser } from './console-browser';
import { daytimeLead, eventually, leadInTheNight } from './harness';

// The rep console in headless chromium against the embedded platform this test starts: a lead texts in the
// simulator, reps and a supervisor work in the console, an auditor only reads. The leads are in their day
// now (daytimeLead), so no reply waits for quiet hours whatever the hour the suite runs.

const root = join(__dirname, '..', '..', '..');
const visible = { state: 'visible' as const, timeout: 30_000 };

describe('the rep console in a real browser', () => {
  let baton: TestService;
  let browser: ConsoleBrowser;

  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '-c', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
      env: { ...process.env, NODE_ENV: 'production' },
      cwd: root,
      stdio: 'inherit',
    });
    baton = await startForTest([...allServices, consoleService]);
    browser = await openConsoleBrowser(baton.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await baton?.cleanup();
  });

  /** A lead writes on the dev channel (as the simulator does), and the test waits for the handoff to be recorded. */
  const leadAsksForPerson = async (phone: string) => {
    const response = await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ body: 'Hi, I want to refinance. Can I talk to a real person?' }),
    });
    expect(response.status).toBe(202);
    return eventually(async () => {
      const list = (await (
        await baton.fetchAs(`/v1/conversations?leadPhone=${encodeURIComponent(phone)}`, { role: 'supervisor' })
      ).json()) as { items: { id: string; driver: string }[] };
      return list.items.find((c) => c.driver === 'handoff_pending')?.id;
    }, 'the handoff');
  };
  const outcomeOf = async (page: Page) => {
    const outcome = page.getByTestId('outcome');
    await outcome.filter({ hasNotText: /waiting for the outcome|^$/ }).waitFor(visible);
    return (await outcome.textContent()) ?? '';
  };

  it('a lead texts in the simulator, the handoff reaches the rep live, the rep takes over, writes, hands back, and the AI speaks after', async () => {
    const lead = daytimeLead(401).phone;
    const rep = await browser.open('rep:demo-rep');
    await rep.getByRole('heading', { name: 'Inbox' }).waitFor(visible);

    const simulator = await browser.open('admin:dev-admin', '#/simulator');
    await simulator.getByLabel("Lead's phone").fill(lead);
    const text = async (body: string) => {
      await simulator.getByLabel('Text as the lead').fill(body);
      await simulator.getByRole('button', { name: 'Send' }).click();
    };
    const bubbles = simulator.getByTestId('lead-thread').locator('li');
    await text("Hi, I'm looking to refinance my house");
    await simulator.locator('li[data-from="baton"]').first().waitFor(visible); // the AI's first answer reaches the lead
    await text('actually can I just talk to a real person?');

    // Live: the row appears in the rep's inbox without a reload, handoff-pending, with a notification.
    const row = rep.getByTestId('inbox-row').filter({ hasText: lead });
    await row.filter({ hasText: 'Handoff pending' }).waitFor(visible);
    await rep.getByTestId('handoff-alert').filter({ hasText: 'New handoff' }).waitFor(visible);
    const notifications = await rep.evaluate(
      () => (globalThis as unknown as { __notifications: { title: string }[] }).__notifications,
    );
    expect(notifications.length).toBeGreaterThanOrEqual(1);
    expect(await rep.evaluate(() => (globalThis as unknown as { __tones: number }).__tones)).toBeGreaterThanOrEqual(2); // the two-tone chime
    expect(Number(await rep.getByTestId('count-handoff_pending').locator('.n').textContent())).toBeGreaterThanOrEqual(
      1,
    );
    await browser.screenshot(rep, 'inbox');
    expect(await browser.accessibilityViolations(rep)).toEqual([]);

    // The brief first: the summary, the opening line, why it was handed off with the evidence marked.
    await row.click();
    await rep.getByTestId('summary').waitFor(visible);
    expect((await rep.getByTestId('opening-line').textContent())?.length).toBeGreaterThan(10);
    expect(await rep.getByTestId('evidence').locator('mark').first().textContent()).toMatch(/real person/i);
    await browser.screenshot(rep, 'conversation-brief');
    expect(await browser.accessibilityViolations(rep)).toEqual([]);

    await rep.getByRole('button', { name: 'Take over' }).click();
    expect(await outcomeOf(rep)).toMatch(/Take over: Done/);
    await rep.getByTestId('driver').filter({ hasText: 'Rep drives' }).waitFor(visible);
    expect(await rep.getByTestId('holder').textContent()).toBe('demo-rep');

    await rep.getByLabel(/Message to the lead/).fill('Hi, Sarah here. I can help with the refinance today.');
    await rep.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await outcomeOf(rep)).toMatch(/Send: Sent/);
    await simulator.locator('li[data-from="baton"]').filter({ hasText: 'Sarah here' }).waitFor(visible);

    await rep.getByLabel('Note for the AI').fill('Quoted 6.1% for 30 years; follow up on Friday.');
    await rep.getByRole('button', { name: 'Hand back to the AI' }).click();
    expect(await outcomeOf(rep)).toMatch(/Hand back: Done/);
    await rep.getByTestId('driver').filter({ hasText: 'AI drives' }).waitFor(visible);

    // The AI picks the thread up after the rep's message, never before it.
    await eventually(async () => {
      const thread = await bubbles.evaluateAll((items) =>
        items.map((li) => ({ from: li.getAttribute('data-from'), text: li.querySelector('p')?.textContent ?? '' })),
      );
      const repAt = thread.findIndex((b) => b.text.includes('Sarah here'));
      return repAt >= 0 && thread.slice(repAt + 1).some((b) => b.from === 'baton') ? thread : undefined;
    }, "an AI message after the rep's");
    await rep.getByRole('button', { name: /Transcript/ }).click();
    const authors = await rep
      .getByTestId('transcript')
      .locator('li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-author')));
    // The transcript says what the lead got: the AI's first message with its disclosure.
    expect(await rep.getByTestId('transcript').locator('li[data-author="ai"] p').first().textContent()).toContain(
      "You're texting with an AI assistant",
    );
    expect(authors.lastIndexOf('ai')).toBeGreaterThan(authors.lastIndexOf('rep'));
    await browser.screenshot(rep, 'conversation');
    await browser.screenshot(simulator, 'simulator');
    expect(await browser.accessibilityViolations(simulator)).toEqual([]);
    expect(await browser.accessibilityViolations(rep)).toEqual([]); // the conversation with its transcript open

    const phone = await browser.open('rep:demo-rep', rep.url().slice(rep.url().indexOf('#')), {
      width: 390,
      height: 844,
    });
    await phone.getByTestId('summary').waitFor(visible);
    await browser.screenshot(phone, 'conversation-phone');
    expect(await browser.accessibilityViolations(phone)).toEqual([]);
    for (const page of [rep, simulator, phone]) await page.close();
  });

  it('two reps take over at once: exactly one wins, and the other is told who', async () => {
    const id = await leadAsksForPerson(daytimeLead(402).phone);
    const [first, second] = await Promise.all([
      browser.open('rep:rep-41', `#/c/${id}`),
      browser.open('rep:rep-42', `#/c/${id}`),
    ]);
    const buttons = [first, second].map((page) => page.getByRole('button', { name: 'Take over' }));
    await Promise.all(buttons.map((b) => b.waitFor(visible)));
    await Promise.all(buttons.map((b) => b.click()));
    const outcomes = await Promise.all([outcomeOf(first), outcomeOf(second)]);
    const won = outcomes.filter((o) => /Take over: Done/.test(o));
    expect(won).toHaveLength(1);
    const winner = /Done/.test(outcomes[0]!) ? 'rep-41' : 'rep-42';
    const loser = outcomes.find((o) => !/Take over: Done/.test(o))!;
    expect(loser).toContain(`${winner} already took this conversation over`);
    const detail = (await (await baton.fetchAs(`/v1/conversations/${id}`, { role: 'auditor' })).json()) as {
      assignedRepId: string;
    };
    expect(detail.assignedRepId).toBe(winner);
    await first.close();
    await second.close();
  });

  it('a supervisor pauses the AI, resumes it and closes the conversation', async () => {
    const id = await leadAsksForPerson(daytimeLead(403).phone);
    const supervisor = await browser.open('supervisor:supervisor-1', `#/c/${id}`);
    await supervisor.getByRole('button', { name: 'Pause the AI' }).click();
    expect(await outcomeOf(supervisor)).toMatch(/Pause: Done/);
    await supervisor.getByTestId('driver').filter({ hasText: 'Paused' }).waitFor(visible);
    expect(await supervisor.getByRole('button', { name: 'Take over' }).count()).toBe(0); // supervisors act as supervisors
    await supervisor.getByRole('button', { name: 'Resume the AI' }).click();
    expect(await outcomeOf(supervisor)).toMatch(/Resume: Done/);
    await supervisor.getByTestId('driver').filter({ hasText: 'AI drives' }).waitFor(visible);
    await supervisor.getByRole('button', { name: 'Close', exact: true }).click();
    expect(await outcomeOf(supervisor)).toMatch(/Close: Done/);
    await supervisor.locator('.detail-head .meta').filter({ hasText: 'closed' }).waitFor(visible);
    expect(await supervisor.getByRole('button', { name: 'Close', exact: true }).count()).toBe(0);
    await supervisor.close();
  });

  it('an auditor reads the conversation with no action on offer, and the API refuses an action anyway', async () => {
    const id = await leadAsksForPerson(daytimeLead(404).phone);
    const auditor = await browser.open('auditor:auditor-1', `#/c/${id}`);
    await auditor.getByTestId('read-only').waitFor(visible);
    await auditor.getByTestId('evidence').waitFor(visible);
    for (const name of ['Take over', 'Pause the AI', 'Resume the AI', 'Close', 'Send', 'Hand back to the AI']) {
      expect(await auditor.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
    expect(await auditor.getByRole('link', { name: 'Lead simulator' }).count()).toBe(0);
    // The page's own token, used as the page would: refused by the API.
    const status = await auditor.evaluate(async (conversationId) => {
      const token = (
        JSON.parse(
          (globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem(
            'baton.console.session',
          ),
        ) as { token: string }
      ).token;
      const response = await fetch(`/v1/conversations/${conversationId}/takeover`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', prefer: 'wait=30' },
        body: '{}',
      });
      return response.status;
    }, id);
    expect(status).toBe(403);
    const detail = (await (await baton.fetchAs(`/v1/conversations/${id}`, { role: 'auditor' })).json()) as {
      driver: string;
    };
    expect(detail.driver).toBe('handoff_pending');
    await auditor.close();
  });

  it('works from the keyboard: arrows move through the inbox, Enter opens, Ctrl+Enter sends', async () => {
    await leadAsksForPerson(daytimeLead(405).phone);
    const id = await leadAsksForPerson(daytimeLead(406).phone);
    const rep = await browser.open('rep:rep-51');
    const rows = rep.getByTestId('inbox-row');
    await rows.nth(1).waitFor(visible);
    await rows.first().focus();
    await rep.keyboard.press('ArrowDown');
    const focused = await rep.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
      ).document.activeElement.getAttribute('data-conversation'),
    );
    expect(focused).toBe(await rows.nth(1).getAttribute('data-conversation'));
    await rep.keyboard.press('Enter');
    await rep.waitForURL(`**/#/c/${focused}`);
    // Straight to a conversation, and into the composer.
    await rep.goto(rep.url().replace(/#.*$/, `#/c/${id}`));
    await rep.getByLabel(/Message to the lead/).focus();
    await rep.keyboard.type('Hi, this is rep 51. I can help right now.');
    await rep.keyboard.press('Control+Enter');
    expect(await outcomeOf(rep)).toMatch(/Send: Sent/);
    await rep.getByTestId('holder').filter({ hasText: 'rep-51' }).waitFor(visible); // a rep who writes takes over
    await rep.close();
  });

  it('lists a meeting the lead books as it is booked, and charts the KPIs', async () => {
    const { phone } = daytimeLead(407);
    const meetings = await browser.open('rep:demo-rep', '#/meetings');
    await meetings.getByRole('heading', { name: 'Meetings' }).waitFor(visible);
    const received = () =>
      eventually(async () => {
        const outbox = (await (await baton.fetchAs('/v1/dev/outbox?limit=500')).json()) as {
          messages: { to: string; body: string }[];
        };
        return outbox.messages.filter((m) => m.to === phone).length;
      });
    const texts = async (body: string, replies: number) => {
      expect(
        (
          await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
            method: 'POST',
            body: JSON.stringify({ body }),
          })
        ).status,
      ).toBe(202);
      await eventually(async () => (await received()) >= replies, `reply ${replies}`);
    };
    await texts("Hi, I'm looking to refinance my house", 1);
    await texts('my contract expires Friday', 2); // high intent: two times offered
    await texts('the second one', 3); // booked, confirmed
    const booked = meetings.locator('li.meeting').filter({ hasText: 'Sarah Lee' });
    await booked.first().waitFor(visible); // live: meeting.linked reloaded the page
    expect(await booked.first().locator('.badge').textContent()).toBe('booked');
    // Not started yet: the outcome buttons wait for its start (the API would refuse an outcome before it).
    expect(await booked.first().getByRole('button', { name: 'Attended' }).isDisabled()).toBe(true);
    await browser.screenshot(meetings, 'meetings');

    const kpis = await browser.open('supervisor:supervisor-1', '#/kpis');
    await kpis.locator('.recharts-surface').nth(1).waitFor(visible);
    const handoffRate = kpis.locator('.tiles div').filter({ hasText: 'Handoff rate' }).locator('dd').first();
    await handoffRate.filter({ hasText: '%' }).waitFor(visible);
    expect(Number((await handoffRate.textContent())!.replace('%', ''))).toBeGreaterThan(0);
    await browser.screenshot(kpis, 'kpis');
    expect(await browser.accessibilityViolations(kpis)).toEqual([]);
    expect(await browser.accessibilityViolations(meetings)).toEqual([]);
    const rep = await browser.open('rep:demo-rep');
    expect(await rep.getByRole('link', { name: 'KPIs' }).count()).toBe(0); // GET /v1/kpis is for supervisors and auditors
    for (const page of [meetings, kpis, rep]) await page.close();
  });

  it('shows a send held for quiet hours and one the gate blocked, each with its reason', async () => {
    const { phone } = leadInTheNight(); // past midnight where the lead is: the AI's reply waits for the morning
    expect(
      (
        await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
          method: 'POST',
          body: JSON.stringify({ body: "Hi, I'm looking to refinance my house" }),
        })
      ).status,
    ).toBe(202);
    const id = await eventually(async () => {
      const list = (await (
        await baton.fetchAs(`/v1/conversations?leadPhone=${encodeURIComponent(phone)}`, { role: 'supervisor' })
      ).json()) as { items: { id: string }[] };
      const found = list.items[0]?.id;
      if (!found) return undefined;
      const transcript = (await (
        await baton.fetchAs(`/v1/conversations/${found}/messages`, { role: 'supervisor' })
      ).json()) as { messages: { status: string }[] };
      return transcript.messages.some((m) => m.status === 'deferred') ? found : undefined;
    }, 'the deferred reply');
    const rep = await browser.open('rep:rep-61', `#/c/${id}`);
    await rep.getByRole('button', { name: /Transcript/ }).click();
    const deferred = rep.getByTestId('transcript').locator('li[data-author="ai"] .status');
    await deferred.filter({ hasText: /deferred .*until/ }).waitFor(visible);

    expect(
      (
        await baton.fetchAs(`/v1/dev/leads/${encodeURIComponent(phone)}/messages`, {
          method: 'POST',
          body: JSON.stringify({ body: 'STOP' }),
        })
      ).status,
    ).toBe(202);
    await rep.getByTestId('driver').filter({ hasText: 'Opted out' }).waitFor(visible); // live
    await rep.getByLabel(/Message to the lead/).fill('Are you still there?');
    await rep.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await outcomeOf(rep)).toMatch(/Send: Blocked: opted out — the lead opted out of sms/);
    expect(await rep.getByTestId('outcome').getAttribute('class')).toContain('refused');
    await rep
      .getByTestId('transcript')
      .locator('li[data-author="rep"] .status')
      .filter({ hasText: 'blocked: opted out' })
      .waitFor(visible);
    await browser.screenshot(rep, 'conversation-blocked');
    await rep.close();
  });

  it('signs in again as the same identity when the API refuses the token (development), instead of showing errors', async () => {
    const page = await browser.open('rep:rep-71');
    // The tab's token goes bad (as an expired one would): same claims, a signature the API refuses.
    await page.evaluate(() => {
      const storage = (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string; setItem(k: string, v: string): void } }
      ).sessionStorage;
      const session = JSON.parse(storage.getItem('baton.console.session')) as { token: string };
      const [header, payload] = session.token.split('.');
      storage.setItem('baton.console.session', JSON.stringify({ ...session, token: `${header}.${payload}.AAAA` }));
    });
    await page.reload();
    await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor(visible);
    expect(await page.locator('.identity select').inputValue()).toBe('rep:rep-71');
    const token = await page.evaluate(
      () =>
        (
          JSON.parse(
            (globalThis as unknown as { sessionStorage: { getItem(k: string): string } }).sessionStorage.getItem(
              'baton.console.session',
            ),
          ) as { token: string }
        ).token,
    );
    expect(token.endsWith('.AAAA')).toBe(false);
    expect(await page.getByRole('alert').filter({ hasText: 'Could not load' }).count()).toBe(0);
    await page.close();
  });
});
