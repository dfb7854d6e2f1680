import { Module } from '@nestjs/common';

/** signal-detector: the four handoff signals (explicit request, high intent, out of confidence, sentiment shift). */
@Module({})
export class SignalDetectorModule {}
