import { Module } from '@nestjs/common';
import { ENV } from '@baton/service-runtime';
import { SignalEngines } from './adapters/signal-engines';
import { MessageHandlers } from './handlers/message-handlers';
import { readSignalConfig, SIGNAL_CONFIG } from './config';

/** signal-detector: the four handoff signals on every lead message, read in the conversation's context. */
@Module({
  controllers: [MessageHandlers],
  providers: [
    { provide: SIGNAL_CONFIG, inject: [ENV], useFactory: (env: NodeJS.ProcessEnv) => readSignalConfig(env) },
    SignalEngines,
  ],
})
export class SignalDetectorModule {}
