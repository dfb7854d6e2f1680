import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dir = join(__dirname, '..', 'kafka-mock');
const source = join(dir, 'kafka-mock.c');
const binary = join(dir, 'bin', 'kafka-mock');

export interface KafkaMock {
  /** host:port,host:port,... */
  bootstrap: string;
  brokers: string[];
  /** The mock cluster's process (its CPU is the broker's, for the load benchmark). */
  pid?: number;
  createTopic(name: string, partitions: number, replication?: number): Promise<void>;
  /** Broker ids are 1..N. */
  brokerDown(id: number): Promise<void>;
  brokerUp(id: number): Promise<void>;
  setRtt(id: number, ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the mock's C program when it is missing or older than its source; parallel builds each rename into place. */
export function buildKafkaMock(): string {
  if (existsSync(binary) && statSync(binary).mtimeMs >= statSync(source).mtimeMs) return binary;
  mkdirSync(join(dir, 'bin'), { recursive: true });
  let flags: string[];
  try {
    flags = execFileSync('pkg-config', ['--cflags', '--libs', 'rdkafka'], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .filter(Boolean);
  } catch {
    throw new Error(
      'the Kafka mock needs librdkafka-dev, pkg-config and gcc: apt-get install -y librdkafka-dev gcc pkg-config',
    );
  }
  const temp = `${binary}.${process.pid}.${Date.now()}`;
  try {
    execFileSync('gcc', ['-O2', '-o', temp, source, ...flags], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `could not build the Kafka mock (needs gcc and librdkafka-dev): ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`,
    );
  }
  renameSync(temp, binary);
  return binary;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts librdkafka's mock cluster with N brokers; topics are created through its API, not Kafka's admin protocol. */
export async function startKafkaMock(
  options: { brokers?: number; topics?: { name: string; partitions: number; replication?: number }[] } = {},
): Promise<KafkaMock> {
  const path = buildKafkaMock();
  const args = ['--brokers', String(options.brokers ?? 3)];
  for (const topic of options.topics ?? [])
    args.push('--topic', `${topic.name}:${topic.partitions}:${topic.replication ?? 1}`);
  const child = spawn(path, args, {
    stdio: ['pipe', 'pipe', process.env.KAFKA_MOCK_DEBUG === '1' ? 'inherit' : 'ignore'],
  });
  live.add(child);
  const lines = createInterface({ input: child.stdout! });
  const waiting: ((line: string) => void)[] = [];
  let exited = false;
  child.on('exit', () => {
    exited = true;
    live.delete(child);
    for (const resolve of waiting.splice(0)) resolve('ERR the mock cluster exited');
  });
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = () =>
    new Promise<string>((resolve) => (exited ? resolve('ERR the mock cluster exited') : waiting.push(resolve)));

  const first = await nextLine();
  if (!first.startsWith('BOOTSTRAP ')) throw new Error(`the Kafka mock did not start: ${first}`);
  const bootstrap = first.slice('BOOTSTRAP '.length).trim();

  let queue = Promise.resolve();
  const command = (text: string) => {
    const run = queue.then(async () => {
      const answer = nextLine();
      child.stdin!.write(`${text}\n`);
      const line = await answer;
      if (line !== 'OK') throw new Error(`kafka mock: ${text}: ${line.replace(/^ERR /, '')}`);
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    bootstrap,
    brokers: bootstrap.split(','),
    pid: child.pid,
    createTopic: (name, partitions, replication = 1) => command(`topic ${name} ${partitions} ${replication}`),
    brokerDown: (id) => command(`down ${id}`),
    brokerUp: (id) => command(`up ${id}`),
    setRtt: (id, ms) => command(`rtt ${id} ${ms}`),
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}
