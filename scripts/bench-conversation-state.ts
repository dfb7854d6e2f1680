// conversation-state on PostgreSQL: decide+append latency per command (load, decide, append at the revision read),
// and the time to rebuild every conversation's state from the store.
// Usage: npm run bench:conversation-state -- [--commands 2000] [--conversations 10000] [--concurrency 8]
import { randomUUID } from 'node:crypto';
import { fold } from '@baton/decider';
import { PostgresEventStore, type NewEvent } from '@baton/event-store';
import { createTestDatabase } from '@baton/testing';
import { ConversationReadModel } from '../services/conversation-state/src/adapters/conversation-read-model';
import { ConversationStreams } from '../services/conversation-state/src/adapters/conversation-streams';
import {
  decide,
  evolve,
  initialState,
  type Conversation,
  type ConversationCommand,
} from '../services/conversation-state/src/domain/conversation.decider';
import {
  derivedId,
  fromWire,
  streamIdOf,
  toWireData,
  wireType,
} from '../services/conversation-state/src/domain/conversation.wire';
import { defaultHandoffPolicy } from '../services/conversation-state/src/domain/handoff-policy';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const lead = { leadPhone: '+15125550100', batonNumber: '+15125550199', channel: 'sms' as const };
const context = { repAvailable: false, withinBusinessHours: true, onLiveCall: false };

/** Six lead messages with their signals and a rep taking over: 20 facts, as a live conversation has them. */
function conversationCommands(): ConversationCommand[] {
  const at = new Date().toISOString();
  const commands: ConversationCommand[] = [];
  for (let m = 0; m < 6; m++) {
    const messageId = randomUUID();
    commands.push({ type: 'record-lead-message', messageId, at, lead });
    commands.push({
      type: 'record-signals',
      messageId,
      signals: [],
      at,
      turnId: randomUUID(),
      policy: defaultHandoffPolicy,
      context,
    });
  }
  commands.push({ type: 'take-over', repId: 'rep-1', via: 'claim', at, policy: defaultHandoffPolicy });
  return commands;
}

async function main(): Promise<void> {
  const db = await createTestDatabase({ require: 'postgres' });
  const sql = await db.open({ poolSize: 12 });
  try {
    const store = await PostgresEventStore.open(sql);
    const readModel = new ConversationReadModel(sql);
    await readModel.onModuleInit();
    const streams = new ConversationStreams(store, readModel);

    // 1. decide+append per command, through the same code the service runs.
    const commandCount = arg('commands', 2000);
    const concurrency = arg('concurrency', 8);
    const latencies: number[] = [];
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < commandCount) {
          const conversationId = `bench-${randomUUID()}`;
          for (const command of conversationCommands()) {
            if (next++ >= commandCount) break;
            const t0 = process.hrtime.bigint();
            // one transaction per command, as a consumer batch of one: the append and the read model together
            await sql.transaction((tx) =>
              streams.decide(
                tx,
                't1',
                conversationId,
                { id: randomUUID(), correlationid: randomUUID() },
                () => command,
              ),
            );
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          }
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    latencies.sort((a, b) => a - b);

    // 2. 10,000 conversations of 20 events each, written in batches, then rebuilt from the global order.
    const conversations = arg('conversations', 10_000);
    const batches: Promise<unknown>[] = [];
    let written = 0;
    for (let c = 0; c < conversations; c++) {
      let state: Conversation = initialState();
      const events: NewEvent[] = [];
      const conversationId = `rebuild-${c}-${randomUUID().slice(0, 8)}`;
      for (const command of conversationCommands()) {
        for (const event of decide(command, state)) {
          state = evolve(state, event);
          events.push({
            id: derivedId(`${conversationId}:${events.length}`),
            type: wireType(event.type),
            data: toWireData(event),
            metadata: { tenantId: 't2', conversationId },
          });
        }
      }
      written += events.length;
      batches.push(store.append(streamIdOf('t2', conversationId), events, 'no_stream'));
      if (batches.length >= 64) await Promise.all(batches.splice(0));
    }
    await Promise.all(batches);
    const rebuildStart = process.hrtime.bigint();
    const states = new Map<string, Conversation>();
    let read = 0;
    for await (const stored of store.readAll({ streamPrefix: 'conversation-t2-' })) {
      const event = fromWire(stored.type, stored.data);
      if (!event) continue;
      states.set(stored.streamId, evolve(states.get(stored.streamId) ?? initialState(), event));
      read++;
    }
    const rebuildSeconds = Number(process.hrtime.bigint() - rebuildStart) / 1e9;
    const sample = [...states.values()][0]!;
    if (states.size !== conversations || sample.driver !== 'human' || fold(evolve, initialState(), []).driver !== 'ai')
      throw new Error('rebuild did not reproduce the conversations');

    console.log(
      JSON.stringify(
        {
          decideAndAppend: {
            commands: latencies.length,
            concurrency,
            commandsPerSecond: Math.round(latencies.length / elapsed),
            latencyMs: {
              p50: +percentile(latencies, 50).toFixed(2),
              p99: +percentile(latencies, 99).toFixed(2),
              max: +latencies[latencies.length - 1]!.toFixed(2),
            },
          },
          rebuild: {
            conversations: states.size,
            eventsWritten: written,
            eventsRead: read,
            seconds: +rebuildSeconds.toFixed(2),
            eventsPerSecond: Math.round(read / rebuildSeconds),
          },
        },
        null,
        2,
      ),
    );
    await store.close();
  } finally {
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
