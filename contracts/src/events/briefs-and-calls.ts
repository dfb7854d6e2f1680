import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Phone } from '../shared';
import { topics } from '../topics';

export const BriefReady = defineEvent({
  type: 'baton.briefs.brief.ready.v1', topic: topics.briefs,
  description: 'A rep brief is ready: a 60-second summary first, structured fields, the transcript on demand.',
  data: Type.Object({
    briefId: Type.String(),
    meetingId: Type.Optional(Type.String()),
    repId: Type.Optional(Type.String()),
    summary: Type.String({ description: 'readable in about 60 seconds' }),
    fields: Type.Record(Type.String(), Type.String(), { description: 'what the lead already told the AI: timeline, budget, ...' }),
    transcriptUrl: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
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

export const RepReQuestioned = defineEvent({
  type: 'baton.briefs.rep.re-questioned.v1', topic: topics.briefs,
  description: 'A rep asked the lead for something the brief already held (the re-question KPI); the rep is shown the known value.',
  data: Type.Object({
    repId: Type.Optional(Type.String()),
    field: Type.String(),
    askedMessageId: Type.String(),
    knownMessageId: Type.String(),
    knownValue: Type.String(),
  }, { additionalProperties: false }),
});
