import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eventually } from '@baton/testing';

// The service image as the Dockerfile's last stage lays it out: only what its COPY lines bring, then its CMD. A
// file the services read at run time (the signal model, the console) and no COPY line brings fails here, not in
// a customer's cluster. No Docker engine here: the layout is built in a folder from the same lines.

const root = join(__dirname, '..', '..', '..');

/** The last stage's COPY --from=build lines, as [from inside the build, to inside the image]. */
function imageCopies(): [string, string][] {
  const lines = readFileSync(join(root, 'Dockerfile'), 'utf8').split('\n');
  const last = lines
    .map((l, i) => (/^FROM\s/.test(l) ? i : -1))
    .filter((i) => i >= 0)
    .pop()!;
  return lines
    .slice(last)
    .filter((l) => /^COPY\s+--from=build\s/.test(l))
    .flatMap((l) => {
      const parts = l.trim().split(/\s+/).slice(2);
      const to = parts.pop()!;
      return parts.map((from): [string, string] => {
        const source = from.replace(/^\/app\/?/, '');
        return [source, to.endsWith('/') ? join(to, source.split('/').pop()!) : to];
      });
    });
}

/** The last stage's ENV lines: what the image's processes start with. */
function imageEnv(): Record<string, string> {
  const lines = readFileSync(join(root, 'Dockerfile'), 'utf8').split('\n');
  const last = lines
    .map((l, i) => (/^FROM\s/.test(l) ? i : -1))
    .filter((i) => i >= 0)
    .pop()!;
  return Object.fromEntries(
    lines
      .slice(last)
      .filter((l) => /^ENV\s/.test(l))
      .flatMap((l) => l.trim().split(/\s+/).slice(1))
      .map((pair) => pair.split('=') as [string, string]),
  );
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

describe('the service image', () => {
  let image: string;
  beforeAll(() => {
    // The build stage's own commands, into a folder of their own (never a stale dist/ of the checkout).
    const build = mkdtempSync(join(tmpdir(), 'baton-image-build-'));
    const built: Record<string, string> = { dist: join(build, 'dist'), 'apps/console/dist': join(build, 'console') };
    const run = (args: string[]) => {
      const result = spawnSync('npx', args, { cwd: root, stdio: 'inherit' });
      if (result.status !== 0) throw new Error(`npx ${args.join(' ')} failed`);
    };
    run(['tsc', '-p', 'tsconfig.build.json', '--outDir', built.dist!]);
    run([
      'vite',
      'build',
      '-c',
      'apps/console/vite.config.mts',
      '--logLevel',
      'warn',
      '--outDir',
      built['apps/console/dist']!,
    ]);
    image = mkdtempSync(join(tmpdir(), 'baton-image-'));
    for (const [from, to] of imageCopies()) {
      const target = join(image, to);
      if (from === 'node_modules')
        symlinkSync(join(root, from), target); // the same packages, not a copy
      else {
        spawnSync('mkdir', ['-p', dirname(target)]);
        cpSync(built[from] ?? join(root, from), target, { recursive: true });
      }
    }
    rmSync(build, { recursive: true, force: true });
  }, 300_000);
  afterAll(() => image && rmSync(image, { recursive: true, force: true }));

  it('copies the compiled services, the signal model and the console', () => {
    const copied = imageCopies().map(([, to]) => to.replace(/^\.\//, ''));
    expect(copied).toEqual(expect.arrayContaining(['dist', 'apps/console/dist']));
    expect(existsSync(join(image, 'dist', 'services', 'signal-detector', 'model', 'signals-model.json'))).toBe(true);
  });

  it('starts the embedded mode from what the image holds, with the learned detector, and serves the console', async () => {
    const port = await freePort();
    const child = spawn('node', ['-r', './scripts/register-dist.js', 'dist/services/embedded/src/main.js'], {
      cwd: image,
      env: {
        PATH: process.env.PATH,
        ...imageEnv(),
        BATON_PORT: String(port),
        BATON_DATA_DIR: join(image, 'data'),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const ready = await eventually(
        async () =>
          child.exitCode !== null
            ? 'exited'
            : (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok,
        { what: 'the image ready', timeoutMs: 90_000 },
      );
      if (ready === 'exited') throw new Error(`the image's process exited: ${output.slice(-2000)}`);
      const console = await fetch(`http://127.0.0.1:${port}/`);
      expect(console.status).toBe(200);
      expect(await console.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(output).not.toMatch(/cannot read the (signal model|word vectors)/);
  });
});
