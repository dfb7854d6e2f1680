import { Body, Controller, Headers, HttpCode, HttpException, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import twilio from 'twilio';
import { CLOCK, LOGGER, Public, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { Inbound } from '../adapters/inbound';
import { DeliveryUpdates } from '../adapters/delivery-updates';
import { NumberRegistry } from '../adapters/number-registry';

const e164 = /^\+[1-9]\d{6,14}$/;

// Twilio signs these; the signature is their authentication.
@Controller('webhooks/twilio')
@Public()
export class WebhooksController {
  constructor(private readonly inbound: Inbound, private readonly deliveries: DeliveryUpdates, private readonly numbers: NumberRegistry, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig, @Inject(LOGGER) private readonly logger: Logger, @Inject(CLOCK) private readonly clock: Clock) {}

  /** Inbound SMS: signature checked, recorded once by MessageSid, answered with empty TwiML at once; the work happens after. */
  @Post('sms')
  @HttpCode(200)
  async sms(@Req() req: Request, @Res() res: Response, @Body() params: Record<string, string>, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.verify(req, params, signature);
    const { From: from, To: to, MessageSid: sid, Body: body = '', OptOutType: optOutType } = params;
    if (!sid || !from || !to || !e164.test(from) || !e164.test(to)) throw new HttpException('From and To must be E.164 numbers and MessageSid is required', 400);
    const tenantId = await this.tenantOf(req, to);
    // One durable write takes the text and all it means; the answer waits for nothing else.
    await this.inbound.take({ providerMessageId: sid, tenantId, from, to, body, optOutType, receivedAt: this.clock.now().toISOString() });
    res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  }

  /** Delivery status callbacks: signed, applied once, never backwards. */
  @Post('status')
  @HttpCode(204)
  async status(@Req() req: Request, @Body() params: Record<string, string>, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.verify(req, params, signature);
    const { MessageSid: sid, MessageStatus: status, To: to, From: from, ErrorCode: errorCode } = params;
    if (!sid || !status || !to || !from) throw new HttpException('MessageSid, MessageStatus, To and From are required', 400);
    const outcome = await this.deliveries.apply({ tenantId: await this.tenantOf(req, from), providerSid: sid, status, to, from, errorCode });
    if (outcome === 'invalid') throw new HttpException(`unknown MessageStatus ${status}`, 400);
  }

  /** The tenant that owns the Baton number; a text to a number no tenant owns is refused and recorded. */
  private async tenantOf(req: Request, batonNumber: string): Promise<string> {
    const tenantId = await this.numbers.ownerOf(batonNumber);
    if (tenantId) return tenantId;
    const reason = `no tenant owns ${batonNumber}`;
    await this.inbound.rejected(req.originalUrl, reason, req.ip);
    this.logger.warn({ path: req.originalUrl, reason }, 'webhook refused');
    throw new HttpException(reason, 404);
  }

  private async verify(req: Request, params: Record<string, string>, signature?: string): Promise<void> {
    const token = this.config.TWILIO_AUTH_TOKEN;
    if (!token || !this.config.BATON_PUBLIC_URL) {
      // Never accept an unverifiable webhook.
      throw new HttpException('Twilio webhooks need TWILIO_AUTH_TOKEN and BATON_PUBLIC_URL to verify signatures', 500);
    }
    const url = `${this.config.BATON_PUBLIC_URL}${req.originalUrl}`;
    if (!signature || !twilio.validateRequest(token, signature, url, params)) {
      const reason = signature ? 'bad X-Twilio-Signature' : 'missing X-Twilio-Signature';
      await this.inbound.rejected(req.originalUrl, reason, req.ip);
      this.logger.warn({ path: req.originalUrl, reason }, 'webhook refused');
      throw new HttpException(reason, 403);
    }
  }
}
