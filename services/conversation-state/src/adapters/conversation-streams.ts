import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@baton/decider';
import { EVENT_STORE } from '@baton/service-runtime';
import { WrongExpectedRevision, type EventStore } from '@baton/event-store';
import type { Transaction } from '@baton/sql';
import {
  decide,
  evolve,
  initialState,
  type Conversation,
  type ConversationCommand,
} from '../domain/conversation.decider';
import type { ConversationEvent } from '../domain/conversation.events';
import { derivedId, fromWire, streamIdOf, toWireData, wireType } from '../domain/conversation.wire';
import { ConversationReadModel } from './conversation-read-model';

export interface Cause {
  id: string;
  correlationid: string;
}

export interface Decided {
  state: Conversation;
  events: ConversationEvent[];
  /** The stream revision after the append (or as read, when nothing was appended). */
  revision: bigint | undefined;
}

interface Held {
  state: Conversation;
  revision: bigint | undefined;
}

const maxAttempts = 8;
/** Conversations kept in memory (the ones in play); the rest are loaded from their snapshot when they come back. */
const heldAtMost = 20_000;

/**
 * The conversations this instance decides, kept in memory: loaded once (the read model's snapshot, when it is
 * of the decider's current schema, plus the stream's tail), then moved by what this instance appends. The
 * stream stays the truth: every append states the revision it was decided at, and a conflict (another
 * instance appended, after a rebalance) drops the held state and reads the stream again. Inside a consumer
 * batch the append, the read model and the command outcomes are one transaction.
 */
@Injectable()
export class ConversationStreams {
  private readonly held = new Map<string, Held>();
  // What a batch's transaction has appended but not yet committed: seen by its later events, by no one else.
  private readonly pending = new WeakMap<Transaction, Map<string, Held>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: ConversationReadModel,
  ) {}

  /** The conversation as the stream has it (held state, or snapshot plus tail). */
  async load(tenantId: string, conversationId: string, tx?: Transaction): Promise<Held> {
    const key = `${tenantId}/${conversationId}`;
    const known = (tx && this.pending.get(tx)?.get(key)) ?? this.held.get(key);
    if (known) return known;
    return this.read(tenantId, conversationId);
  }

  /** From the store, ignoring what is held: for reads that must reflect the stream (an API GET). */
  async read(tenantId: string, conversationId: string): Promise<Held> {
    const snapshot = await this.readModel.snapshot(tenantId, conversationId);
    let state = snapshot?.state ?? initialState();
    let revision = snapshot?.revision;
    const tail: ConversationEvent[] = [];
    for await (const stored of this.store.readStream(streamIdOf(tenantId, conversationId), {
      fromRevision: revision === undefined ? 0n : revision + 1n,
    })) {
      const event = fromWire(stored.type, stored.data);
      if (event) tail.push(event);
      revision = stored.revision;
    }
    state = fold(evolve, state, tail);
    return { state, revision };
  }

  /**
   * Decides a command on the current state and appends the result in the transaction; on a concurrent append,
   * reads again and decides again. Event ids derive from the cause, so a redelivered cause appends nothing twice.
   */
  async decide(
    tx: Transaction,
    tenantId: string,
    conversationId: string,
    cause: Cause,
    command: (state: Conversation) => ConversationCommand | undefined,
  ): Promise<Decided> {
    const key = `${tenantId}/${conversationId}`;
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(tenantId, conversationId, tx);
      const next = command(state);
      if (!next) return { state, events: [], revision };
      const events = decide(next, state);
      if (events.length === 0) return { state, events, revision };
      try {
        const result = await this.store.append(
          streamIdOf(tenantId, conversationId),
          events.map((event, i) => ({
            id: derivedId(`${cause.id}:${i}`),
            type: wireType(event.type),
            data: toWireData(event),
            metadata: { tenantId, conversationId, correlationId: cause.correlationid, causationId: cause.id },
          })),
          revision === undefined ? 'no_stream' : revision,
        );
        if (result.duplicate) {
          // A redelivery of what is stored already: what is held was behind the stream.
          this.forget(tx, key);
          return { ...(await this.read(tenantId, conversationId)), events: [] };
        }
        const after: Held = { state: fold(evolve, state, events), revision: result.nextRevision };
        this.stage(tx, tenantId, conversationId, after);
        return { state: after.state, events, revision: result.nextRevision };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= maxAttempts) throw error;
        this.forget(tx, key);
      }
    }
  }

  /** The new state is seen by the rest of the batch at once, held once the batch commits, and written with it. */
  private stage(tx: Transaction, tenantId: string, conversationId: string, after: Held): void {
    const key = `${tenantId}/${conversationId}`;
    let staged = this.pending.get(tx);
    if (!staged) {
      staged = new Map();
      this.pending.set(tx, staged);
      const all = staged;
      // One read-model row per conversation per batch, written just before the batch commits.
      tx.beforeCommit(async () => {
        for (const [k, held] of all) {
          const [t, c] = k.split('/') as [string, string];
          await this.readModel.save(tx, t, c, held.revision!, held.state);
        }
      });
      tx.afterCommit(() => {
        for (const [k, held] of all) this.hold(k, held);
      });
      tx.afterRollback(() => {
        for (const k of all.keys()) this.held.delete(k);
      });
    }
    staged.set(key, after);
  }

  private hold(key: string, held: Held): void {
    this.held.delete(key);
    if (this.held.size >= heldAtMost) this.held.delete(this.held.keys().next().value!);
    this.held.set(key, held);
  }

  private forget(tx: Transaction, key: string): void {
    this.held.delete(key);
    this.pending.get(tx)?.delete(key);
  }
}
