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
export const CitedFact = Type.Object({
  slot: Type.Optional(Type.String({ description: 'which part: credit_score, budget, vehicle, seats, roof, ...' })),
  ...CitedValue,
  at: Type.Optional(Timestamp),
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'the day a timeline fact resolves to (YYYY-MM-DD, the lead\'s zone)' })),
  urgency: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')])),
  previous: Type.Optional(Type.Object(CitedValue, { additionalProperties: false, description: 'the value this one corrected' })),
}, { additionalProperties: false });
export type CitedFact = Static<typeof CitedFact>;
const Facts = (description: string) => Type.Array(CitedFact, { description });

export const RequestionedField = Type.Object({
  repId: Type.Optional(Type.String()), field: Type.String(), askedMessageId: Type.String(), knownMessageId: Type.String(), knownValue: Type.String(),
}, { additionalProperties: false });
export type RequestionedField = Static<typeof RequestionedField>;

export const BriefFields = Type.Object({
  lead: Type.Object({
    phone: Phone, name: Type.Optional(CitedFact), email: Type.Optional(CitedFact),
    timezone: Type.Optional(Type.String()), state: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
  source: Type.Object({
    channel: Type.Optional(Channel), batonNumber: Type.Optional(Phone), firstContactAt: Type.Optional(Timestamp),
    firstMessageId: Type.Optional(Type.String()), referral: Type.Optional(CitedFact),
  }, { additionalProperties: false, description: 'how the lead came in' }),
  need: Facts('what the lead wants'),
  timeline: Facts('intent and timeline, each with the day it resolves to and its urgency'),
  urgency: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low'), Type.Literal('unknown')]),
  specifics: Facts('the property, loan, quote, product, seats, vehicle, roof...'),
  financialProfile: Facts('self-reported: budget, income, credit, down payment, current rate...'),
  decisionMakers: Facts('who else decides or signs'),
  objections: Facts('what the lead pushed back on'),
  competitors: Facts('other companies or offers the lead named'),
  contactPreference: Facts('call or text, and when'),
  sentiment: Type.Object({
    trajectory: Type.String({ description: 'e.g. "curious -> frustrated -> relieved"' }),
    points: Type.Array(Type.Object({ messageId: Type.String(), score: Type.Number({ minimum: -1, maximum: 1 }), label: Type.String() }, { additionalProperties: false })),
  }, { additionalProperties: false }),
  needsMost: Type.Optional(CitedFact),
  handoff: Type.Optional(Type.Object({
    cause: Type.Union([Type.Literal('signals'), Type.Literal('rep_took_over')]),
    mode: Type.Optional(HandoffMode), triggeredAt: Type.Optional(Timestamp), messageId: Type.Optional(Type.String()),
    reasons: Type.Array(Type.Object({
      signal: SignalKind, confidence: Type.Number({ minimum: 0, maximum: 1 }), evidence: Type.String(), messageId: Type.Optional(Type.String()), detector: Type.String(),
    }, { additionalProperties: false })),
  }, { additionalProperties: false, description: 'why the handoff happened: the signals with their evidence' })),
  rep: Type.Optional(Type.Object({
    repId: Type.String(), name: Type.Optional(Type.String()), email: Type.Optional(Type.String()), phone: Type.Optional(Phone), timezone: Type.Optional(Type.String()),
  }, { additionalProperties: false })),
  meeting: Type.Optional(Type.Object({ meetingId: Type.String(), start: Timestamp, end: Type.Optional(Timestamp) }, { additionalProperties: false })),
  reQuestions: Type.Array(RequestionedField, { description: 'what a rep asked again that the brief already held, with the known value' }),
}, { additionalProperties: false });
export type BriefFields = Static<typeof BriefFields>;

const briefCore = {
  briefId: Type.String(),
  version: Type.Integer({ minimum: 1, description: 'grows each time the brief changes' }),
  cycle: Type.Integer({ minimum: 1, description: 'the handoff this brief is for: a hand-back and a new handoff start the next' }),
  engine: Type.Union([Type.Literal('extractive'), Type.Literal('anthropic')]),
  summary: Type.String({ description: 'at most 120 words, readable in 60 seconds' }),
  openingLine: Type.String({ description: 'a first line for the rep that shows they read the brief' }),
  spokenSummary: Type.Optional(Type.String({ description: 'at most 60 words, for the whisper of a warm transfer' })),
  fields: BriefFields,
};
export const Brief = Type.Object({
  ...briefCore,
  status: Type.Union([Type.Literal('draft'), Type.Literal('final')], { description: 'final once a meeting is booked or a rep took over' }),
  builtAt: Timestamp,
}, { additionalProperties: false });
export type Brief = Static<typeof Brief>;

// v1 was declared before any producer existed (summary plus a flat string map); no service produced or
// consumed it, so its data is redefined here as the structured, cited brief instead of adding a v2.
export const BriefReady = defineEvent({
  type: 'baton.briefs.brief.ready.v1', topic: topics.briefs,
  description: 'The rep brief is delivered: when a meeting is booked or a rep takes over. A 120-word summary and an opening line first, '
    + 'then every field citing the lead message it came from; the transcript on demand at transcriptUrl.',
  data: Type.Object({
    ...briefCore,
    reason: Type.Union([Type.Literal('meeting_booked'), Type.Literal('rep_took_over')]),
    repId: Type.String({ description: 'the rep it is delivered to' }),
    meetingId: Type.Optional(Type.String()),
    briefUrl: Type.String({ description: 'GET it as JSON, Markdown or HTML (Accept)' }),
    transcriptUrl: Type.String(),
  }, { additionalProperties: false }),
});

export const RepReQuestioned = defineEvent({
  type: 'baton.briefs.rep.re-questioned.v1', topic: topics.briefs,
  description: 'A rep asked the lead for something the brief already held (the re-question KPI): the field, the rep\'s question and the lead message with the known value.',
  data: RequestionedField,
});

const call = { callSid: Type.String({ minLength: 1 }) };
export const CallStarted = defineEvent({
  type: 'baton.calls.call.started.v1', topic: topics.calls, description: 'A call with the lead began.',
  data: Type.Object({ ...call, direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]), leadPhone: Phone, batonNumber: Phone }, { additionalProperties: false }),
});
export const CallEnded = defineEvent({
  type: 'baton.calls.call.ended.v1', topic: topics.calls, description: 'A call ended.',
  data: Type.Object({ ...call, durationSeconds: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
});
export const TransferRequested = defineEvent({
  type: 'baton.calls.transfer.requested.v1', topic: topics.calls, description: 'A warm transfer to a rep was started on a live call.',
  data: Type.Object({ ...call, repId: Type.String() }, { additionalProperties: false }),
});
export const TransferConnected = defineEvent({
  type: 'baton.calls.transfer.connected.v1', topic: topics.calls, description: 'The rep joined the call; the AI dropped.',
  data: Type.Object({ ...call, repId: Type.String() }, { additionalProperties: false }),
});
export const TransferFailed = defineEvent({
  type: 'baton.calls.transfer.failed.v1', topic: topics.calls, description: 'The warm transfer did not connect.',
  data: Type.Object({ ...call, repId: Type.Optional(Type.String()), reason: Type.String() }, { additionalProperties: false }),
});
