import { Module } from '@nestjs/common';

/** conversation-state: the conversation aggregate: its event-store stream is the source of truth for who drives each conversation. */
@Module({})
export class ConversationStateModule {}
