import type { ServiceDefinition } from '@baton/service-runtime';
import { AiAgentModule } from './ai-agent.module';

export const aiAgentService: ServiceDefinition = { name: 'ai-agent', modules: [AiAgentModule] };
