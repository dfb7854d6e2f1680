import type { ServiceDefinition } from '@baton/service-runtime';
import { SignalDetectorModule } from './signal-detector.module';

export const signalDetectorService: ServiceDefinition = { name: 'signal-detector', modules: [SignalDetectorModule] };
