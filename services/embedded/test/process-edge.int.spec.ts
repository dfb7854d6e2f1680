import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..', '..');

interface NpmStart {
  npm: ChildProcess;
  /** stdout and stderr as they come */
  output: string[];
  exited: Promise<number | null>;
  /** the "service started" line, once it is printed: the node process's pid, URL and listening address */
  started: Promise<{ pid: number; url: string; host: string }>;
}

/** `npm start` as a newcomer runs it (npm, its shell, then node), on a given data dir. */
function npmStart(dataDir: string): NpmStart {
  const npm = spawn('npm', ['start'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      BATON_DATA_DIR: dataDir,
      BATON_PORT: '0',
      LOG_LEVEL: 'info',
      BATON_HOST: '',
    },
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
  createInterface({ input: npm.stderr! }).on('line', (line) => output.push(line));
  const started = new Promise<{ pid: number; url: string; host: string }>((resolve, reject) => {
    createInterface({ input: npm.stdout! }).on('line', (line) => {
      output.push(line);
      try {
        const entry = JSON.parse(line) as { msg?: string; pid: number; url: string; host: string };
        if (entry.msg === 'service started') {
          if (!Number.isInteger(entry.pid)) reject(new Error('the service started line names no pid'));
          resolve(entry);
        }
      } catch {
        // npm's own lines and the banner
      }
    });
    void exited.then((code) => reject(new Error(`npm start exited with ${code}: ${output.slice(-20).join('\n')}`)));
  });
  return { npm, output, exited, started };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function gone(pid: number, ms = 20_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

describe('npm start, as a process: signals, the data dir lock, the listening address', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-npm-start-'));
  const pids: number[] = [];
  afterAll(() => {
    for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('stops node itself when npm gets %s, and frees the port', async (signal) => {
    const baton = npmStart(dataDir);
    const { pid, url, host } = await baton.started;
    pids.push(pid, baton.npm.pid!);
    expect(host).toBe('127.0.0.1'); // embedded: loopback unless BATON_HOST says otherwise
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    baton.npm.kill(signal);
    await baton.exited;
    expect(await gone(pid)).toBe(true); // the node process, not only npm
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('refuses a second instance on the same data dir with a clear message, and restarts at once after a SIGKILL', async () => {
    const first = npmStart(dataDir);
    const { pid, url } = await first.started;
    pids.push(pid, first.npm.pid!);
    const second = npmStart(dataDir);
    await expect(second.started).rejects.toThrow(/in use by another Baton/);
    expect(await second.exited).not.toBe(0);
    expect(second.output.join('\n')).toContain(
      `baton failed to start: the data dir ${dataDir} is in use by another Baton (process ${pid}`,
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200); // the first one carries on

    process.kill(pid, 'SIGKILL'); // the lock stays behind, unrefreshed
    await first.exited;
    const third = npmStart(dataDir);
    const restarted = await third.started;
    pids.push(restarted.pid, third.npm.pid!);
    expect((await fetch(`${restarted.url}/readyz`)).status).toBe(200);
    third.npm.kill('SIGTERM');
    await third.exited;
    expect(await gone(restarted.pid)).toBe(true);
  });
});
