import type { ServiceDefinition } from '@baton/service-runtime';
import { SchedulingModule } from './scheduling.module';

export const schedulingService: ServiceDefinition = { name: 'scheduling', modules: [SchedulingModule] };
