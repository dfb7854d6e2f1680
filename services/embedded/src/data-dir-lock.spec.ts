import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirInUse, lockDataDir } from './data-dir-lock';
import { readEmbeddedConfig } from './config';

describe('the data dir lock', () => {
  let dir: string;
  const compromised: Error[] = [];
  // Every wait between looks at a held lock: "at once" means none.
  const pauses: number[] = [];
  const options = {
    onCompromised: (e: Error) => void compromised.push(e),
    pause: (ms: number) => {
      pauses.push(ms);
      return new Promise<void>((r) => setTimeout(r, ms));
    },
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-lock-'));
    compromised.length = 0;
    pauses.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const ownedBy = (pid: number, ageMs = 0) => {
    mkdirSync(join(dir, 'baton.lock'));
    const then = new Date(Date.now() - ageMs);
    utimesSync(join(dir, 'baton.lock'), then, then);
    writeFileSync(join(dir, 'baton.pid'), JSON.stringify({ pid, host: hostname() }));
  };

  it('is taken and released, naming its owner beside it', async () => {
    const release = await lockDataDir(dir, options);
    expect(existsSync(join(dir, 'baton.lock'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'baton.pid'), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    await release();
    expect(existsSync(join(dir, 'baton.lock'))).toBe(false);
    await (
      await lockDataDir(dir, options)
    )();
    expect(compromised).toEqual([]);
  });

  it('refuses a second Baton at once, with a message naming the folder and the owner, while the owner lives', async () => {
    ownedBy(4_000_001);
    const refusal = lockDataDir(dir, { ...options, isAlive: (pid) => pid === 4_000_001 });
    await expect(refusal).rejects.toBeInstanceOf(DataDirInUse);
    await expect(refusal).rejects.toThrow(
      `the data dir ${dir} is in use by another Baton (process 4000001 on ${hostname()}); stop it, or set BATON_DATA_DIR`,
    );
    expect(pauses).toEqual([]);
  });

  it('takes over at once the lock of an owner that was killed (not refreshed for two beats)', async () => {
    ownedBy(4_000_002, 3000);
    const release = await lockDataDir(dir, { ...options, isAlive: () => false });
    expect(pauses).toEqual([]);
    await release();
  });

  it('waits out the last beat of an owner killed a moment ago, then takes the lock (a restart right after SIGKILL)', async () => {
    ownedBy(4_000_003, 0);
    const release = await lockDataDir(dir, { ...options, isAlive: () => false });
    // It looked again until the lock had gone two beats unrefreshed, instead of refusing or taking it at once.
    expect(pauses.length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(dir, 'baton.pid'), 'utf8'))).toEqual({ pid: process.pid, host: hostname() });
    await release();
  });

  it('refuses a fresh lock whose owner it cannot see (another host sharing the folder)', async () => {
    mkdirSync(join(dir, 'baton.lock'));
    writeFileSync(join(dir, 'baton.pid'), JSON.stringify({ pid: 12, host: 'another-host' }));
    const refresh = setInterval(() => utimesSync(join(dir, 'baton.lock'), new Date(), new Date()), 200);
    try {
      await expect(lockDataDir(dir, options)).rejects.toThrow(/process 12 on another-host/);
    } finally {
      clearInterval(refresh);
    }
  });
});

describe('the embedded config', () => {
  it('listens on 127.0.0.1 unless BATON_HOST says otherwise', () => {
    expect(readEmbeddedConfig({}).BATON_HOST).toBe('127.0.0.1');
    expect(readEmbeddedConfig({ BATON_HOST: '0.0.0.0' }).BATON_HOST).toBe('0.0.0.0');
    expect(() => readEmbeddedConfig({ BATON_HOST: 'not a host!' })).toThrow(
      /BATON_HOST must be an IP address or a host name/,
    );
  });
});
