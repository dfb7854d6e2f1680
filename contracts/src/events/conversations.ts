import { Type, type TProperties } from '@sinclair/typebox';
import { defineEvent, derivedEventId } from '../define-event';
import { Timestamp } from '../envelope';
import {
  Channel,
  Detection,
  Directive,
  factFields,
  HandoffMode,
  IdentityQuestion,
  MeetingNote,
  Phone,
  SignalKind,
  SlotOffer,
  ThreadLine,
  recentLinesCarried,
  Vertical,
} from '../shared';
import { topics } from '../topics';
import { RepId, Text, textLimits } from '../http/text';

// The conversation aggregate's facts, as appended to its stream and relayed to baton.conversations.
// Every one carries actor, cause and at: no change of driver without who, why and when.
const fact = <T extends string, P extends TProperties>(name: T, description: string, fields: P) =>
  defineEvent({
    type: `baton.conversations.${name}.v1` as `baton.conversations.${T}.v1`,
    topic: topics.conversations,
    description,
    data: Type.Object({ ...fields, ...factFields }, { additionalProperties: false }),
  });

export const ConversationStarted = fact('conversation.started', 'The first lead message opened the conversation.', {
  leadPhone: Phone,
  batonNumber: Phone,
  channel: Channel,
  vertical: Type.Optional(Vertical),
});
const Lines = Type.Array(ThreadLine, {
  maxItems: recentLinesCarried + 1,
  description: 'the latest lines of the thread, oldest first',
});
export const LeadMessageRecorded = fact(
  'lead-message.recorded',
  'A lead message is on the record; any turn granted before it is void.',
  {
    messageId: Type.String(),
    sequence: Type.Integer({ minimum: 1, description: 'the lead message number in the conversation' }),
    lines: Type.Optional(Lines),
  },
);
export const SignalRecorded = fact('signal.recorded', "A lead message's handoff signals are in (possibly none).", {
  messageId: Type.String(),
  signals: Type.Array(Detection),
  identityQuestion: Type.Optional(IdentityQuestion),
});
export const HandoffTriggered = fact(
  'handoff.triggered',
  'A signal called for a person: the AI may only make handoff moves now.',
  {
    mode: HandoffMode,
    signals: Type.Array(Detection, { description: 'the signals that triggered it, with their evidence' }),
    messageId: Type.String(),
  },
);
export const TurnGranted = fact(
  'turn.granted',
  'The AI may send one message, as the directive says, in reply to a lead message.',
  {
    turnId: Type.String(),
    inReplyTo: Type.String({ description: 'the lead message id' }),
    directive: Directive,
    reason: Type.Optional(SignalKind),
    // warm_transfer: the transition line is said on a live call before a rep is brought in.
    mode: Type.Optional(HandoffMode),
    lines: Type.Optional(
      Type.Array(ThreadLine, {
        maxItems: recentLinesCarried + 1,
        description:
          'the thread up to the message it answers, oldest first: what the agent reads, so it never waits for another topic',
      }),
    ),
    offer: Type.Optional(SlotOffer),
    meeting: Type.Optional(MeetingNote),
  },
);
/**
 * The id of the turn conversation-state grants in answer to an event (a lead's signals, a slot offer): derived, so
 * a redelivery grants the same turn, and the service that caused it (scheduling, for its offer) can follow what
 * became of its turn on the messages topic (sent, or void) without waiting for this fact on another topic.
 */
export const turnIdFor = (causeEventId: string): string => derivedEventId(`turn:${causeEventId}`);

export const HumanTookOver = fact('human.took-over', 'A rep drives the conversation; every AI send is refused.', {
  repId: RepId,
  repName: Type.Optional(Text(textLimits.repName, { minLength: 1 })),
  announcement: Type.Optional(
    Text(textLimits.smsBody, { description: 'the line the lead is sent, in the same thread' }),
  ),
});
export const HandedBack = fact('handed-back', 'A rep gave the conversation back to the AI.', {
  repId: RepId,
  note: Type.Optional(Text(textLimits.note)),
});
export const AiPaused = fact('ai.paused', 'Nobody replies automatically; lead messages go to the rep queue.', {
  reason: Type.Optional(Text(textLimits.reason)),
});
export const AiResumed = fact('ai.resumed', 'A supervisor gave a paused conversation back to the AI.', {});
export const OptedOut = fact('opted-out', 'The lead opted out: nothing goes out but the opt-out confirmation.', {
  channel: Type.Union([Channel, Type.Literal('all')]),
  source: Type.String(),
  messageId: Type.Optional(Type.String()),
});
export const OptedIn = fact('opted-in', 'The lead opted in again; the conversation waits, paused, for a rep.', {
  channel: Type.Union([Channel, Type.Literal('all')]),
  source: Type.String(),
  messageId: Type.Optional(Type.String()),
});
export const MeetingLinked = fact('meeting.linked', 'A meeting with a rep is booked for this conversation.', {
  meetingId: Type.String(),
  repId: Type.String(),
  startsAt: Timestamp,
});
export const MeetingUnlinked = fact(
  'meeting.unlinked',
  'The linked meeting is over for this conversation: cancelled, attended or missed.',
  {
    meetingId: Type.String(),
    reason: Type.Union([Type.Literal('cancelled'), Type.Literal('attended'), Type.Literal('no_show')]),
    rebook: Type.Optional(
      Type.Boolean({ description: "the tenant's policy offers a new time after a missed meeting" }),
    ),
  },
);
export const ConversationClosed = fact(
  'conversation.closed',
  'The conversation is closed; a new lead message reopens it.',
  {
    reason: Type.Optional(Text(textLimits.reason)),
  },
);

export const conversationFacts = [
  ConversationStarted,
  LeadMessageRecorded,
  SignalRecorded,
  HandoffTriggered,
  TurnGranted,
  HumanTookOver,
  HandedBack,
  AiPaused,
  AiResumed,
  OptedOut,
  OptedIn,
  MeetingLinked,
  MeetingUnlinked,
  ConversationClosed,
] as const;

/** `human.took-over` -> `baton.conversations.human.took-over.v1` */
export const conversationEventType = (name: string) => `baton.conversations.${name}.v1`;
