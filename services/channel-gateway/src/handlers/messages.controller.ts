import { BadRequestException, Body, Controller, ForbiddenException, Get, Headers, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { AllowRoles, CLOCK, CurrentPrincipal, ValidBody, type Clock, type Principal } from '@baton/service-runtime';
import { RepMessageBody } from '@baton/contracts';
import { randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { DevLeadChannel, type LeadChannel } from '../adapters/lead-channel';
import { Inbound } from '../adapters/inbound';
import { LeadDirectory } from '../adapters/lead-directory';
import { LEAD_CHANNEL, Sender } from '../adapters/sender';

const e164 = /^\+[1-9]\d{6,14}$/;

@Controller('v1')
export class MessagesController {
  constructor(
    private readonly sender: Sender,
    private readonly inbound: Inbound,
    private readonly directory: LeadDirectory,
    @Inject(LEAD_CHANNEL) private readonly channel: LeadChannel,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A rep sends: through the same gate, and the AI is fenced off in the same transaction that records it. */
  @Post('conversations/:id/messages')
  @HttpCode(202)
  @AllowRoles('rep', 'supervisor')
  async repSends(@CurrentPrincipal() who: Principal, @Headers('idempotency-key') key: string | undefined, @Param('id') id: string,
    @ValidBody(RepMessageBody) body: RepMessageBody) {
    if (!body.body.trim()) throw new BadRequestException('body must not be blank');
    const repId = body.repId ?? (who.role === 'rep' ? who.subject : undefined);
    if (!repId) throw new BadRequestException('repId is required when a supervisor sends for a rep');
    if (who.role === 'rep' && repId !== who.subject) throw new ForbiddenException('a rep sends only as themself');
    // A retried request with the same key answers with the first one's outcome and sends nothing.
    const outcome = await this.sender.requestAndDeliver({
      tenantId: who.tenantId, conversationId: id, idempotencyKey: key ? `rep:${who.tenantId}:${key}` : `rep:${randomUUID()}`, author: 'rep', repId, channel: 'sms', body: body.body,
    });
    const row = outcome.row;
    const kind = row?.status === 'blocked' ? 'block' : row?.status === 'deferred' ? 'defer' : 'send';
    return {
      sendId: outcome.sendId, kind, status: outcome.status, repeated: outcome.repeated, ...(row?.reason ? { reason: row.reason } : {}), ...(row?.detail ? { detail: row.detail } : {}),
      ...(row?.deferredUntil ? { until: row.deferredUntil } : {}), ...(row?.providerSid ? { providerMessageId: row.providerSid } : {}),
    };
  }

  /** The transcript: each message with its author and delivery status. */
  @Get('conversations/:id/messages')
  async transcript(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    const address = await this.directory.find(who.tenantId, id);
    if (!address) throw new NotFoundException(`no conversation ${id}`);
    return { conversationId: id, leadPhone: address.leadPhone, batonNumber: address.batonNumber, messages: await this.inbound.transcript(who.tenantId, address.leadPhone, address.batonNumber, id) };
  }

  /** Plays a lead, with no Twilio account: the same path as a signed webhook, after the signature. */
  @Post('dev/leads/:phone/messages')
  @HttpCode(202)
  async devLead(@Param('phone') phone: string, @Body() body: { body?: unknown; to?: unknown }) {
    this.devOnly();
    const lead = decodeURIComponent(phone);
    if (!e164.test(lead)) throw new BadRequestException('phone must be an E.164 number, e.g. +15125550100');
    if (typeof body?.body !== 'string') throw new BadRequestException('body is required');
    const to = typeof body.to === 'string' && e164.test(body.to) ? body.to : '+15005550006';
    const text = { providerMessageId: `DEV${randomUUID().replace(/-/g, '')}`, tenantId: 'default', from: lead, to, body: body.body, receivedAt: this.clock.now().toISOString() };
    await this.inbound.take(text);
    return { accepted: true, providerMessageId: text.providerMessageId };
  }

  @Get('dev/outbox')
  async outbox(@Query('limit') limit?: string) {
    this.devOnly();
    return { messages: await (this.channel as DevLeadChannel).outbox(limit ? Math.min(500, Math.max(1, Number(limit) || 100)) : 100) };
  }

  private devOnly(): void {
    if (this.config.twilio || !(this.channel instanceof DevLeadChannel)) throw new NotFoundException('the dev channel is off while Twilio is configured');
  }
}
