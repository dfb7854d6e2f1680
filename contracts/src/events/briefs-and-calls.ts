import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Timestamp } from '../envelope';
import { Channel, HandoffMode, Phone, SignalKind } from '../shared';
import { topics } from '../topics';

// A rep brief: what the lead already said, each fact citing the message it came from, so the rep never
// makes the lead repeat it. Shared by brief.ready and GET /v1/conversations/{id}/brief.
const CitedValue = {
  value: Type.String({ description: 'what the lead said, normalised ("$350,000", "748", "by Fri Mar 13")' }),
  quote: Type.String({ description: "the lead's own words, verbatim from the cited message" }),
  messageId: Type.String({ description: 'the message the words are in' }),
};
export const CitedFact = Type.Object(
  {
    slot: Type.Optional(Type.String({ description: 'which part: credit_score, budget, vehicle, seats, roof, ...' })),
    ...CitedValue,
    at: Type.Optional(Timestamp),
    date: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: "the day a timeline fact resolves to (YYYY-MM-DD, the lead's zone)",
      }),
    ),
    urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')])),
    previous: Type.Optional(
      Type.Object(CitedValue, { additionalProperties: false, description: 'the value this one corrected' }),
    ),
  },
  { additionalProperties: false },
);
export type CitedFact = Static<typeof CitedFact>;
const Facts = (description: string) => Type.Array(CitedFact, { description });

export const RequestionedField = Type.Object(
  {
    repId: Type.Optional(Type.String()),
    field: Type.String(),
    askedMessageId: Type.String(),
    knownMessageId: Type.String(),
    knownValue: Type.String(),
  },
  { additionalProperties: false },
);
export type RequestionedField = Static<typeof RequestionedField>;

export const BriefFields = Type.Object(
  {
    lead: Type.Object(
      {
        phone: Phone,
        name: Type.Optional(CitedFact),
        email: Type.Optional(CitedFact),
        timezone: Type.Optional(Type.String()),
        state: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    source: Type.Object(
      {
        channel: Type.Optional(Channel),
        batonNumber: Type.Optional(Phone),
        firstContactAt: Type.Optional(Timestamp),
        firstMessageId: Type.Optional(Type.String()),
        referral: Type.Optional(CitedFact),
      },
      { additionalProperties: false, description: 'how the lead came in' },
    ),
    need: Facts('what the lead wants'),
    timeline: Facts('intent and timeline, each with the day it resolves to and its urgency'),
    urgency: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low'), Type.Literal('unknown')]),
    specifics: Facts('the property, loan, quote, product, seats, vehicle, roof...'),
    financialProfile: Facts('self-reported: budget, income, credit, down payment, current rate...'),
    decisionMakers: Facts('who else decides or signs'),
    objections: Facts('what the lead pushed back on'),
    competitors: Facts('other companies or offers the lead named'),
    contactPreference: Facts('call or text, and when'),
    sentiment: Type.Object(
      {
        trajectory: Type.String({ description: 'e.g. "curious -> frustrated -> relieved"' }),
        points: Type.Array(
          Type.Object(
            { messageId: Type.String(), score: Type.Number({ minimum: -1, maximum: 1 }), label: Type.String() },
            { additionalProperties: false },
          ),
        ),
      },
      { additionalProperties: false },
    ),
    needsMost: Type.Optional(CitedFact),
    handoff: Type.Optional(
      Type.Object(
        {
          cause: Type.Union([Type.Literal('signals'), Type.Literal('rep_took_over')]),
          mode: Type.Optional(HandoffMode),
          triggeredAt: Type.Optional(Timestamp),
          messageId: Type.Optional(Type.String()),
          reasons: Type.Array(
            Type.Object(
              {
                signal: SignalKind,
                confidence: Type.Number({ minimum: 0, maximum: 1 }),
                evidence: Type.String(),
                messageId: Type.Optional(Type.String()),
                detector: Type.String(),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false, description: 'why the handoff happened: the signals with their evidence' },
      ),
    ),
    rep: Type.Optional(
      Type.Object(
        {
          repId: Type.String(),
          name: Type.Optional(Type.String()),
          email: Type.Optional(Type.String()),
          phone: Type.Optional(Phone),
          timezone: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
    meeting: Type.Optional(
      Type.Object(
        { meetingId: Type.String(), start: Timestamp, end: Type.Optional(Timestamp) },
        { additionalProperties: false },
      ),
    ),
    reQuestions: Type.Array(RequestionedField, {
      description: 'what a rep asked again that the brief already held, with the known value',
    }),
  },
  { additionalProperties: false },
);
export type BriefFields = Static<typeof BriefFields>;

const briefCore = {
  briefId: Type.String(),
  version: Type.Integer({ minimum: 1, description: 'grows each time the brief changes' }),
  cycle: Type.Integer({
    minimum: 1,
    description: 'the handoff this brief is for: a hand-back and a new handoff start the next',
  }),
  engine: Type.Union([Type.Literal('extractive'), Type.Literal('anthropic')]),
  summary: Type.String({ description: 'at most 120 words, readable in 60 seconds' }),
  openingLine: Type.String({ description: 'a first line for the rep that shows they read the brief' }),
  spokenSummary: Type.Optional(Type.String({ description: 'at most 60 words, for the whisper of a warm transfer' })),
  fields: BriefFields,
};
export const Brief = Type.Object(
  {
    ...briefCore,
    status: Type.Union([Type.Literal('draft'), Type.Literal('final')], {
      description: 'final once a meeting is booked or a rep took over',
    }),
    builtAt: Timestamp,
  },
  { additionalProperties: false },
);
export type Brief = Static<typeof Brief>;

// v1 was declared before any producer existed (summary plus a flat string map); no service produced or
// consumed it, so its data is redefined here as the structured, cited brief instead of adding a v2.
export const BriefReady = defineEvent({
  type: 'baton.briefs.brief.ready.v1',
  topic: topics.briefs,
  description:
    'The rep brief is delivered: when a meeting is booked or a rep takes over. A 120-word summary and an opening line first, ' +
    'then every field citing the lead message it came from; the transcript on demand at transcriptUrl.',
  data: Type.Object(
    {
      ...briefCore,
      reason: Type.Union([Type.Literal('meeting_booked'), Type.Literal('rep_took_over')]),
      repId: Type.String({ description: 'the rep it is delivered to' }),
      meetingId: Type.Optional(Type.String()),
      briefUrl: Type.String({ description: 'GET it as JSON, Markdown or HTML (Accept)' }),
      transcriptUrl: Type.String(),
    },
    { additionalProperties: false },
  ),
});

// Published while a handoff waits for a rep (none has the brief yet), each time the brief changes: what the
// gateway needs for a warm transfer's whisper before brief.ready exists. Only a newer version replaces an older.
export const BriefUpdated = defineEvent({
  type: 'baton.briefs.brief.updated.v1',
  topic: topics.briefs,
  description:
    'The draft brief of a conversation with a pending handoff changed (the handoff triggered, the lead said more): its version and, ' +
    'for a warm transfer, the spoken summary the rep hears before joining. The brief itself is at briefUrl.',
  data: Type.Object(
    {
      briefId: briefCore.briefId,
      version: briefCore.version,
      cycle: briefCore.cycle,
      mode: Type.Optional(HandoffMode),
      spokenSummary: briefCore.spokenSummary,
      briefUrl: Type.String({ description: 'GET it as JSON, Markdown or HTML (Accept)' }),
    },
    { additionalProperties: false },
  ),
});

export const RepReQuestioned = defineEvent({
  type: 'baton.briefs.rep.re-questioned.v1',
  topic: topics.briefs,
  description:
    "A rep asked the lead for something the brief already held (the re-question KPI): the field, the rep's question and the lead message with the known value.",
  data: RequestionedField,
});

const call = { callSid: Type.String({ minLength: 1 }) };
const transfer = {
  transferId: Type.Optional(
    Type.String({ minLength: 1, description: 'one warm transfer: its conference, its rep attempts' }),
  ),
};
export const CallStarted = defineEvent({
  type: 'baton.calls.call.started.v1',
  topic: topics.calls,
  description: 'A call with the lead began (the AI disclosed itself in its first words).',
  data: Type.Object(
    {
      ...call,
      direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
      leadPhone: Phone,
      batonNumber: Phone,
      recording: Type.Optional(Type.Boolean({ description: 'the call is recorded (the notice played first)' })),
    },
    { additionalProperties: false },
  ),
});
export const CallEnded = defineEvent({
  type: 'baton.calls.call.ended.v1',
  topic: topics.calls,
  description: 'A call ended.',
  data: Type.Object(
    {
      ...call,
      durationSeconds: Type.Integer({ minimum: 0 }),
      status: Type.Optional(Type.String({ description: "Twilio's final call status" })),
    },
    { additionalProperties: false },
  ),
});
export const CallRecorded = defineEvent({
  type: 'baton.calls.call.recorded.v1',
  topic: topics.calls,
  description: 'A recording of the call is ready (recording is off unless the tenant turns it on).',
  data: Type.Object(
    { ...call, recordingSid: Type.String({ minLength: 1 }), recordingUrl: Type.String({ format: 'uri' }) },
    { additionalProperties: false },
  ),
});
export const CallParticipantUpdated = defineEvent({
  type: 'baton.calls.participant.updated.v1',
  topic: topics.calls,
  description:
    "A conference or participant status callback of a warm transfer (conference-start, participant-join, participant-leave, conference-end), or a rep leg's call status.",
  data: Type.Object(
    {
      ...call,
      ...transfer,
      event: Type.String({ minLength: 1 }),
      participantCallSid: Type.Optional(Type.String()),
      conferenceSid: Type.Optional(Type.String()),
      role: Type.Optional(Type.Union([Type.Literal('lead'), Type.Literal('rep')])),
      repId: Type.Optional(Type.String()),
    },
    { additionalProperties: false },
  ),
});
export const TransferRequested = defineEvent({
  type: 'baton.calls.transfer.requested.v1',
  topic: topics.calls,
  description: 'A warm transfer to a rep was started on a live call: the rep is being dialled.',
  data: Type.Object(
    {
      ...call,
      ...transfer,
      repId: Type.String(),
      attempt: Type.Optional(Type.Integer({ minimum: 1 })),
      triggeredAt: Type.Optional(Timestamp),
    },
    { additionalProperties: false },
  ),
});
export const TransferConnected = defineEvent({
  type: 'baton.calls.transfer.connected.v1',
  topic: topics.calls,
  description: 'The rep joined the call; the AI dropped.',
  data: Type.Object(
    {
      ...call,
      ...transfer,
      repId: Type.String(),
      repCallSid: Type.Optional(Type.String()),
      triggerToRepMs: Type.Optional(
        Type.Integer({ minimum: 0, description: 'from the handoff trigger to the rep on the line' }),
      ),
    },
    { additionalProperties: false },
  ),
});
export const TransferFailed = defineEvent({
  type: 'baton.calls.transfer.failed.v1',
  topic: topics.calls,
  description:
    'The warm transfer did not connect (every rep tried: ring timeout, voicemail or decline): the AI is back on the line offering a booking or a callback.',
  data: Type.Object(
    {
      ...call,
      ...transfer,
      repId: Type.Optional(Type.String()),
      reason: Type.String(),
      attempts: Type.Optional(Type.Integer({ minimum: 0 })),
    },
    { additionalProperties: false },
  ),
});
export const CallRequested = defineEvent({
  type: 'baton.commands.call.requested.v1',
  topic: topics.outboundCommands,
  description:
    'Someone (a rep through the API, the AI agent) asks the gateway to place an AI call to the lead; the gateway checks call consent, opt-out, quiet hours and the per-state call limits.',
  data: Type.Object(
    {
      idempotencyKey: Type.String({ minLength: 1 }),
      author: Type.Union([Type.Literal('ai'), Type.Literal('rep'), Type.Literal('system')]),
      repId: Type.Optional(Type.String()),
      reason: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
});
export const CallRefused = defineEvent({
  type: 'baton.calls.call.refused.v1',
  topic: topics.calls,
  description: 'A requested AI call was not placed, with the reason.',
  data: Type.Object(
    {
      idempotencyKey: Type.String({ minLength: 1 }),
      reason: Type.Union([
        Type.Literal('opted_out'),
        Type.Literal('no_consent'),
        Type.Literal('quiet_hours'),
        Type.Literal('call_limit'),
        Type.Literal('not_ai_driven'),
        Type.Literal('provider_refused'),
      ]),
      detail: Type.String(),
    },
    { additionalProperties: false },
  ),
});
