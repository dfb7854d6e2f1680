import { Module } from '@nestjs/common';
import { AgentHandlers } from './handlers/agent-handlers';

/** ai-agent: a replaceable reference AI sales agent that speaks only when granted a turn. */
@Module({ controllers: [AgentHandlers] })
export class AiAgentModule {}
