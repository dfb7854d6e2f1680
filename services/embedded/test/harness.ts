import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { DateTime } from 'luxon';
import twilio from 'twilio';
import { allTopics, deadLetterTopic, definitionFor, type CloudEvent } from '@baton/contracts';
import { KafkaEventBus } from '@baton/event-bus';
import { TokenVerifier, type Role } from '@baton/service-runtime';
import { startForTest } from '@baton/service-runtime/testing';
import {
  createTestDatabase,
  eventually,
  FakeConversationRelay,
  FakeSmtp,
  FakeTwilio,
  ingressRoute,
  relayOf,
  startKafkaMock,
  startServiceProcess,
  type ServiceProcess,
} from '@baton/testing';

export { eventually };
import { allServices } from '../src/platform';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const batonNumber = '+15125550100';
export const serviceNames = [
  'channel-gateway',
  'signal-detector',
  'conversation-state',
  'briefing',
  'scheduling',
  'audit',
  'ai-agent',
];

/** A running Baton as its users meet it: one public URL, Twilio webhooks, bearer tokens. */
export interface Baton {
  mode: 'embedded' | 'distributed';
  url: string;
  twilio: FakeTwilio;
  authToken: string;
  /** The mailbox SMTP_URL points at: what reps are mailed. */
  mail: FakeSmtp;
  token(role: Role, tenantId?: string, subject?: string): Promise<string>;
  /** Puts events on the bus as a service would (for events no public route makes yet, such as scheduling's rep.updated). */
  publish(...events: CloudEvent[]): Promise<void>;
  stop(): Promise<void>;
}

const busMessages = (events: CloudEvent[]) =>
  events.map((e) => ({ topic: definitionFor(e.type)!.topic, message: { key: e.subject, value: JSON.stringify(e) } }));

const twilioEnv = (fake: FakeTwilio, publicUrl: string, authToken: string) => ({
  // One demo rep in both modes; the reminder lead time so long that a booking's reminder is due at once.
  BATON_DEMO_REP: 'true',
  BATON_REMINDER_LEAD_MINUTES: String(14 * 24 * 60),
  BATON_SCHEDULING_TICK_MS: '200',
  // Reps work around the clock here, so a warm transfer (which needs business hours) can happen at any hour of the run.
  BATON_BUSINESS_HOURS: JSON.stringify({ zone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }),
  BATON_WEBHOOK_ALLOW_HTTP: 'true',
  BATON_WEBHOOK_ALLOW_PRIVATE: 'true',
  BATON_WEBHOOK_POLL_MS: '50',
  BATON_WEBHOOK_RETRY_SCHEDULE: '0.2,0.5,1',
  TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: authToken,
  TWILIO_API_BASE_URL: fake.url,
  BATON_PUBLIC_URL: publicUrl,
});

export async function startEmbedded(extra: Record<string, string> = {}): Promise<Baton> {
  const fake = new FakeTwilio();
  await fake.start();
  const mail = new FakeSmtp();
  await mail.start();
  const authToken = randomUUID();
  // The gateway checks signatures against BATON_PUBLIC_URL; the listener's port is known only once it listens,
  // so a front door on a known port forwards to it, as a load balancer would.
  const door = await frontDoor(() => target);
  let target = '';
  // Services read their own settings from the environment, as in `npm start`.
  const env = {
    ...twilioEnv(fake, door.url, authToken),
    BATON_SWEEP_INTERVAL_MS: '500',
    SMTP_URL: mail.url,
    BATON_BRIEF_DISPATCH_MS: '100',
    ...extra,
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const baton = await startForTest(allServices, env);
  target = baton.url;
  return {
    mode: 'embedded',
    url: door.url,
    twilio: fake,
    authToken,
    mail,
    token: (role, tenantId, subject) => baton.token(role, tenantId, subject),
    publish: async (...events) => {
      for (const { topic, message } of busMessages(events)) await baton.connections.bus.publish(topic, [message]);
    },
    stop: async () => {
      await baton.cleanup();
      await door.close();
      await fake.stop();
      await mail.stop();
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    },
  };
}

/** All seven services as their own processes over the Kafka mock and PostgreSQL, behind one ingress-like router. */
export function startDistributed(extra: Record<string, string> = {}): Promise<ProcessBaton> {
  return startProcesses({ mode: 'distributed', extra });
}

export interface ProcessBaton extends Baton {
  processes: ServiceProcess[];
  /** The base URL of the process that serves a path (skipping the router, as a load test wants). */
  direct(path: string): string;
  kafkaBrokers?: string[];
  /** The Kafka mock cluster's process id (distributed). */
  kafkaPid?: number;
  databaseUrl?: string;
  /** Kills one process (SIGKILL by default) and starts it again at once with the same settings and data. */
  restart(name: string, signal?: NodeJS.Signals): Promise<ServiceProcess>;
}

/**
 * Baton as separate processes: `embedded` is the one-process platform as `npm start` runs it (in-process bus,
 * PGlite in a fresh data dir); `distributed` is all seven services over the Kafka mock and PostgreSQL.
 */
export async function startProcesses(options: {
  mode: 'embedded' | 'distributed';
  extra?: Record<string, string>;
  extraTopics?: string[];
  onLog?: (entry: Record<string, unknown>) => void;
  keepLogs?: boolean;
}): Promise<ProcessBaton> {
  const fake = new FakeTwilio();
  await fake.start();
  const mail = new FakeSmtp();
  await mail.start();
  const distributed = options.mode === 'distributed';
  const db = distributed ? await createTestDatabase({ require: 'postgres' }) : undefined;
  const kafka = distributed
    ? await startKafkaMock({
        brokers: 3,
        topics: [...allTopics, ...serviceNames.map(deadLetterTopic)]
          .map((name) => ({ name, partitions: 6 }))
          .concat((options.extraTopics ?? []).map((name) => ({ name, partitions: 1 }))),
      })
    : undefined;
  const dataDir = distributed ? '/tmp/baton-unused' : mkdtempSync(join(tmpdir(), 'baton-embedded-'));
  const authToken = randomUUID();
  const secret = `e2e-${randomUUID()}-${randomUUID()}`;
  const urls = new Map<string, string>();
  const owner = (path: string) => (distributed ? ingressRoute(path) : 'embedded');
  const door = await frontDoor((path) => urls.get(owner(path)) ?? '');
  const env = {
    ...(db ? { DATABASE_URL: db.url! } : {}),
    ...(kafka ? { KAFKA_BROKERS: kafka.brokers.join(',') } : {}),
    BATON_JWT_SECRET: secret,
    BATON_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    BATON_SWEEP_INTERVAL_MS: '500',
    KAFKA_FETCH_MAX_WAIT_MS: '50',
    SMTP_URL: mail.url,
    BATON_BRIEF_DISPATCH_MS: '100',
    ...twilioEnv(fake, door.url, authToken),
    ...options.extra,
  };
  const names = distributed ? serviceNames : ['embedded'];
  const start = (name: string) =>
    startServiceProcess(name, env, 60_000, { onLog: options.onLog, keepLogs: options.keepLogs });
  const processes = await Promise.all(names.map(start));
  const exitedLogs: typeof processes = [];
  for (const p of processes) urls.set(p.name, p.url);
  const verifier = TokenVerifier.fromConfig({
    BATON_JWT_SECRET: secret,
    BATON_JWT_ISSUER: 'baton',
    BATON_JWT_AUDIENCE: 'baton-api',
    BATON_DATA_DIR: dataDir,
  });
  let producer: Promise<KafkaEventBus> | undefined;
  return {
    mode: options.mode,
    url: door.url,
    twilio: fake,
    authToken,
    mail,
    processes,
    kafkaBrokers: kafka?.brokers,
    kafkaPid: kafka?.pid,
    databaseUrl: db?.url,
    publish: async (...events) => {
      if (!kafka)
        throw new Error(
          'publishing from the test needs the distributed mode (the embedded process owns its in-process bus)',
        );
      producer ??= KafkaEventBus.connect({ brokers: kafka.brokers, clientId: 'e2e-test' });
      const bus = await producer;
      for (const { topic, message } of busMessages(events)) await bus.publish(topic, [message]);
    },
    direct: (path) => urls.get(owner(path))!,
    restart: async (name, signal = 'SIGKILL') => {
      const at = processes.findIndex((p) => p.name === name);
      if (at < 0) throw new Error(`no process ${name}`);
      const old = processes[at]!;
      urls.delete(name); // the front door answers 502 while it is down, as an ingress would
      old.child.kill(signal);
      await old.exited;
      exitedLogs.push(old);
      const next = await start(name);
      processes[at] = next;
      urls.set(name, next.url);
      return next;
    },
    token: (role, tenantId = 'default', subject = role === 'rep' ? 'rep-7' : `test-${role}`) =>
      verifier.mint({ subject, tenantId, role }),
    stop: async () => {
      // CI keeps the processes' logs for a failed run.
      if (process.env.BATON_E2E_LOG_DIR) {
        mkdirSync(process.env.BATON_E2E_LOG_DIR, { recursive: true });
        // A restarted process's earlier lives first, in order.
        for (const p of processes)
          writeFileSync(
            join(process.env.BATON_E2E_LOG_DIR, `${p.name}.log`),
            [...exitedLogs.filter((e) => e.name === p.name), p]
              .flatMap((life) => life.logs.map((l) => JSON.stringify(l)))
              .join('\n'),
          );
      }
      await (await producer)?.close();
      for (const p of processes) p.child.kill('SIGTERM');
      await Promise.all(
        processes.map((p) => Promise.race([p.exited, sleep(10_000).then(() => p.child.kill('SIGKILL'))])),
      );
      await door.close();
      await mail.stop();
      await kafka?.stop();
      await db?.drop();
      await fake.stop();
      if (!distributed) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function frontDoor(targetOf: (path: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', targetOf(req.url ?? '/') || 'http://127.0.0.1:1');
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  // WebSockets (ConversationRelay) pass through as the raw upgraded connection.
  const sockets = new Set<Socket>();
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    const target = new URL(req.url ?? '/', targetOf(req.url ?? '/') || 'http://127.0.0.1:1');
    const upstream = connect(Number(target.port), target.hostname, () => {
      upstream.write(
        `${req.method} ${req.url} HTTP/1.1\r\n${Object.entries(req.headers)
          .map(([k, v]) => `${k}: ${String(v)}`)
          .join('\r\n')}\r\n\r\n`,
      );
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => socket.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ConversationView {
  id: string;
  driver: string;
  assignedRepId?: string;
  optedOut?: boolean;
  handoff?: {
    mode: string;
    reason?: string;
    signals: { signal: string; confidence: number; evidence?: string[] }[];
    triggeredAt?: string;
  };
}

/**
 * Leads whose local time is mid-day now (some such zone exists at any hour), in zones whose allowed hours
 * meet the demo rep's (weekdays 09:00-17:00 in New York): the AI's replies go out at once at any hour the
 * suite runs, instead of waiting for the lead's morning (quiet hours).
 */
const dayZones = [
  { prefix: '+1212555', zone: 'America/New_York' },
  { prefix: '+1415555', zone: 'America/Los_Angeles' },
  { prefix: '+1808555', zone: 'Pacific/Honolulu' },
  { prefix: '+44207946', zone: 'Europe/London' },
  { prefix: '+49301234', zone: 'Europe/Berlin' },
  { prefix: '+9714300', zone: 'Asia/Dubai' },
  { prefix: '+9198765', zone: 'Asia/Calcutta', digits: 5 },
  { prefix: '+649300', zone: 'Pacific/Auckland' },
];
export function daytimeLead(n: number): { phone: string; zone: string } {
  const found = dayZones.find((c) => {
    const hour = DateTime.now().setZone(c.zone).hour;
    return hour >= 9 && hour < 19;
  });
  if (!found) throw new Error('no candidate zone is in its day now; add one');
  return { phone: `${found.prefix}${String(n).padStart(found.digits ?? 4, '0')}`, zone: found.zone };
}

/** A lead with a phone, texting a Baton number through Twilio's signed webhook. */
export class Lead {
  private sent = 0;
  constructor(
    private readonly baton: Baton,
    readonly phone: string,
    readonly to = batonNumber,
  ) {}

  async texts(body: string): Promise<void> {
    const params = {
      AccountSid: `AC${'2'.repeat(32)}`,
      MessageSid: `SM${randomUUID().replace(/-/g, '')}`,
      From: this.phone,
      To: this.to,
      Body: body,
      NumMedia: '0',
    };
    const path = '/webhooks/twilio/sms';
    const signature = twilio.getExpectedTwilioSignature(this.baton.authToken, `${this.baton.url}${path}`, params);
    const response = await fetch(`${this.baton.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params).toString(),
    });
    if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    this.sent++;
  }

  /** Everything Twilio was asked to send this lead, oldest first. */
  received(): string[] {
    return this.baton.twilio.created.filter((m) => m.to === this.phone).map((m) => m.body);
  }

  async receives(count: number, timeoutMs = 20_000): Promise<string[]> {
    return eventually(
      async () => {
        const got = this.received();
        return got.length >= count && got;
      },
      `${count} messages to ${this.phone} (have ${JSON.stringify(this.received())})`,
      timeoutMs,
    );
  }

  /** Waits until nothing else is on its way to this lead (see `settled`). */
  async settled(timeoutMs = 20_000): Promise<void> {
    const id = (await this.conversation()).id;
    await settled(async (path) => (await api(this.baton, 'GET', path, 'auditor')).body, id, this.sent, timeoutMs);
  }

  /** Once every decision is made and every send settled, nothing more went to the lead after the first `after`. */
  async hearsNothingMore(after: number): Promise<void> {
    await this.settled();
    expect(this.received().slice(after)).toEqual([]);
  }

  async conversation(role: Role = 'supervisor'): Promise<ConversationView> {
    return eventually(async () => {
      const list = await api<{ items: ConversationView[] }>(
        this.baton,
        'GET',
        `/v1/conversations?leadPhone=${encodeURIComponent(this.phone)}`,
        role,
      );
      return list.body.items[0];
    }, `the conversation of ${this.phone}`);
  }
}

export async function api<T = Record<string, unknown>>(
  baton: Baton,
  method: string,
  path: string,
  role: Role,
  body?: unknown,
  subject?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baton.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await baton.token(role, 'default', subject)}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/**
 * Waits for the facts that prove nothing else is on its way to a lead: the gateway recorded each of their
 * `texts`, conversation-state decided on every lead message (each has its signals recorded, the point where it
 * grants a turn or not), every turn it granted has the AI's reply on the gateway's record, and no send is still
 * waiting for its turn, queued or in flight. `read` GETs a /v1 path as an auditor.
 */
export async function settled(
  read: (path: string) => Promise<unknown>,
  conversationId: string,
  texts: number,
  timeoutMs = 20_000,
): Promise<void> {
  let last: Record<string, number> = {};
  await eventually(
    async () => {
      const { events } = (await read(`/v1/conversations/${conversationId}/events`)) as { events: { type: string }[] };
      const count = (name: string) => events.filter((e) => e.type === `baton.conversations.${name}.v1`).length;
      const { messages } = (await read(`/v1/conversations/${conversationId}/messages`)) as {
        messages: { author: string; status: string }[];
      };
      last = {
        texts,
        leadRows: messages.filter((m) => m.author === 'lead').length,
        recorded: count('lead-message.recorded'),
        keywords: count('opted-out') + count('opted-in'),
        signals: count('signal.recorded'),
        turns: count('turn.granted'),
        aiRows: messages.filter((m) => m.author === 'ai').length,
        inFlight: messages.filter((m) => ['awaiting_turn', 'ready', 'sending', 'unknown'].includes(m.status)).length,
      };
      return (
        last.leadRows! >= texts &&
        last.recorded! + last.keywords! >= last.leadRows! &&
        last.signals! >= last.recorded! &&
        last.aiRows! >= last.turns! &&
        last.inFlight === 0
      );
    },
    { what: `conversation ${conversationId} to settle`, timeoutMs },
  ).catch((error: Error) => {
    throw new Error(`${error.message}: ${JSON.stringify(last)}`);
  });
}

export async function eventTypes(baton: Baton, conversationId: string): Promise<string[]> {
  const { body } = await api<{ events: { type: string }[] }>(
    baton,
    'GET',
    `/v1/conversations/${conversationId}/events`,
    'auditor',
  );
  return body.events.map((e) => e.type);
}

/** A lead whose local time is between midnight and 6 a.m. right now (some such zone exists at any hour). */
export function leadInTheNight(): { phone: string; zone: string } {
  const candidates = [
    { phone: '+18085550100', zone: 'Pacific/Honolulu' },
    { phone: '+19075550100', zone: 'America/Anchorage' },
    { phone: '+14155550100', zone: 'America/Los_Angeles' },
    { phone: '+12125550100', zone: 'America/New_York' },
    { phone: '+442079460100', zone: 'Europe/London' },
    { phone: '+493012345670', zone: 'Europe/Berlin' },
    { phone: '+97142345670', zone: 'Asia/Dubai' },
    { phone: '+919812345670', zone: 'Asia/Kolkata' },
    { phone: '+81312345670', zone: 'Asia/Tokyo' },
    { phone: '+6494561230', zone: 'Pacific/Auckland' },
    { phone: '+5511987654321', zone: 'America/Sao_Paulo' },
  ];
  const found = candidates.find((c) => {
    const hour = DateTime.now().setZone(c.zone).hour;
    return hour >= 0 && hour < 6;
  });
  if (!found) throw new Error('no candidate zone is in its night now; add one');
  return found;
}

/** Posts a form to Baton as Twilio does, signed against the public URL. */
export async function twilioPost(
  baton: Baton,
  path: string,
  params: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const signature = twilio.getExpectedTwilioSignature(baton.authToken, `${baton.url}${path}`, params);
  const response = await fetch(`${baton.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, text: await response.text() };
}

/**
 * A lead calling a Baton number, and Twilio's side of the call: the signed voice webhook, then the
 * ConversationRelay socket Baton's TwiML names (through the public URL), with the lead's words as prompts.
 */
export class Caller {
  readonly callSid = `CA${randomUUID().replace(/-/g, '')}`;
  relay = new FakeConversationRelay();
  twiml = '';
  constructor(
    private readonly baton: Baton,
    readonly phone: string,
    readonly to = batonNumber,
  ) {}

  async calls(): Promise<this> {
    const answer = await twilioPost(this.baton, '/webhooks/twilio/voice', {
      AccountSid: `AC${'2'.repeat(32)}`,
      CallSid: this.callSid,
      From: this.phone,
      To: this.to,
      Direction: 'inbound',
      CallStatus: 'ringing',
    });
    if (answer.status !== 200) throw new Error(`voice webhook answered ${answer.status}: ${answer.text}`);
    this.twiml = answer.text;
    return this.connects(answer.text);
  }

  /** Twilio connects the relay its TwiML names (again after a redirect: the AI back on the line). */
  async connects(twiml: string): Promise<this> {
    const relay = relayOf(twiml);
    if (!relay) throw new Error(`no ConversationRelay in ${twiml}`);
    this.relay.close();
    this.relay = await new FakeConversationRelay().connect(relay.url, {
      authToken: this.baton.authToken,
      url: relay.url,
    });
    this.relay.setup(this.callSid, { from: this.phone, to: this.to });
    return this;
  }

  says(words: string): void {
    this.relay.say(words);
  }

  /** The AI's lines on this call, once there are `count`. */
  hears(count: number, timeoutMs = 20_000): Promise<string[]> {
    return eventually(
      async () => this.relay.lines.length >= count && [...this.relay.lines],
      `${count} lines on the call of ${this.phone} (have ${JSON.stringify(this.relay.lines)})`,
      timeoutMs,
    );
  }

  hangUp(): void {
    this.relay.close();
  }
}
