import type { ServiceDefinition } from '@baton/service-runtime';
import { ChannelGatewayModule } from './channel-gateway.module';

export const channelGatewayService: ServiceDefinition = { name: 'channel-gateway', modules: [ChannelGatewayModule] };
