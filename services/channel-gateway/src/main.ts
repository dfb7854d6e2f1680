import { runService } from '@baton/service-runtime';
import { channelGatewayService } from './service';

runService(channelGatewayService);
