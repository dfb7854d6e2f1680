import { expectServiceToRun } from '@baton/service-runtime/testing';
import { signalDetectorService } from './service';

describe('signal-detector', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(signalDetectorService));
});
