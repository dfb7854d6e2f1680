import { expectServiceToRun } from '@baton/service-runtime/testing';
import { briefingService } from './service';

describe('briefing', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(briefingService));
});
