import type { ServiceDefinition } from '@baton/service-runtime';
import { BriefingModule } from './briefing.module';

export const briefingService: ServiceDefinition = { name: 'briefing', modules: [BriefingModule] };
