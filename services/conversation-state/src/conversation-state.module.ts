import { Module } from '@nestjs/common';
import { ConversationReadModel } from './adapters/conversation-read-model';
import { ConversationStreams } from './adapters/conversation-streams';
import { ConversationsRelay } from './adapters/conversations-relay';
import { HandoffPolicies } from './adapters/handoff-policies';
import { LiveCalls } from './adapters/live-calls';
import { RepDirectory } from './adapters/rep-directory';
import { ConversationHandlers } from './handlers/conversation-handlers';
import { CommandsController, ConversationsController } from './handlers/conversations.controller';
import { CommandOutcomes } from './adapters/command-outcomes';
import { SchedulingHandlers } from './handlers/scheduling-handlers';
import { TurnsController } from './handlers/turns.controller';
import { EventStreamController } from './handlers/event-stream.controller';
import { InboxController } from './handlers/inbox.controller';
import { MessageHints } from './adapters/message-hints';
import { ConversationFeed } from './adapters/conversation-feed';

/** conversation-state: the conversation aggregate; its event-store stream is the source of truth for who drives. */
@Module({
  controllers: [
    ConversationHandlers,
    SchedulingHandlers,
    ConversationsController,
    CommandsController,
    TurnsController,
    InboxController,
    EventStreamController,
  ],
  providers: [
    ConversationStreams,
    ConversationReadModel,
    ConversationsRelay,
    HandoffPolicies,
    LiveCalls,
    CommandOutcomes,
    RepDirectory,
    MessageHints,
    ConversationFeed,
  ],
  exports: [ConversationsRelay, ConversationReadModel],
})
export class ConversationStateModule {}
