import { runService } from '@baton/service-runtime';
import { aiAgentService } from './service';

runService(aiAgentService);
