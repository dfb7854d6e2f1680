import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Sequence, Timestamp } from '../envelope';
import { Author, Channel, Directive, Phone, ThreadLine, recentLinesCarried, Vertical } from '../shared';
import { topics } from '../topics';
import { RepId, Text, textLimits } from '../http/text';

const lead = { leadPhone: Phone, batonNumber: Phone, channel: Channel };

export const MessageReceived = defineEvent({
  type: 'baton.messages.message.received.v1',
  topic: topics.messages,
  description:
    'A lead sent a message to a Baton number. Published once per provider message, however often the provider retries.',
  data: Type.Object(
    {
      messageId: Type.String({ format: 'uuid' }),
      providerMessageId: Text(textLimits.providerMessageId, {
        minLength: 1,
        description: "the provider's id, e.g. Twilio's MessageSid; the dedupe key",
      }),
      ...lead,
      body: Text(textLimits.smsBody),
      replacedCharacters: Type.Optional(
        Type.Integer({
          minimum: 1,
          description:
            'characters of the text as received that no store can hold (NUL, controls) were replaced by U+FFFD',
        }),
      ),
      receivedAt: Timestamp,
      recent: Type.Optional(
        Type.Array(ThreadLine, {
          maxItems: recentLinesCarried,
          description:
            "the thread's latest lines before this message, oldest first, as the gateway sent and received them",
        }),
      ),
      vertical: Type.Optional(Vertical),
    },
    { additionalProperties: false },
  ),
});

export const MessageSent = defineEvent({
  type: 'baton.messages.message.sent.v1',
  topic: topics.messages,
  description: 'A message went out to the lead through the send gate.',
  data: Type.Object(
    {
      messageId: Type.String({ format: 'uuid' }),
      author: Author,
      repId: Type.Optional(RepId),
      turnId: Type.Optional(Type.String({ description: 'the granted turn an AI message answers' })),
      idempotencyKey: Type.String({ minLength: 1 }),
      providerMessageId: Type.Optional(Text(textLimits.providerMessageId)),
      ...lead,
      // As sent: the requested body (at most smsBody) and the AI disclosure the gateway may append to it.
      body: Text(2 * textLimits.smsBody),
      sentAt: Timestamp,
      attemptedAt: Type.Optional(
        Type.String({
          format: 'date-time',
          description:
            'when the gate handed it to the provider: a lead message received after this may answer it, though recorded before sentAt',
        }),
      ),
      disclosure: Type.Optional(Type.Boolean({ description: 'the message told the lead they are talking with an AI' })),
    },
    { additionalProperties: false },
  ),
});

export const BlockReason = Type.Union([
  Type.Literal('turn_void'),
  Type.Literal('not_ai_driven'),
  Type.Literal('human_spoke'),
  Type.Literal('handoff_moves_only'),
  Type.Literal('opted_out'),
  Type.Literal('no_consent'),
  Type.Literal('quiet_hours_deferred'),
  Type.Literal('invalid'),
]);

export const MessageBlocked = defineEvent({
  type: 'baton.messages.message.blocked.v1',
  topic: topics.messages,
  description: 'The send gate refused (or deferred) an outbound message, with the reason.',
  data: Type.Object(
    {
      idempotencyKey: Type.String({ minLength: 1 }),
      author: Author,
      repId: Type.Optional(RepId),
      turnId: Type.Optional(Type.String()),
      reason: BlockReason,
      detail: Type.String(),
      deferredUntil: Type.Optional(Timestamp),
    },
    { additionalProperties: false },
  ),
});

export const MessageDeliveryUpdated = defineEvent({
  type: 'baton.messages.message.delivery-updated.v1',
  topic: topics.messages,
  description: 'The provider reported a delivery status for an outbound message; statuses never move backwards.',
  data: Type.Object(
    {
      messageId: Type.Optional(Type.String()),
      providerMessageId: Text(textLimits.providerMessageId, { minLength: 1 }),
      status: Type.Union(
        ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read'].map((s) => Type.Literal(s)),
      ),
      errorCode: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z_-]{1,32}$' })),
      at: Timestamp,
    },
    { additionalProperties: false },
  ),
});

const OptSource = Type.Union([
  Type.Literal('keyword'),
  Type.Literal('provider'),
  Type.Literal('free_text'),
  Type.Literal('api'),
]);
const optFields = {
  leadPhone: Phone,
  batonNumber: Phone,
  channel: Type.Union([Channel, Type.Literal('all')]),
  source: OptSource,
  keyword: Type.Optional(Text(20)),
  messageId: Type.Optional(Type.String()),
  at: Timestamp,
};

export const LeadOptedOut = defineEvent({
  type: 'baton.messages.lead.opted-out.v1',
  topic: topics.messages,
  description: 'The lead opted out (STOP and its synonyms, the provider, or a request in their own words).',
  data: Type.Object(optFields, { additionalProperties: false }),
});
export const LeadOptedIn = defineEvent({
  type: 'baton.messages.lead.opted-in.v1',
  topic: topics.messages,
  description: 'The lead opted back in (START).',
  data: Type.Object(optFields, { additionalProperties: false }),
});
export const ConsentRecorded = defineEvent({
  type: 'baton.messages.consent.recorded.v1',
  topic: topics.messages,
  description: 'Consent for one channel was granted or withdrawn, with its source and time.',
  data: Type.Object(
    {
      leadPhone: Phone,
      channel: Channel,
      granted: Type.Boolean(),
      source: Type.String({ minLength: 1 }),
      evidence: Type.Optional(Type.String()),
      at: Timestamp,
    },
    { additionalProperties: false },
  ),
});

export const OutboundRequested = defineEvent({
  type: 'baton.commands.outbound.requested.v1',
  topic: topics.outboundCommands,
  description:
    'Someone (the AI with a granted turn, a rep, scheduling, the system) asks the gateway to send a message.',
  data: Type.Object(
    {
      idempotencyKey: Type.String({ minLength: 1, description: 'a retry with the same key is sent at most once' }),
      author: Type.Union([Type.Literal('ai'), Type.Literal('rep'), Type.Literal('system')]),
      repId: Type.Optional(RepId),
      turnId: Type.Optional(Type.String()),
      turnSequence: Type.Optional({
        ...Sequence,
        description:
          "a revision of the conversation's stream at or after the turn's grant: a gate that has not reached it waits for the grant, one past it without the grant knows the turn is void",
      }),
      directive: Type.Optional(Directive),
      channel: Channel,
      body: Text(textLimits.smsBody, { minLength: 1 }),
    },
    { additionalProperties: false },
  ),
});
