import type {
  AiPaused,
  AiResumed,
  ConversationClosed,
  ConversationStarted,
  DataOf,
  HandedBack,
  HandoffTriggered,
  HumanTookOver,
  LeadMessageRecorded,
  MeetingLinked,
  MeetingUnlinked,
  OptedIn,
  OptedOut,
  SignalRecorded,
  TurnGranted,
} from '@baton/contracts';
export type {
  Actor,
  Channel,
  Detection as SignalRef,
  Directive,
  Driver,
  HandoffMode,
  IdentityQuestion,
  SignalKind,
  ThreadLine,
} from '@baton/contracts';

/**
 * The conversation aggregate's facts, derived from their contracts (contracts/src/events/conversations.ts):
 * on the wire `actor`, `cause` and `at` sit inside data; here they stand beside it, so no driver change can be
 * written without who, why and when.
 */
type Fact<T extends string, E> = {
  type: T;
  data: Omit<DataOf<E>, 'actor' | 'cause' | 'at'>;
  actor: DataOf<E> extends { actor: infer A } ? A : never;
  cause: string;
  at: string;
};

export type ConversationEvent =
  | Fact<'conversation.started', typeof ConversationStarted>
  | Fact<'lead-message.recorded', typeof LeadMessageRecorded>
  | Fact<'signal.recorded', typeof SignalRecorded>
  | Fact<'handoff.triggered', typeof HandoffTriggered>
  | Fact<'turn.granted', typeof TurnGranted>
  | Fact<'human.took-over', typeof HumanTookOver>
  | Fact<'handed-back', typeof HandedBack>
  | Fact<'ai.paused', typeof AiPaused>
  | Fact<'ai.resumed', typeof AiResumed>
  | Fact<'opted-out', typeof OptedOut>
  | Fact<'opted-in', typeof OptedIn>
  | Fact<'meeting.linked', typeof MeetingLinked>
  | Fact<'meeting.unlinked', typeof MeetingUnlinked>
  | Fact<'conversation.closed', typeof ConversationClosed>;

export type ConversationEventType = ConversationEvent['type'];
export type EventOfType<T extends ConversationEventType> = Extract<ConversationEvent, { type: T }>;

/** The facts that change who drives the conversation. */
export const driverChanges: ReadonlySet<ConversationEventType> = new Set([
  'handoff.triggered',
  'human.took-over',
  'handed-back',
  'ai.paused',
  'ai.resumed',
  'opted-out',
  'opted-in',
  'conversation.closed',
]);
