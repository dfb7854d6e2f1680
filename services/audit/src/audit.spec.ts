import { expectServiceToRun } from '@baton/service-runtime/testing';
import { auditService } from './service';

describe('audit', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(auditService));
});
