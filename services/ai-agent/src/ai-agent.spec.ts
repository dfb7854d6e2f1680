import { expectServiceToRun } from '@baton/service-runtime/testing';
import { aiAgentService } from './service';

describe('ai-agent', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(aiAgentService));
});
