/**
 * A position in the store's global order. Two numbers, as KurrentDB has them: for PostgreSQL `commit`
 * is the appending transaction's id and `prepare` the event's sequence number, so the order is
 * (commit, prepare) and a reader never steps past a transaction that is still open.
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}
export const startOfAll: Position = { commit: 0n, prepare: 0n };
export const comparePositions = (a: Position, b: Position): number =>
  a.commit === b.commit ? (a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1) : a.commit < b.commit ? -1 : 1;

export interface NewEvent {
  /** UUID; appending an id the stream already holds is a no-op. */
  id: string;
  type: string;
  data: unknown;
  metadata?: Record<string, unknown>;
}

export interface StoredEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: bigint;
  position: Position;
  createdAt: Date;
}

/** `no_stream`: the stream must not exist; `stream_exists`: it must; a number: its last revision must be this one. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendResult {
  /** The revision of the last event of the stream after the append. */
  nextRevision: bigint;
  /** Where the last appended event sits in the global order; undefined when nothing was written. */
  position?: Position;
  /** True when every event id was already in the stream, so nothing was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive; defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  after?: Position;
  maxCount?: number;
  /** Only events of streams with this prefix. */
  streamPrefix?: string;
}

export interface SubscriptionOptions {
  /** A durable subscription keeps its checkpoint in the store under this name and resumes after it. */
  name?: string;
  /** Where an unnamed subscription (or a named one with no checkpoint yet) starts: 'start', 'end' or after a position. */
  from?: 'start' | 'end' | Position;
  /** Only events of streams with this prefix. */
  streamPrefix?: string;
  /** Called one event at a time, in global order; when it throws the subscription stops with that error. */
  onEvent?: (event: StoredEvent) => Promise<void>;
  /**
   * Instead of onEvent: called with each page's events at once, in global order (one round trip for many,
   * as a relay wants); the position moves past them only when it resolves.
   */
  onEvents?: (events: StoredEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
  /**
   * A durable subscription saves its checkpoint at most this often (default: after every page). Handlers are
   * idempotent by event id, so a restart handling again what came after the last save costs work, not truth.
   */
  checkpointEveryMs?: number;
}

export interface Subscription {
  /** The position of the last event handled. */
  readonly position: Position | undefined;
  /** Resolves once everything in the store at call time has been handled. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

export interface EventStore {
  readonly adapter: string;
  append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  subscribeToAll(options: SubscriptionOptions): Subscription;
  /** The stored checkpoint of a durable subscription, if any. */
  checkpoint(name: string): Promise<Position | undefined>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
