import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import type { Sql } from '@baton/sql';
import { ENV, SQL } from '@baton/service-runtime';
import { GATEWAY_CONFIG, readGatewayConfig, type GatewayConfig } from './config';
import { Inbound } from './adapters/inbound';
import { DeliveryUpdates } from './adapters/delivery-updates';
import { DevLeadChannel, TwilioLeadChannel, type LeadChannel } from './adapters/lead-channel';
import { LeadDirectory } from './adapters/lead-directory';
import { NumberRegistry } from './adapters/number-registry';
import { SendGateStore } from './adapters/send-gate-store';
import { LEAD_CHANNEL, Sender } from './adapters/sender';
import { Sweeper } from './adapters/sweeper';
import { OpenSendsGauge } from './adapters/open-sends-gauge';
import { GatewayHandlers } from './handlers/gateway-handlers';
import { MessagesController } from './handlers/messages.controller';
import { NumbersController } from './handlers/numbers.controller';
import { WebhooksController } from './handlers/webhooks.controller';

/** channel-gateway: the only component that talks to leads, and the send gate that makes two voices impossible. */
@Module({
  controllers: [WebhooksController, MessagesController, NumbersController, GatewayHandlers],
  providers: [
    { provide: GATEWAY_CONFIG, inject: [ENV], useFactory: (env: NodeJS.ProcessEnv) => readGatewayConfig(env) },
    {
      provide: LEAD_CHANNEL,
      inject: [GATEWAY_CONFIG, SQL],
      useFactory: (config: GatewayConfig, sql: Sql) => config.twilio
        ? new TwilioLeadChannel(config.TWILIO_ACCOUNT_SID!, config.TWILIO_AUTH_TOKEN!, config.BATON_PUBLIC_URL ? `${config.BATON_PUBLIC_URL}/webhooks/twilio/status` : undefined,
          config.TWILIO_API_BASE_URL, config.TWILIO_TIMEOUT_MS)
        : new DevLeadChannel(sql),
    },
    SendGateStore, LeadDirectory, NumberRegistry, Sender, Inbound, Sweeper, DeliveryUpdates, OpenSendsGauge,
  ],
})
export class ChannelGatewayModule implements OnModuleInit {
  constructor(@Inject(LEAD_CHANNEL) private readonly channel: LeadChannel) {}

  async onModuleInit(): Promise<void> {
    if (this.channel instanceof DevLeadChannel) await this.channel.migrate();
  }
}
