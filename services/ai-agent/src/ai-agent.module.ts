import { Module } from '@nestjs/common';
import { Transcripts } from './adapters/transcripts';
import { AgentHandlers } from './handlers/agent-handlers';

/** ai-agent: a replaceable reference AI sales agent that speaks only when granted a turn. */
@Module({ controllers: [AgentHandlers], providers: [Transcripts] })
export class AiAgentModule {}
