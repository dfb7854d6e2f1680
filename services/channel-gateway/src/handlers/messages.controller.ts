import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import {
  AllowRoles,
  CLOCK,
  CurrentPrincipal,
  ValidBody,
  ValidQuery,
  type Clock,
  type Principal,
} from '@baton/service-runtime';
import { DevLeadMessageBody, DevOutboxQuery, PlaceCallBody, RepMessageBody } from '@baton/contracts';
import { randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { DevLeadChannel, type LeadChannel } from '../adapters/lead-channel';
import { Inbound } from '../adapters/inbound';
import { LeadDirectory } from '../adapters/lead-directory';
import { LEAD_CHANNEL, Sender } from '../adapters/sender';
import { VoiceCalls } from '../adapters/voice-calls';

const e164 = /^\+[1-9]\d{6,14}$/;
const conversationId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@Controller('v1')
export class MessagesController {
  constructor(
    private readonly sender: Sender,
    private readonly inbound: Inbound,
    private readonly directory: LeadDirectory,
    @Inject(LEAD_CHANNEL) private readonly channel: LeadChannel,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly voice: VoiceCalls,
  ) {}

  /**
   * A rep has the AI call the lead: placed under the call rules (call consent, opt-out, quiet hours in the lead's
   * time, three calls in 24 hours in FL, OK and MD) or refused with a 409 problem naming the rule.
   */
  @Post('conversations/:id/calls')
  @HttpCode(201)
  @AllowRoles('rep', 'supervisor')
  async placeCall(
    @CurrentPrincipal() who: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id') id: string,
    @ValidBody(PlaceCallBody) body: PlaceCallBody,
  ) {
    if (!(await this.address(who.tenantId, id))) throw new NotFoundException(`no conversation ${id.slice(0, 64)}`);
    if (!this.config.twilio) throw new HttpException('calls need Twilio: TWILIO_ACCOUNT_SID is not set', 503);
    const outcome = await this.voice.place({
      tenantId: who.tenantId,
      conversationId: id,
      idempotencyKey: key ? `call:${who.tenantId}:${key}` : `call:${randomUUID()}`,
      author: 'rep',
      ...(body.reason ? { reason: body.reason } : {}),
    });
    if (outcome.kind === 'refused') throw new HttpException({ message: outcome.detail, code: outcome.reason }, 409);
    return { callSid: outcome.callSid, repeated: outcome.repeated };
  }

  /** A rep sends: through the same gate, and the AI is fenced off in the same transaction that records it. */
  @Post('conversations/:id/messages')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  async repSends(
    @CurrentPrincipal() who: Principal,
    @Headers('idempotency-key') key: string | undefined,
    @Param('id') id: string,
    @ValidBody(RepMessageBody) body: RepMessageBody,
  ) {
    if (!body.body.trim()) throw new BadRequestException('body must not be blank');
    const repId = body.repId ?? (who.role === 'rep' ? who.subject : undefined);
    if (!repId) throw new BadRequestException('repId is required when a supervisor sends for a rep');
    if (who.role === 'rep' && repId !== who.subject) throw new ForbiddenException('a rep sends only as themself');
    // Only into a thread the gateway knows in the caller's tenant: nothing is sent, or recorded, for another id.
    if (!(await this.address(who.tenantId, id))) throw new NotFoundException(`no conversation ${id.slice(0, 64)}`);
    // A retried request with the same key answers with the first one's outcome and sends nothing.
    const outcome = await this.sender.requestAndDeliver({
      tenantId: who.tenantId,
      conversationId: id,
      idempotencyKey: key ? `rep:${who.tenantId}:${key}` : `rep:${randomUUID()}`,
      author: 'rep',
      repId,
      channel: 'sms',
      body: body.body,
    });
    const row = outcome.row;
    const kind = row?.status === 'blocked' ? 'block' : row?.status === 'deferred' ? 'defer' : 'send';
    return {
      sendId: outcome.sendId,
      kind,
      status: outcome.status,
      repeated: outcome.repeated,
      ...(row?.reason ? { reason: row.reason } : {}),
      ...(row?.detail ? { detail: row.detail } : {}),
      ...(row?.deferredUntil ? { until: row.deferredUntil } : {}),
      ...(row?.providerSid ? { providerMessageId: row.providerSid } : {}),
    };
  }

  /** The transcript: each message with its author and delivery status. */
  @Get('conversations/:id/messages')
  async transcript(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const address = await this.address(who.tenantId, id);
    if (!address) throw new NotFoundException(`no conversation ${id.slice(0, 64)}`);
    return {
      conversationId: id,
      leadPhone: address.leadPhone,
      batonNumber: address.batonNumber,
      messages: await this.inbound.transcript(who.tenantId, address.leadPhone, address.batonNumber, id),
    };
  }

  /** Plays a lead, with no Twilio account: the same path as a signed webhook, after the signature. */
  @Post('dev/leads/:phone/messages')
  @HttpCode(202)
  async devLead(@Param('phone') lead: string, @ValidBody(DevLeadMessageBody) body: DevLeadMessageBody) {
    this.devOnly();
    // The path parameter arrives decoded (%2B15125550100 is +15125550100).
    if (!e164.test(lead)) throw new BadRequestException('phone must be an E.164 number, e.g. +15125550100');
    const to = body.to ?? '+15005550006';
    const text = {
      providerMessageId: `DEV${randomUUID().replace(/-/g, '')}`,
      tenantId: 'default',
      from: lead,
      to,
      body: body.body,
      receivedAt: this.clock.now().toISOString(),
    };
    // Taken and processed before the answer, so a developer's next call sees what it meant (no provider retries here).
    await this.inbound.take(text);
    return { accepted: true, providerMessageId: text.providerMessageId };
  }

  @Get('dev/outbox')
  async outbox(@ValidQuery(DevOutboxQuery) query: DevOutboxQuery) {
    this.devOnly();
    return { messages: await (this.channel as DevLeadChannel).outbox(query.limit ?? 100) };
  }

  /** The thread of a conversation the gateway holds in this tenant (ids are UUIDs: any other shape names none). */
  private address(tenantId: string, id: string) {
    return conversationId.test(id) ? this.directory.find(tenantId, id) : Promise.resolve(undefined);
  }

  private devOnly(): void {
    if (this.config.twilio || !(this.channel instanceof DevLeadChannel))
      throw new NotFoundException('the dev channel is off while Twilio is configured');
  }
}
