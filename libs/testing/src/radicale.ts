import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Radicale {
  url: string;
  /** Creates a calendar collection for a user and gives its URL. */
  makeCalendar(user: string, name: string): Promise<string>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/**
 * A real CalDAV server for tests: Debian's radicale on 127.0.0.1, no authentication (any user name is
 * accepted), its collections in a fresh folder under the temp dir. scripts/setup-test-env.sh installs it.
 */
export async function startRadicale(): Promise<Radicale> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-radicale-'));
  const port = await freePort();
  const config = join(dir, 'config');
  writeFileSync(
    config,
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = none',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('radicale', ['--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(
        `radicale exited (${child.exitCode}): ${stderr.slice(-1000)} (install it: apt-get install -y radicale)`,
      );
    try {
      const answer = await fetch(`${url}/.web/`, { signal: AbortSignal.timeout(500) });
      if (answer.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`radicale did not answer on ${url}: ${stderr.slice(-1000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const basic = (user: string) => `Basic ${Buffer.from(`${user}:x`).toString('base64')}`;
  return {
    url,
    makeCalendar: async (user, name) => {
      const at = `${url}/${user}/${name}/`;
      const body = `<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`;
      const answer = await fetch(at, {
        method: 'MKCALENDAR',
        headers: { authorization: basic(user), 'content-type': 'application/xml' },
        body,
      });
      if (answer.status !== 201) throw new Error(`MKCALENDAR ${at} answered ${answer.status}: ${await answer.text()}`);
      return at;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(undefined) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
