import { Controller, Headers, HttpCode, HttpException, Inject, NotFoundException, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import twilio from 'twilio';
import { TwilioInboundSms, TwilioStatusCallback } from '@baton/contracts';
import { CLOCK, FormBody, LOGGER, Public, SchemaPipe, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { Inbound } from '../adapters/inbound';
import { DeliveryUpdates } from '../adapters/delivery-updates';
import { NumberRegistry } from '../adapters/number-registry';
import { storableText } from '../domain/storable-text';

// Checked once the signature is: an unsigned request is a 403 whatever its shape.
const smsParams = new SchemaPipe(TwilioInboundSms, 'body');
const statusParams = new SchemaPipe(TwilioStatusCallback, 'body');

// Twilio signs these; the signature is their authentication.
@Controller('webhooks/twilio')
@Public()
export class WebhooksController {
  constructor(private readonly inbound: Inbound, private readonly deliveries: DeliveryUpdates, private readonly numbers: NumberRegistry, @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig, @Inject(LOGGER) private readonly logger: Logger, @Inject(CLOCK) private readonly clock: Clock) {}

  /** Inbound SMS: signature checked, recorded once by MessageSid, answered with empty TwiML at once; the work happens after. */
  @Post('sms')
  @HttpCode(200)
  async sms(@Req() req: Request, @Res() res: Response, @FormBody() raw: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.verify(req, raw, signature);
    const params = smsParams.transform(raw);
    const { From: from, To: to, MessageSid: sid, OptOutType: optOutType } = params;
    // A lead's text is never lost for what it holds: what no store can hold is replaced, and the count recorded.
    const { text: body, replaced } = storableText(params.Body);
    if (replaced > 0) this.logger.warn({ messageSid: sid, replacedCharacters: replaced }, 'inbound text held characters no store can hold; replaced');
    const tenantId = await this.tenantOf(req, to);
    // One durable write takes the text and all it means; the answer waits for nothing else.
    await this.inbound.take({ providerMessageId: sid, tenantId, from, to, body, optOutType, receivedAt: this.clock.now().toISOString(), ...(replaced > 0 ? { replacedCharacters: replaced } : {}) });
    res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  }

  /** Delivery status callbacks: signed, applied once, never backwards. */
  @Post('status')
  @HttpCode(204)
  async status(@Req() req: Request, @FormBody() raw: unknown, @Headers('x-twilio-signature') signature?: string): Promise<void> {
    await this.verify(req, raw, signature);
    const { MessageSid: sid, MessageStatus: status, To: to, From: from, ErrorCode: errorCode } = statusParams.transform(raw);
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

  private async verify(req: Request, raw: unknown, signature?: string): Promise<void> {
    const token = this.config.TWILIO_AUTH_TOKEN;
    // No auth token: Twilio is not set up here (the dev channel is), and an unverifiable webhook is never taken.
    if (!token) throw new NotFoundException('the Twilio webhooks are off: TWILIO_AUTH_TOKEN is not set');
    const url = `${this.config.BATON_PUBLIC_URL}${req.originalUrl}`;
    const params = (raw ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(token, signature, url, params)) {
      const reason = signature ? 'bad X-Twilio-Signature' : 'missing X-Twilio-Signature';
      await this.inbound.rejected(req.originalUrl, reason, req.ip);
      this.logger.warn({ path: req.originalUrl, reason }, 'webhook refused');
      throw new HttpException(reason, 403);
    }
  }
}
