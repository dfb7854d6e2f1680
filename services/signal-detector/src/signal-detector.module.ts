import { Module } from '@nestjs/common';

import { SignalEngines } from './adapters/signal-engines';
import { MessageHandlers } from './handlers/message-handlers';

/** signal-detector: the four handoff signals on every lead message, read in the conversation's context. */
@Module({ controllers: [MessageHandlers], providers: [SignalEngines] })
export class SignalDetectorModule {}
