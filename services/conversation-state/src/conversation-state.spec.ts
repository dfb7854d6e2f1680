import { expectServiceToRun } from '@baton/service-runtime/testing';
import { conversationStateService } from './service';

describe('conversation-state', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () =>
    expectServiceToRun(conversationStateService));
});
