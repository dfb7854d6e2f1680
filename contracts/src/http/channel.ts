import { Type, type Static } from '@sinclair/typebox';
import { Phone } from '../shared';
import { Text, textLimits } from './text';

// The dev channel (no Twilio account) and the Twilio webhooks.
const strict = { additionalProperties: false } as const;

export const DevLeadMessageBody = Type.Object({
  body: Text(textLimits.smsBody, { minLength: 1 }),
  to: Type.Optional(Type.String({ format: 'e164', description: 'the Baton number texted (default +15005550006)' })),
}, strict);
export type DevLeadMessageBody = Static<typeof DevLeadMessageBody>;
export const DevOutboxQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }, strict);
export type DevOutboxQuery = Static<typeof DevOutboxQuery>;

const sid = (prefixes: string, description: string) => Type.String({ pattern: `^(${prefixes})[0-9a-fA-F]{32}$`, description });
/** Twilio adds parameters over time (geo fields, media, add-ons): any other one is text of a bounded length. */
const otherTwilioParams = { additionalProperties: Type.String({ maxLength: 4096 }) } as const;

/**
 * An inbound SMS as Twilio posts it. Body is not `Text`: a lead's text is never refused for the characters
 * it holds; the gateway replaces what the stores cannot hold (NUL, controls) and records that it did.
 */
export const TwilioInboundSms = Type.Object({
  MessageSid: sid('SM|MM', "Twilio's message id"),
  AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
  From: Phone,
  To: Phone,
  // Always sent (empty for a picture with no words).
  Body: Type.String({ maxLength: textLimits.smsBody }),
  OptOutType: Type.Optional(Type.Union([Type.Literal('STOP'), Type.Literal('START'), Type.Literal('HELP')], { description: "Twilio's Advanced Opt-Out" })),
}, otherTwilioParams);
export type TwilioInboundSms = Static<typeof TwilioInboundSms>;

/** A status callback for a message Baton sent (or one sent from the account outside Baton). */
export const TwilioStatusCallback = Type.Object({
  MessageSid: sid('SM|MM', "Twilio's message id"),
  AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
  MessageStatus: Type.String({ pattern: '^[a-z_]{1,32}$', description: 'queued, sending, sent, delivered, undelivered, failed, read, ...' }),
  To: Phone,
  From: Phone,
  ErrorCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
}, otherTwilioParams);
export type TwilioStatusCallback = Static<typeof TwilioStatusCallback>;
