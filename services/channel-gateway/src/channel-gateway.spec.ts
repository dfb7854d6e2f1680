import { expectServiceToRun } from '@baton/service-runtime/testing';
import { channelGatewayService } from './service';

describe('channel-gateway', () => {
  it('starts on embedded defaults, reports ready, and stops cleanly', () => expectServiceToRun(channelGatewayService));
});
