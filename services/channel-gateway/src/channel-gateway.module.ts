import { Module } from '@nestjs/common';

/** channel-gateway: the edge to leads: Twilio SMS and voice webhooks, outbound sends, the dev channel, the send gate, consent, opt-out and quiet hours. */
@Module({})
export class ChannelGatewayModule {}
