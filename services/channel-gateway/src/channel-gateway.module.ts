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
import { CALL_LINE, LEAD_CHANNEL, Sender } from './adapters/sender';
import { CALL_CONTROL, NoCallControl, TwilioCallControl } from './adapters/call-control';
import { CallStore } from './adapters/call-store';
import { RelaySessions } from './adapters/relay-sessions';
import { RepRoster } from './adapters/rep-roster';
import { VoiceCalls } from './adapters/voice-calls';
import { WarmTransfers } from './adapters/warm-transfers';
import type { SendRow } from './adapters/send-gate-store';
import type { Directive } from './domain/send-gate';
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
      useFactory: (config: GatewayConfig, sql: Sql) =>
        config.twilio
          ? new TwilioLeadChannel(
              config.TWILIO_ACCOUNT_SID!,
              config.TWILIO_AUTH_TOKEN!,
              config.BATON_PUBLIC_URL ? `${config.BATON_PUBLIC_URL}/webhooks/twilio/status` : undefined,
              config.TWILIO_API_BASE_URL,
              config.TWILIO_TIMEOUT_MS,
            )
          : new DevLeadChannel(sql),
    },
    {
      provide: CALL_CONTROL,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) =>
        config.twilio
          ? new TwilioCallControl(
              config.TWILIO_ACCOUNT_SID!,
              config.TWILIO_AUTH_TOKEN!,
              config.TWILIO_API_BASE_URL,
              config.TWILIO_TIMEOUT_MS,
            )
          : new NoCallControl(),
    },
    { provide: CALL_LINE, useExisting: WarmTransfers },
    SendGateStore,
    LeadDirectory,
    NumberRegistry,
    Sender,
    Inbound,
    Sweeper,
    DeliveryUpdates,
    OpenSendsGauge,
    CallStore,
    RelaySessions,
    RepRoster,
    VoiceCalls,
    WarmTransfers,
  ],
})
export class ChannelGatewayModule implements OnModuleInit {
  constructor(
    @Inject(LEAD_CHANNEL) private readonly channel: LeadChannel,
    relay: RelaySessions,
    inbound: Inbound,
    sender: Sender,
    voice: VoiceCalls,
    transfers: WarmTransfers,
  ) {
    // The lead's words on a call take the texts' path: recorded once, then message.received (channel voice).
    relay.utterance = (words) => inbound.take(words);
    // A send is decided once the lead's texts taken before it are processed (Inbound depends on Sender).
    sender.catchUp = (tenantId, conversationId) => inbound.catchUp(tenantId, conversationId);
    relay.started = (call) => voice.sessionStarted(call);
    // A line another gateway process decided, said on the socket this one holds.
    relay.forwarded = async (message) => {
      await transfers.sayHere(message.row as SendRow, message.directive as Directive | undefined);
    };
  }

  async onModuleInit(): Promise<void> {
    if (this.channel instanceof DevLeadChannel) await this.channel.migrate();
  }
}
