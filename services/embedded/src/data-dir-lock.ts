import { mkdirSync, readFileSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** Kept fresh every second by its owner; taken over by anyone once this old (an owner that died elsewhere). */
const staleMs = 20_000;
const updateMs = 1_000;

export class DataDirInUse extends Error {
  constructor(dataDir: string, owner: Owner | undefined) {
    const who = owner ? `process ${owner.pid} on ${owner.host}` : 'another process';
    super(
      `the data dir ${dataDir} is in use by another Baton (${who}); stop it, or set BATON_DATA_DIR to another folder ` +
        `(a lock left by a Baton that died is taken over once it is ${staleMs / 1000} s old)`,
    );
    this.name = 'DataDirInUse';
  }
}

interface Owner {
  pid: number;
  host: string;
}

export interface LockOptions {
  /** Whether a process of this host is running (signal 0). */
  isAlive?: (pid: number) => boolean;
  /** The lock was lost (its directory removed or taken over): the process must stop before it writes more. */
  onCompromised: (error: Error) => void;
  /** How it waits between looks at a held lock (tests count the waits). */
  pause?: (ms: number) => Promise<void>;
}

const running = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the data dir for this process alone: two Batons on one PGlite database would corrupt it. The lock is
 * a directory (proper-lockfile) whose mtime its owner refreshes; beside it, `baton.pid` names the owner. A
 * second instance is refused at once while the owner lives; a lock whose owner was killed on this host is
 * taken over as soon as it has gone unrefreshed for two beats, so a restart right after a SIGKILL waits ~2 s.
 * Resolves with the release.
 */
export async function lockDataDir(dataDir: string, options: LockOptions): Promise<() => Promise<void>> {
  const isAlive = options.isAlive ?? running;
  const pause = options.pause ?? sleep;
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'baton.lock');
  const ownerPath = join(dataDir, 'baton.pid');
  const started = Date.now();
  for (;;) {
    try {
      const release = await lockfile.lock(dataDir, {
        lockfilePath: lockPath,
        stale: staleMs,
        update: updateMs,
        realpath: false,
        onCompromised: options.onCompromised,
      });
      writeFileSync(ownerPath, JSON.stringify({ pid: process.pid, host: hostname() } satisfies Owner));
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    const owner = readOwner(ownerPath);
    const age = ageOf(lockPath);
    if (age === undefined) continue; // released meanwhile
    const here = owner?.host === hostname();
    if (here && owner.pid !== process.pid && isAlive(owner.pid)) throw new DataDirInUse(dataDir, owner);
    const ownerDied = here && (owner.pid === process.pid || !isAlive(owner.pid));
    // Not refreshed for two beats and its owner is gone: it was killed. (A fresher lock may be one just taken
    // by a process that has not written baton.pid yet.)
    if (ownerDied && age > 2 * updateMs) {
      removeLockOlderThan(lockPath, 2 * updateMs);
      continue;
    }
    // Someone keeps it fresh after all (an owner we cannot see, or one on another host sharing the folder).
    const waited = Date.now() - started;
    if ((!ownerDied && waited > 2 * updateMs) || waited > staleMs) throw new DataDirInUse(dataDir, owner);
    await pause(200);
  }
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

function ageOf(path: string): number | undefined {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** Removes the lock if it is still that old now (not one another restarter took a moment ago). */
function removeLockOlderThan(path: string, ms: number): void {
  const age = ageOf(path);
  if (age === undefined || age <= ms) return;
  try {
    rmdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
