import { Type, type Static } from '@sinclair/typebox';
import { Phone } from '../shared';
import { Text, textLimits } from './text';

// The dev channel (no Twilio account) and the Twilio webhooks.
const strict = { additionalProperties: false } as const;

export const DevLeadMessageBody = Type.Object(
  {
    body: Text(textLimits.smsBody, { minLength: 1 }),
    to: Type.Optional(Type.String({ format: 'e164', description: 'the Baton number texted (default +15005550006)' })),
  },
  strict,
);
export type DevLeadMessageBody = Static<typeof DevLeadMessageBody>;
export const DevOutboxQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
  strict,
);
export type DevOutboxQuery = Static<typeof DevOutboxQuery>;

const sid = (prefixes: string, description: string) =>
  Type.String({ pattern: `^(${prefixes})[0-9a-fA-F]{32}$`, description });
/** Twilio adds parameters over time (geo fields, media, add-ons): any other one is text of a bounded length. */
const otherTwilioParams = { additionalProperties: Type.String({ maxLength: 4096 }) } as const;

/**
 * An inbound SMS as Twilio posts it. Body is not `Text`: a lead's text is never refused for the characters
 * it holds; the gateway replaces what the stores cannot hold (NUL, controls) and records that it did.
 */
export const TwilioInboundSms = Type.Object(
  {
    MessageSid: sid('SM|MM', "Twilio's message id"),
    AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
    From: Phone,
    To: Phone,
    // Always sent (empty for a picture with no words).
    Body: Type.String({ maxLength: textLimits.smsBody }),
    OptOutType: Type.Optional(
      Type.Union([Type.Literal('STOP'), Type.Literal('START'), Type.Literal('HELP')], {
        description: "Twilio's Advanced Opt-Out",
      }),
    ),
  },
  otherTwilioParams,
);
export type TwilioInboundSms = Static<typeof TwilioInboundSms>;

/** A status callback for a message Baton sent (or one sent from the account outside Baton). */
export const TwilioStatusCallback = Type.Object(
  {
    MessageSid: sid('SM|MM', "Twilio's message id"),
    AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
    MessageStatus: Type.String({
      pattern: '^[a-z_]{1,32}$',
      description: 'queued, sending, sent, delivered, undelivered, failed, read, ...',
    }),
    To: Phone,
    From: Phone,
    ErrorCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,10}$' })),
  },
  otherTwilioParams,
);
export type TwilioStatusCallback = Static<typeof TwilioStatusCallback>;

// Voice: Twilio's call webhooks, and the messages of its ConversationRelay WebSocket protocol.
const callSid = sid('CA', "Twilio's call id");

/** An incoming call, or the answer of an outbound one (Twilio asks for TwiML). */
export const TwilioVoiceCall = Type.Object(
  {
    CallSid: callSid,
    AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
    From: Phone,
    To: Phone,
    Direction: Type.Optional(
      Type.String({ pattern: '^[a-z-]{1,32}$', description: 'inbound, outbound-api, outbound-dial' }),
    ),
    CallStatus: Type.Optional(Type.String({ pattern: '^[a-z-]{1,32}$' })),
    HandoffData: Type.Optional(
      Type.String({ maxLength: 4096, description: "ConversationRelay's end message, on the Connect action" }),
    ),
    Digits: Type.Optional(
      Type.String({ pattern: '^[0-9*#]{0,32}$', description: 'what a rep pressed on the whisper' }),
    ),
    AnsweredBy: Type.Optional(
      Type.String({
        pattern: '^[a-z_]{1,32}$',
        description: 'answering machine detection: human, machine_start, fax, unknown...',
      }),
    ),
  },
  otherTwilioParams,
);
export type TwilioVoiceCall = Static<typeof TwilioVoiceCall>;

/** Call, conference, participant and recording status callbacks (Twilio names the event in its parameters). */
export const TwilioVoiceStatus = Type.Object(
  {
    AccountSid: Type.Optional(sid('AC', 'the Twilio account')),
    CallSid: Type.Optional(callSid),
    CallStatus: Type.Optional(
      Type.String({
        pattern: '^[a-z-]{1,32}$',
        description: 'queued, ringing, in-progress, completed, busy, no-answer, canceled, failed',
      }),
    ),
    CallDuration: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$' })),
    AnsweredBy: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$' })),
    ConferenceSid: Type.Optional(sid('CF', "Twilio's conference id")),
    FriendlyName: Type.Optional(Type.String({ maxLength: 128 })),
    StatusCallbackEvent: Type.Optional(
      Type.String({
        pattern: '^[a-z-]{1,40}$',
        description: 'conference-start, participant-join, participant-leave, conference-end, ...',
      }),
    ),
    RecordingSid: Type.Optional(sid('RE', "Twilio's recording id")),
    RecordingUrl: Type.Optional(Type.String({ format: 'uri', maxLength: 2048 })),
    RecordingStatus: Type.Optional(Type.String({ pattern: '^[a-z-]{1,32}$' })),
  },
  otherTwilioParams,
);
export type TwilioVoiceStatus = Static<typeof TwilioVoiceStatus>;

// ConversationRelay: Twilio's side sends these (https://www.twilio.com/docs/voice/conversationrelay/websocket-messages).
const relay = { additionalProperties: true } as const;
export const RelaySetup = Type.Object(
  {
    type: Type.Literal('setup'),
    sessionId: Type.String({ minLength: 1, maxLength: 128 }),
    callSid,
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    direction: Type.Optional(Type.String()),
    customParameters: Type.Optional(Type.Record(Type.String(), Type.String())),
  },
  relay,
);
export const RelayPrompt = Type.Object(
  {
    type: Type.Literal('prompt'),
    voicePrompt: Type.String({ maxLength: textLimits.smsBody }),
    lang: Type.Optional(Type.String()),
    last: Type.Optional(Type.Boolean()),
  },
  relay,
);
export const RelayInterrupt = Type.Object(
  {
    type: Type.Literal('interrupt'),
    utteranceUntilInterrupt: Type.Optional(Type.String()),
    durationUntilInterruptMs: Type.Optional(Type.Number({ minimum: 0 })),
  },
  relay,
);
export const RelayDtmf = Type.Object(
  { type: Type.Literal('dtmf'), digit: Type.String({ pattern: '^[0-9*#A-D]$' }) },
  relay,
);
export const RelayError = Type.Object(
  { type: Type.Literal('error'), description: Type.Optional(Type.String({ maxLength: 4096 })) },
  relay,
);
export const RelayInbound = Type.Union([RelaySetup, RelayPrompt, RelayInterrupt, RelayDtmf, RelayError], {
  description: 'what Twilio sends on a ConversationRelay socket',
});
export type RelayInbound = Static<typeof RelayInbound>;

/** Placing an AI call to the lead (POST /v1/conversations/{id}/calls). */
export const PlaceCallBody = Type.Object(
  {
    reason: Type.Optional(Text(textLimits.reason, { description: 'why the call is placed (recorded on the call)' })),
  },
  strict,
);
export type PlaceCallBody = Static<typeof PlaceCallBody>;
