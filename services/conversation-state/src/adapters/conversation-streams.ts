import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@baton/decider';
import { EVENT_STORE } from '@baton/service-runtime';
import { WrongExpectedRevision, type EventStore } from '@baton/event-store';
import { decide, evolve, initialState, type Conversation, type ConversationCommand } from '../domain/conversation.decider';
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

const maxAttempts = 8;

/** Loads a conversation (read-model snapshot plus the stream's tail), decides, appends at the revision read. */
@Injectable()
export class ConversationStreams {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, private readonly readModel: ConversationReadModel) {}

  async load(tenantId: string, conversationId: string): Promise<{ state: Conversation; revision: bigint | undefined }> {
    const snapshot = await this.readModel.snapshot(tenantId, conversationId);
    let state = snapshot?.state ?? initialState();
    let revision = snapshot?.revision;
    const tail: ConversationEvent[] = [];
    for await (const stored of this.store.readStream(streamIdOf(tenantId, conversationId), { fromRevision: revision === undefined ? 0n : revision + 1n })) {
      const event = fromWire(stored.type, stored.data);
      if (event) tail.push(event);
      revision = stored.revision;
    }
    state = fold(evolve, state, tail);
    return { state, revision };
  }

  /**
   * Decides a command on the current state and appends the result; on a concurrent append, re-reads and
   * decides again. Event ids derive from the cause, so a redelivered cause appends nothing twice.
   */
  async decide(tenantId: string, conversationId: string, cause: Cause, command: (state: Conversation) => ConversationCommand | undefined): Promise<Decided> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(tenantId, conversationId);
      const next = command(state);
      if (!next) return { state, events: [], revision };
      const events = decide(next, state);
      if (events.length === 0) return { state, events, revision };
      try {
        const result = await this.store.append(streamIdOf(tenantId, conversationId), events.map((event, i) => ({
          id: derivedId(`${cause.id}:${i}`),
          type: wireType(event.type),
          data: toWireData(event),
          metadata: { tenantId, conversationId, correlationId: cause.correlationid, causationId: cause.id },
        })), revision === undefined ? 'no_stream' : revision);
        return { state: fold(evolve, state, events), events: result.duplicate ? [] : events, revision: result.nextRevision };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevision) || attempt >= maxAttempts) throw error;
      }
    }
  }
}
