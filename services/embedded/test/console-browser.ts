import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (scripts/setup-test-env.sh installs it), driven by playwright-core. */
export const chromiumPath = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Where CI picks up the screenshots of a run. */
export const artifactDir = join(__dirname, '..', '..', '..', 'artifacts', 'console');

export interface ConsoleBrowser {
  context: BrowserContext;
  /** A tab signed in (development sign-in) as `role:subject`; each tab keeps its own session. */
  open(as: string, hash?: string, viewport?: { width: number; height: number }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  /** axe-core's WCAG 2.1 A/AA check of the page as it is: the rules it breaks, with the elements. */
  accessibilityViolations(
    page: Page,
  ): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]>;
  close(): Promise<void>;
}

/**
 * A fresh chromium profile for a test run. Every tab records the browser notifications the page raises
 * (window.__notifications) and the tones it plays (window.__tones), since headless chromium shows and plays none.
 */
export async function openConsoleBrowser(baseUrl: string): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'baton-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1280, height: 800 },
    timezoneId: 'UTC',
  });
  await context.grantPermissions(['notifications'], { origin: baseUrl });
  await context.addInitScript({ content: recordNotifications });
  mkdirSync(artifactDir, { recursive: true });
  return {
    context,
    open: async (as, hash = '#/', viewport) => {
      const page = await context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      await page.goto(`${baseUrl}/?as=${encodeURIComponent(as)}${hash}`);
      await page.getByTestId('live-status').filter({ hasText: 'live' }).waitFor();
      return page;
    },
    screenshot: async (page, name) => {
      const path = join(artifactDir, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    accessibilityViolations: async (page) => {
      await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
      return page.evaluate(async () => {
        const axe = (
          globalThis as unknown as {
            axe: {
              run(o: unknown): Promise<{
                violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
              }>;
            };
          }
        ).axe;
        const result = await axe.run({
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => n.target.join(' ')),
        }));
      });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs in every page before its scripts: Notification as the page sees it, granted, and recording each one. */
const recordNotifications = `
  (() => {
    const seen = [];
    window.__notifications = seen;
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title, options) { super(title, options); seen.push({ title, body: options && options.body }); }
      static get permission() { return 'granted'; }
      static requestPermission() { return Promise.resolve('granted'); }
    }
    window.Notification = Recorded;
    // The chime: each tone the page plays (headless chromium has no speakers).
    window.__tones = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) { window.__tones++; return start.apply(this, args); };
  })();
`;
