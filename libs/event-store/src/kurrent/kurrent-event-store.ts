import {
  BACKWARDS,
  FORWARDS,
  KurrentDBClient,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import { PartialDuplicateAppend, WrongExpectedRevision } from '../errors';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  Subscription,
  SubscriptionOptions,
} from '../event-store.port';
import { PollingSubscription, type Page } from '../polling-subscription';
import {
  checkpointStream,
  classifyExisting,
  fromKurrentPosition,
  isAfter,
  isBatonInternal,
  toReadPosition,
  toStreamState,
  wasIdempotent,
} from './kurrent-mapping';

/** How far back an append with expected 'any' or 'stream_exists' looks for its own ids (KurrentDB's idempotency is a cache). */
const idempotencyWindow = 500n;

/**
 * The event store on KurrentDB. Subscriptions reuse the polling catch-up of the PostgreSQL adapter over
 * readAll, so both adapters keep checkpoints, `after` and caught-up the same way; a checkpoint is the last
 * event of the stream `baton-checkpoint-<name>`.
 */
export class KurrentEventStore implements EventStore {
  readonly adapter = 'kurrentdb';

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly pollIntervalMs: number,
  ) {}

  static async connect(
    connectionString: string,
    options: { pollIntervalMs?: number } = {},
  ): Promise<KurrentEventStore> {
    const store = new KurrentEventStore(
      KurrentDBClient.connectionString(connectionString),
      options.pollIntervalMs ?? 100,
    );
    await store.ping();
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const ids = events.map((e) => e.id);
    if (new Set(ids).size !== ids.length) throw new Error(`append to ${streamId} repeats an event id`);
    if (expected === 'any' || expected === 'stream_exists') {
      const answer = await this.existing(streamId, ids, idempotencyWindow);
      if (answer) return answer;
    }
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) =>
          jsonEvent({
            id: e.id,
            type: e.type,
            data: (e.data ?? null) as never,
            metadata: (e.metadata ?? {}) as never,
          }),
        ),
        { streamState: toStreamState(expected) },
      );
      const duplicate = wasIdempotent(expected, events.length, result.nextExpectedRevision) ?? false;
      return {
        nextRevision: result.nextExpectedRevision,
        duplicate,
        position: !duplicate && result.position ? fromKurrentPosition(result.position) : undefined,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const answer = await this.existing(streamId, ids, BigInt(ids.length) + idempotencyWindow);
      if (answer) return answer;
      const actual = error.actualState;
      throw new WrongExpectedRevision(streamId, expected, typeof actual === 'bigint' ? actual : 'no_stream');
    }
  }

  /** A retry of ids already in the stream answers as a no-op; some of them, a conflict. */
  private async existing(streamId: string, ids: string[], window: bigint): Promise<AppendResult | undefined> {
    const present = new Set<string>();
    let last: bigint | undefined;
    for await (const event of this.readStream(streamId, { direction: 'backwards', maxCount: Number(window) })) {
      last ??= event.revision;
      present.add(event.id);
    }
    const kind = classifyExisting(ids, present);
    if (kind === 'duplicate') return { nextRevision: last!, duplicate: true };
    if (kind === 'partial')
      throw new PartialDuplicateAppend(
        streamId,
        ids.filter((id) => present.has(id)),
      );
    return undefined;
  }

  async *readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<StoredEvent> {
    const backwards = options.direction === 'backwards';
    try {
      for await (const resolved of this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? 'end' : 'start'),
        ...(options.maxCount !== undefined ? { maxCount: options.maxCount } : {}),
      })) {
        const stored = toStored(resolved);
        if (stored) yield stored;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let after = options.after;
    let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = await this.readAllPage(after, Math.min(500, remaining), options.streamPrefix);
      for (const event of page.events) yield event;
      if (!page.scannedTo) return;
      remaining -= page.events.length;
      after = page.scannedTo;
    }
  }

  /** KurrentDB filters on the server, so every event read matches; the page ends where the last one is. */
  private async readAllPage(after: Position | undefined, limit: number, streamPrefix?: string): Promise<Page> {
    const out: StoredEvent[] = [];
    for await (const resolved of this.client.readAll({
      direction: FORWARDS,
      fromPosition: toReadPosition(after),
      maxCount: limit + 1,
      filter: streamPrefix ? streamNameFilter({ prefixes: [streamPrefix] }) : excludeSystemEvents(),
    })) {
      const stored = toStored(resolved);
      if (!stored || isBatonInternal(stored.streamId) || !isAfter(stored.position, after)) continue;
      out.push(stored);
      if (out.length === limit) break;
    }
    return { events: out, scannedTo: out[out.length - 1]?.position, scanned: out.length };
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return new PollingSubscription({
      options,
      pageSize: 500,
      pollIntervalMs: this.pollIntervalMs,
      readPage: (after, limit) => this.readAllPage(after, limit, options.streamPrefix),
      endOfAll: async () => {
        for await (const resolved of this.client.readAll({
          direction: BACKWARDS,
          fromPosition: 'end',
          maxCount: 1,
          filter: excludeSystemEvents(),
        })) {
          const stored = toStored(resolved);
          if (stored) return stored.position;
        }
        return { commit: 0n, prepare: 0n };
      },
      loadCheckpoint: (name) => this.checkpoint(name),
      saveCheckpoint: async (name, position) => {
        await this.client.appendToStream(
          checkpointStream(name),
          jsonEvent({
            type: 'baton.checkpoint',
            data: { commit: position.commit.toString(), prepare: position.prepare.toString() },
          }),
        );
      },
      onWake: () => () => undefined,
    });
  }

  async checkpoint(name: string): Promise<Position | undefined> {
    for await (const event of this.readStream(checkpointStream(name), { direction: 'backwards', maxCount: 1 })) {
      const data = event.data as { commit: string; prepare: string };
      return { commit: BigInt(data.commit), prepare: BigInt(data.prepare) };
    }
    return undefined;
  }

  async ping(): Promise<void> {
    for await (const _event of this.client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: 'end' })) break;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function toStored(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event || event.type.startsWith('$')) return undefined;
  const position =
    event.position ??
    (resolved.commitPosition !== undefined
      ? { commit: resolved.commitPosition, prepare: resolved.commitPosition }
      : undefined);
  return {
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : Buffer.from(event.data as Uint8Array).toString('base64'),
    metadata:
      (event.isJson || typeof event.metadata === 'object') && event.metadata && !(event.metadata instanceof Uint8Array)
        ? (event.metadata as Record<string, unknown>)
        : {},
    streamId: event.streamId,
    revision: event.revision,
    position: position ? fromKurrentPosition(position) : { commit: 0n, prepare: 0n },
    createdAt: event.created,
  };
}
