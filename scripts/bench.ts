// The load benchmark: scripted leads text through Twilio's signed webhook, reps work handoffs through the API,
// and the whole platform runs as it does in production (embedded: one `npm start` process on PGlite;
// distributed: seven processes over Kafka (librdkafka's mock cluster here) and PostgreSQL).
//
// Usage: npm run bench -- --mode embedded|distributed --conversations N --duration S [--warmup S] [--rate R] [--fetch-wait MS]
//        [--idle S] [--idle-fetch-wait MS] [--out-of-step] [--out file.json] [--dump file.jsonl]
//
// Prints JSON: inbound messages/s sustained; latency p50/p95/p99 from the webhook to signal.detected, to
// handoff.triggered, and to the AI's reply leaving the gate (Twilio's API receiving it); AI messages after a
// rep's message without a hand-back (must be 0); write transactions per inbound message; and, in the same
// run, the raw kafkajs produce-to-consume round trip on the same broker.
// Cost (issue 11): CPU ms per inbound message per process (from /proc: the services, PostgreSQL's backends for
// the run's database, the Kafka mock), with the idle rate measured first (--idle S, before any load) and
// subtracted; in distributed mode with --idle-fetch-wait, the idle rate also of a platform started on its own with
// that fetch wait (the production default, 5000 ms: the rate an idle platform costs on a real broker, since the
// mock's short --fetch-wait makes every consumer poll each broker 20 times a second); SQL statements, transactions and commits per inbound (the services' client-side counters); Kafka
// requests per inbound by API (kafkajs instrumentation events); each service process's peak resident memory (VmHWM).
// scripts/bench-suite.sh runs the set of runs
// whose JSON is in bench/results/.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import twilio from 'twilio';
import { Kafka, logLevel } from 'kafkajs';
import { derivedEventId } from '@baton/contracts';
import { LeadDirectory } from '../services/channel-gateway/src/adapters/lead-directory';
import {
  countersOf,
  CpuMeter,
  peakRssMbOf,
  idleRate,
  minus,
  productionTimers,
  round,
  type Counters,
  type CpuSnapshot,
} from './bench-cost';
import { startProcesses, type ProcessBaton } from '../services/embedded/test/harness';

const arg = (name: string, fallback?: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const mode = arg('mode', 'embedded') as 'embedded' | 'distributed';
if (mode !== 'embedded' && mode !== 'distributed') throw new Error('--mode must be embedded or distributed');
const conversations = Number(arg('conversations', '50'));
const durationS = Number(arg('duration', '30'));
const warmupS = Number(arg('warmup', '5'));
const rate = arg('rate') ? Number(arg('rate')) : undefined;
// librdkafka's mock holds an empty fetch for the whole wait (a real broker answers when data arrives): lower
// means shorter hops and more idle polling CPU.
const fetchWaitMs = arg('fetch-wait', '50')!;
const idleS = Number(arg('idle', '10'));
const idleFetchWaitMs = arg('idle-fetch-wait');
const outOfStep = process.argv.includes('--out-of-step');
const batonNumber = '+15125550100';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stats(values: number[]) {
  if (values.length === 0) return { n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: +sorted[sorted.length - 1]!.toFixed(1) };
}

interface Inbound {
  ackAt?: number;
  t0: number;
  measured: boolean;
  trigger: boolean;
  expectsReply: boolean;
  signalAt?: number;
  handoffAt?: number;
  grantedAt?: number;
  answeredAt?: number;
  replyAt?: number;
}

/** What one lead's phone has seen on the wire: for waiting on replies and counting AI lines after a rep's. */
interface Phone {
  waiting?: (at: number) => void;
  repSpoke: boolean;
  handedBack: boolean;
}

async function main(): Promise<void> {
  const inbound = new Map<string, Inbound>(); // by correlation id (the message.received event id)
  const onLog = (entry: Record<string, unknown>) => {
    const message = inbound.get(String(entry.correlationId));
    if (!message) return;
    const at = Date.parse(String(entry.time));
    if (entry.msg === 'signals detected') message.signalAt ??= at;
    else if (entry.msg === 'turn answered') message.answeredAt ??= at;
    if (Array.isArray(entry.appended) && entry.appended.includes('handoff.triggered')) message.handoffAt ??= at;
    if (Array.isArray(entry.appended) && entry.appended.includes('turn.granted')) message.grantedAt ??= at;
  };
  const extra = {
    ...productionTimers,
    BATON_QUIET_HOURS: JSON.stringify({ default: { default: { start: '00:00', end: '23:59' } } }),
    BATON_PUBLIC_URL: 'https://baton.bench',
  };
  // An idle platform at the production fetch wait first, started and stopped on its own.
  const idleAtFetchWait =
    mode === 'distributed' && idleFetchWaitMs !== undefined ? await idleRate(idleFetchWaitMs, extra, idleS) : undefined;
  const baton: ProcessBaton = await startProcesses({
    mode,
    onLog,
    keepLogs: false,
    extraTopics: ['bench.roundtrip'],
    extra: { ...extra, KAFKA_FETCH_MAX_WAIT_MS: fetchWaitMs },
  });
  baton.twilio.keep = false;
  const cpu = await CpuMeter.start(
    () => [
      ...baton.processes.map((p) => ({ name: p.name, pid: p.child.pid! })),
      ...(baton.kafkaPid ? [{ name: 'kafka-mock', pid: baton.kafkaPid }] : []),
    ],
    baton.databaseUrl,
  );
  const counters = async () =>
    Object.fromEntries(await Promise.all(baton.processes.map(async (p) => [p.name, await countersOf(p.url)] as const)));
  // The idle cost first: the platform started and nothing offered to it.
  await sleep(5000); // past the start-up work (migrations, first polls, group joins)
  const idleStart = { cpu: await cpu.snapshot(), counters: await counters(), at: Date.now() };
  await sleep(idleS * 1000);
  const idleEnd = { cpu: await cpu.snapshot(), counters: await counters(), at: Date.now() };
  const phones = new Map<string, Phone>();
  let aiAfterHuman = 0;
  let unanswered = 0;
  baton.twilio.onMessage = (m) => {
    const phone = phones.get(m.to);
    if (!phone) return;
    if (m.body.startsWith('Rep: ')) {
      phone.repSpoke = true;
      return;
    }
    if (phone.repSpoke && !phone.handedBack) aiAfterHuman++;
    const waiting = phone.waiting;
    phone.waiting = undefined;
    waiting?.(m.receivedAtMs);
  };

  const webhookPath = '/webhooks/twilio/sms';
  const gatewayUrl = baton.direct(webhookPath);
  const tokens = new Map<string, string>();
  const tokenOf = async (subject: string) => {
    let t = tokens.get(subject);
    if (!t) tokens.set(subject, (t = await baton.token('rep', 'default', subject)));
    return t;
  };
  const call = async (method: string, path: string, subject: string, body?: unknown) => {
    const response = await fetch(`${baton.direct(path)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await tokenOf(subject)}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  // An optional cap on the offered load, shared by every lead.
  let nextSlot = Date.now();
  const pace = async () => {
    if (!rate) return;
    const slot = Math.max(nextSlot, Date.now());
    nextSlot = slot + 1000 / rate;
    if (slot > Date.now()) await sleep(slot - Date.now());
  };

  const benchLoop = monitorEventLoopDelay({ resolution: 20 });
  benchLoop.enable();
  const started = Date.now();
  const measureFrom = started + warmupS * 1000;
  const endAt = measureFrom + durationS * 1000;
  let measuredInbound = 0;
  let handoffs = 0;
  let handBacks = 0;
  let phoneCounter = 2_000_000;

  const text = async (lead: string, phone: Phone, body: string, kind: { trigger?: boolean; expectsReply: boolean }) => {
    await pace();
    const sid = `SM${randomUUID().replace(/-/g, '')}`;
    const params = {
      AccountSid: `AC${'2'.repeat(32)}`,
      MessageSid: sid,
      From: lead,
      To: batonNumber,
      Body: body,
      NumMedia: '0',
    };
    const t0 = Date.now();
    const measured = t0 >= measureFrom && t0 < endAt;
    const message: Inbound = { t0, measured, trigger: Boolean(kind.trigger), expectsReply: kind.expectsReply };
    inbound.set(derivedEventId(`received:${sid}`), message);
    const reply = kind.expectsReply
      ? new Promise<number | undefined>((resolve) => {
          phone.waiting = resolve;
          setTimeout(() => resolve(undefined), 15_000);
        })
      : undefined;
    const response = await fetch(`${gatewayUrl}${webhookPath}`, {
      method: 'POST',
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(
          baton.authToken,
          `https://baton.bench${webhookPath}`,
          params,
        ),
      },
    });
    await response.text();
    message.ackAt = Date.now();
    if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
    if (measured) measuredInbound++;
    if (reply) {
      message.replyAt = await reply;
      if (message.replyAt === undefined) unanswered++;
    }
  };

  const triggers = [
    'can I just talk to a real person?',
    'my contract expires Friday, I need to move on this now',
    'what exact rate would you give me on a 30-year fixed?',
  ];
  const opening = [
    "Hi, I'm looking to refinance my house",
    'hoping to close in about 2 months',
    'somewhere around $400k',
  ];
  const leadLoop = async (slot: number) => {
    for (let round = 0; Date.now() < endAt; round++) {
      const lead = `+1512${phoneCounter++}`;
      const phone: Phone = { repSpoke: false, handedBack: false };
      phones.set(lead, phone);
      const conversationId = LeadDirectory.conversationIdOf('default', lead, batonNumber);
      const rep = `rep-${slot}`;
      // --out-of-step: a lead's first conversation skips slot % 4 of the opening lines. Started together, all the
      // leads reach the handoff (the costliest step) in the same second, a burst real traffic does not have, and
      // a tail latency then measures that burst. Off by default: it changes the mix of a short run's messages
      // (more handoffs per inbound), so the cost runs keep the script as it always was.
      for (const line of opening.slice(outOfStep && round === 0 ? slot % (opening.length + 1) : 0))
        await text(lead, phone, line, { expectsReply: true });
      await text(lead, phone, triggers[(slot + round) % triggers.length]!, { trigger: true, expectsReply: true });
      handoffs++;
      if (Date.now() >= endAt) break;
      // The rep jumps into the thread; the AI must stay quiet until the rep hands back.
      const sent = await call('POST', `/v1/conversations/${conversationId}/messages`, rep, {
        body: `Rep: Hi, this is ${rep}. I can help from here.`,
      });
      if (sent.status !== 202) throw new Error(`the rep's send answered ${sent.status}: ${JSON.stringify(sent.body)}`);
      await text(lead, phone, 'great, thanks!', { expectsReply: false });
      for (let i = 0; i < 40; i++) {
        if ((await call('GET', `/v1/conversations/${conversationId}`, rep)).body.driver === 'human') break;
        await sleep(250);
      }
      await sleep(500); // time for a wrongly granted AI line to show up
      phone.handedBack = true;
      const back = await call('POST', `/v1/conversations/${conversationId}/handback`, rep, {
        note: 'has timeline and amount',
      });
      if (back.status !== 200 && back.status !== 202)
        throw new Error(`the hand-back answered ${back.status}: ${JSON.stringify(back.body)}`);
      handBacks++;
      for (let i = 0; i < 40; i++) {
        if ((await call('GET', `/v1/conversations/${conversationId}`, rep)).body.driver === 'ai') break;
        await sleep(250);
      }
      await text(lead, phone, 'what else do you need from me?', { expectsReply: true });
    }
  };

  const commitsNow = async () => {
    const metrics = await (await fetch(`${baton.direct('/v1/conversations')}/metrics`)).text();
    return Number(/^baton_db_next_xid (\d+)/m.exec(metrics)?.[1]);
  };

  // The raw kafkajs round trip on the same brokers, with the services' fetch wait, while the load runs.
  const roundTrips: number[] = [];
  let stopRoundTrips = async () => undefined as void;
  if (baton.kafkaBrokers) {
    const kafka = new Kafka({ clientId: 'bench-roundtrip', brokers: baton.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: Number(fetchWaitMs) });
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: 'bench.roundtrip', fromBeginning: false });
    let assigned = false;
    consumer.on(consumer.events.GROUP_JOIN, () => (assigned = true));
    await consumer.run({
      eachMessage: async ({ message }) => {
        const sentAt = Number(message.value!.toString());
        if (sentAt >= measureFrom) roundTrips.push(Date.now() - sentAt);
      },
    });
    for (let i = 0; i < 200 && !assigned; i++) await sleep(50);
    let running = true;
    const loop = (async () => {
      while (running && Date.now() < endAt) {
        await producer.send({ topic: 'bench.roundtrip', acks: -1, messages: [{ value: String(Date.now()) }] });
        await sleep(50);
      }
    })();
    stopRoundTrips = async () => {
      running = false;
      await loop;
      await sleep(500);
      await consumer.disconnect();
      await producer.disconnect();
    };
  }

  let commitsAtStart = NaN;
  let loadStart: { cpu: CpuSnapshot; counters: Record<string, Counters>; at: number } | undefined;
  const startCommits = (async () => {
    await sleep(Math.max(0, measureFrom - Date.now()));
    commitsAtStart = await commitsNow();
    loadStart = { cpu: await cpu.snapshot(), counters: await counters(), at: Date.now() };
  })();
  const loops = Array.from({ length: conversations }, (_, i) => leadLoop(i));
  await startCommits;
  await sleep(Math.max(0, endAt - Date.now()));
  const loadEnd = { cpu: await cpu.snapshot(), counters: await counters(), at: Date.now() };
  const peakRssMb = Object.fromEntries(baton.processes.map((p) => [p.name, peakRssMbOf(p.child.pid!) ?? NaN]));
  await cpu.stop();
  const commitsAtEnd = await commitsNow();
  const inboundAtEnd = measuredInbound;
  await Promise.all(loops);
  await stopRoundTrips();
  await sleep(1000); // the last log lines
  await baton.stop();

  const measured = [...inbound.values()].filter((m) => m.measured);
  const since = (m: Inbound, at: number | undefined) => (at === undefined ? undefined : at - m.t0);
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  const result = {
    mode,
    conversations,
    durationS,
    warmupS,
    offeredRate: rate ?? 'unbounded (closed loop: each lead waits for the reply)',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    inbound: { messages: inboundAtEnd, perSecond: +(inboundAtEnd / durationS).toFixed(1) },
    latencyMs: {
      webhookAnswered: stats(defined(measured.map((m) => since(m, m.ackAt)))),
      webhookToSignalDetected: stats(defined(measured.map((m) => since(m, m.signalAt)))),
      webhookToHandoffTriggered: stats(defined(measured.filter((m) => m.trigger).map((m) => since(m, m.handoffAt)))),
      webhookToAiReplyLeavingGate: stats(
        defined(measured.filter((m) => m.expectsReply).map((m) => since(m, m.replyAt))),
      ),
      // the stages between, from the services' own log lines: where the time goes
      stages: {
        webhookToTurnGranted: stats(defined(measured.map((m) => since(m, m.grantedAt)))),
        webhookToTurnAnswered: stats(defined(measured.map((m) => since(m, m.answeredAt)))),
      },
    },
    handoffTriggersSent: handoffs,
    handoffsObserved: [...inbound.values()].filter((m) => m.handoffAt !== undefined).length,
    handBacks,
    unansweredWithin15s: unanswered,
    aiMessagesAfterHumanWithoutHandBack: aiAfterHuman,
    // Over the measured window (the scrape at its start reset them, the one at its end read them): the event loop's
    // delay in each process, and the embedded database's session (its longest hold, its longest edge wait).
    eventLoopDelayMs: {
      ...Object.fromEntries(
        Object.entries(loadEnd.counters).map(([name, c]) => [
          name,
          { max: c.peaks.loopDelayMaxMs, p99: c.peaks.loopDelayP99Ms },
        ]),
      ),
      benchDriver: { max: Math.round(benchLoop.max / 1e6), p99: Math.round(benchLoop.percentile(99) / 1e6) },
    },
    ...(loadEnd.counters.embedded?.peaks.sessionHeldMaxMs !== undefined
      ? {
          embeddedSessionMs: {
            heldMax: loadEnd.counters.embedded.peaks.sessionHeldMaxMs,
            edgeWaitMax: loadEnd.counters.embedded.peaks.edgeWaitMaxMs,
          },
        }
      : {}),
    // What the services warned about during the run, counted (a healthy run has few).
    warnings: Object.fromEntries([
      ...baton.processes
        .flatMap((p) =>
          p.logs
            .filter((l) => l.level === 'warn' || l.level === 'error')
            .map(
              (l) =>
                `${p.name}: ${String(l.msg)}${l.err ? ` (${String((l.err as { type?: string }).type)})` : ''}${l.msg === 'event dead-lettered' ? `: ${String(l.type ?? '')} ${String(l.reason ?? '').slice(0, 200)}` : ''}`,
            ),
        )
        .reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>()),
    ]),
    // The most each service process held resident over its life, start-up and load included.
    peakRssMb,
    writeTransactionsPerInbound: +((commitsAtEnd - commitsAtStart) / inboundAtEnd).toFixed(2),
    cost: {
      ...costOf(idleStart, idleEnd, loadStart!, loadEnd, inboundAtEnd),
      ...(idleAtFetchWait ? { idleAtProductionFetchWait: idleAtFetchWait } : {}),
    },
    rawKafkajsRoundTripMs: baton.kafkaBrokers
      ? { ...stats(roundTrips), fetchMaxWaitMs: Number(fetchWaitMs) }
      : 'no broker in embedded mode (in-process bus)',
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const out = arg('out');
  if (out)
    writeFileSync(
      out,
      `${JSON.stringify({ command: `npm run bench -- ${process.argv.slice(2).join(' ')}`, at: new Date().toISOString(), ...result }, null, 2)}\n`,
    );
  // Every measured message's timings (ms after the webhook), for a closer look at the tail.
  const dump = arg('dump');
  if (dump)
    writeFileSync(
      dump,
      measured
        .map((m) =>
          JSON.stringify({
            t0: m.t0 - measureFrom,
            ack: since(m, m.ackAt),
            signal: since(m, m.signalAt),
            granted: since(m, m.grantedAt),
            answered: since(m, m.answeredAt),
            reply: since(m, m.replyAt),
          }),
        )
        .join('\n'),
    );
}

interface Mark {
  cpu: CpuSnapshot;
  counters: Record<string, Counters>;
  at: number;
}

/** Cost per inbound message over the measured window, the idle rate (measured before any load) subtracted. */
function costOf(idleStart: Mark, idleEnd: Mark, loadStart: Mark, loadEnd: Mark, inbound: number) {
  const idleSeconds = (idleEnd.at - idleStart.at) / 1000;
  const loadSeconds = (loadEnd.at - loadStart.at) / 1000;
  const idleCpu = minus(idleEnd.cpu, idleStart.cpu);
  const loadCpu = minus(loadEnd.cpu, loadStart.cpu);
  const idleRate = Object.fromEntries(Object.entries(idleCpu).map(([k, v]) => [k, v / idleSeconds]));
  const perInbound = Object.fromEntries(
    Object.entries(loadCpu).map(([k, v]) => [k, round((v - idleRate[k]! * loadSeconds) / inbound)]),
  );
  const rawPerInbound = Object.fromEntries(Object.entries(loadCpu).map(([k, v]) => [k, round(v / inbound)]));
  const sum = (o: Record<string, number>) => round(Object.values(o).reduce((a, b) => a + b, 0));
  const delta = (end: Record<string, Counters>, start: Record<string, Counters>, per: number) => {
    const byProcess = Object.fromEntries(
      Object.keys(end).map((name) => {
        const e = end[name]!;
        const b = start[name]!;
        return [
          name,
          {
            statements: round((e.statements - b.statements) / per),
            transactions: round((e.transactions - b.transactions) / per),
            commits: round((e.commits - b.commits) / per),
            kafka: Object.fromEntries(
              Object.keys(e.kafka)
                .map((api) => [api, round((e.kafka[api]! - (b.kafka[api] ?? 0)) / per)])
                .filter(([, n]) => n !== 0),
            ),
          },
        ];
      }),
    );
    const all = Object.values(byProcess);
    const kafka: Record<string, number> = {};
    for (const p of all)
      for (const [api, n] of Object.entries(p.kafka) as [string, number][]) kafka[api] = round((kafka[api] ?? 0) + n);
    return {
      statements: round(all.reduce((a, p) => a + p.statements, 0)),
      transactions: round(all.reduce((a, p) => a + p.transactions, 0)),
      commits: round(all.reduce((a, p) => a + p.commits, 0)),
      kafkaRequests: kafka,
      byProcess,
    };
  };
  return {
    note: "CPU from /proc utime+stime (10 ms ticks); postgres = the backends of this run's database; SQL and Kafka counts are the services' client-side counters (statements exclude BEGIN/COMMIT; transactions include read-only ones)",
    idleSeconds: round(idleSeconds, 1),
    loadSeconds: round(loadSeconds, 1),
    idleCpuMsPerSecond: {
      ...Object.fromEntries(Object.entries(idleRate).map(([k, v]) => [k, round(v, 1)])),
      total: round(sum(idleRate), 1),
    },
    cpuMsPerInbound: { ...perInbound, total: sum(perInbound) },
    cpuMsPerInboundIdleIncluded: { ...rawPerInbound, total: sum(rawPerInbound) },
    perInbound: delta(loadEnd.counters, loadStart.counters, inbound),
    idlePerSecond: delta(idleEnd.counters, idleStart.counters, idleSeconds),
  };
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
