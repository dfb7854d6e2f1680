import { expectServiceToRun } from '@baton/service-runtime/testing';
import { schedulingService } from './service';

describe('scheduling', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(schedulingService));
});
