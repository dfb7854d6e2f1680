import { Module } from '@nestjs/common';

/** ai-agent: a replaceable reference AI sales agent that speaks only when granted a turn. */
@Module({})
export class AiAgentModule {}
