import {
  BadRequestException,
  Controller,
  Headers,
  HttpCode,
  HttpException,
  Inject,
  NotFoundException,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import twilio from 'twilio';
import { TwilioInboundSms, TwilioStatusCallback, TwilioVoiceCall, TwilioVoiceStatus } from '@baton/contracts';
import { CLOCK, FormBody, LOGGER, Public, SchemaPipe, type Clock, type Logger } from '@baton/service-runtime';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { Inbound } from '../adapters/inbound';
import { DeliveryUpdates } from '../adapters/delivery-updates';
import { NumberRegistry } from '../adapters/number-registry';
import { VoiceCalls } from '../adapters/voice-calls';
import { WarmTransfers } from '../adapters/warm-transfers';
import { storableText } from '../domain/storable-text';

// Checked once the signature is: an unsigned request is a 403 whatever its shape.
const smsParams = new SchemaPipe(TwilioInboundSms, 'body');
const statusParams = new SchemaPipe(TwilioStatusCallback, 'body');
const callParams = new SchemaPipe(TwilioVoiceCall, 'body');
const callStatusParams = new SchemaPipe(TwilioVoiceStatus, 'body');
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const transferOf = (raw: unknown) => {
  if (typeof raw !== 'string' || !uuid.test(raw)) throw new BadRequestException('transfer must be a transfer id');
  return raw;
};
const attemptOf = (raw: unknown) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new BadRequestException('attempt must be a whole number from 1');
  return n;
};

// Twilio signs these; the signature is their authentication.
@Controller('webhooks/twilio')
@Public()
export class WebhooksController {
  constructor(
    private readonly inbound: Inbound,
    private readonly deliveries: DeliveryUpdates,
    private readonly numbers: NumberRegistry,
    private readonly voice: VoiceCalls,
    private readonly transfers: WarmTransfers,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Inbound SMS: signature checked, recorded once by MessageSid, answered with empty TwiML; the work happens after. */
  @Post('sms')
  @HttpCode(200)
  async sms(
    @Req() req: Request,
    @Res() res: Response,
    @FormBody() raw: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = smsParams.transform(raw);
    const { From: from, To: to, MessageSid: sid, OptOutType: optOutType } = params;
    // A lead's text is never lost for what it holds: what no store can hold is replaced, and the count recorded.
    const { text: body, replaced } = storableText(params.Body);
    if (replaced > 0)
      this.logger.warn(
        { messageSid: sid, replacedCharacters: replaced },
        'inbound text held characters no store can hold; replaced',
      );
    const tenantId = await this.tenantOf(req, to);
    // One durable write, in the database's edge lane; what the text means is worked out right after, off this path.
    await this.inbound.accept({
      providerMessageId: sid,
      tenantId,
      from,
      to,
      body,
      optOutType,
      receivedAt: this.clock.now().toISOString(),
      ...(replaced > 0 ? { replacedCharacters: replaced } : {}),
    });
    res.status(200).type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
  }

  /** Delivery status callbacks: signed, applied once, never backwards. */
  @Post('status')
  @HttpCode(204)
  async status(
    @Req() req: Request,
    @FormBody() raw: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const {
      MessageSid: sid,
      MessageStatus: status,
      To: to,
      From: from,
      ErrorCode: errorCode,
    } = statusParams.transform(raw);
    const outcome = await this.deliveries.apply({
      tenantId: await this.tenantOf(req, from),
      providerSid: sid,
      status,
      to,
      from,
      errorCode,
    });
    if (outcome === 'invalid') throw new HttpException(`unknown MessageStatus ${status}`, 400);
  }

  /**
   * A call: an inbound one from a lead (or the answer of an outbound AI call) gets the AI over ConversationRelay,
   * its first words saying it is an AI. Signed like every Twilio webhook.
   */
  @Post('voice')
  async call(
    @Req() req: Request,
    @Res() res: Response,
    @FormBody() raw: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = callParams.transform(raw);
    const outbound = Boolean(params.Direction && params.Direction !== 'inbound');
    const tenantId = await this.tenantOf(req, outbound ? params.From : params.To);
    this.twiml(res, await this.voice.answer(tenantId, params));
  }

  /** The ConversationRelay session ended (the Connect action): a transfer's lead goes to its conference. */
  @Post('voice/relay-ended')
  async relayEnded(
    @Req() req: Request,
    @Res() res: Response,
    @FormBody() raw: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = callParams.transform(raw);
    this.twiml(res, await this.transfers.relayEnded(params.HandoffData, params.CallSid));
  }

  /** A rep leg of a warm transfer answered: the whisper and the key to join. */
  @Post('voice/whisper')
  async whisper(
    @Req() req: Request,
    @Res() res: Response,
    @FormBody() raw: unknown,
    @Query('transfer') transfer: unknown,
    @Query('attempt') attempt: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = callParams.transform(raw);
    this.twiml(
      res,
      await this.transfers.whisper(transferOf(transfer), attemptOf(attempt), params.AnsweredBy, params.CallSid),
    );
  }

  /** What the rep pressed after the whisper. */
  @Post('voice/rep-accept')
  async repAccept(
    @Req() req: Request,
    @Res() res: Response,
    @FormBody() raw: unknown,
    @Query('transfer') transfer: unknown,
    @Query('attempt') attempt: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = callParams.transform(raw);
    this.twiml(
      res,
      await this.transfers.repAccept(transferOf(transfer), attemptOf(attempt), params.Digits, params.CallSid),
    );
  }

  /** Call, conference, participant and recording status callbacks: call events. */
  @Post('voice/status')
  @HttpCode(204)
  async callStatus(
    @Req() req: Request,
    @FormBody() raw: unknown,
    @Query('transfer') transfer: unknown,
    @Query('role') role: unknown,
    @Query('attempt') attempt: unknown,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<void> {
    await this.verify(req, raw, signature);
    const params = callStatusParams.transform(raw);
    if (transfer === undefined) return this.voice.status(params);
    await this.transfers.status(
      transferOf(transfer),
      role === 'lead' ? 'lead' : 'rep',
      attempt === undefined ? undefined : attemptOf(attempt),
      params,
    );
  }

  private twiml(res: Response, twiml: string): void {
    res.status(200).type('text/xml').send(twiml);
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
