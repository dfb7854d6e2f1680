import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(__dirname, '..', '..', '..');

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  url: string;
  logs: Record<string, unknown>[];
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts one service as its own process (as `npm run start:<name>` does) and waits for its "service started" line. */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
  options: { onLog?: (entry: Record<string, unknown>) => void; keepLogs?: boolean } = {},
): Promise<ServiceProcess> {
  const keep = options.keepLogs ?? true;
  // libs/testing/src -> the workspace root
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BATON_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BATON_PROFILE_DIR}`] : []),
      '-r',
      './scripts/register.js',
      `services/${name}/src/main.ts`,
    ],
    {
      cwd: root,
      env: { ...process.env, NODE_OPTIONS: '', BATON_PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in ${timeoutMs} ms: ${stderr.slice(-2000)}`)),
      timeoutMs,
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (keep || entry.level !== 'info') logs.push(entry);
        options.onLog?.(entry);
        if (entry.msg === 'service started') {
          clearTimeout(timer);
          resolve(String(entry.url));
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before starting: ${stderr.slice(-2000)}`));
    });
  });
  return { name, child, url, logs, exited };
}
