import type { MeetingNote, SlotOffer } from '@baton/contracts';

/** The conversation aggregate's facts: every one says who (actor), why (cause) and when (at). */
export type Driver = 'ai' | 'handoff_pending' | 'human' | 'paused' | 'opted_out';
export type HandoffMode = 'async_booking' | 'warm_transfer' | 'live_takeover';
export type SignalKind = 'explicit_request' | 'high_intent' | 'out_of_confidence' | 'sentiment_shift';
export type Directive = 'qualify' | 'handoff_transition' | 'offer_slots' | 'confirm_booking' | 'follow_up';
export type Channel = 'sms' | 'voice';

export interface Actor {
  kind: 'lead' | 'ai' | 'rep' | 'supervisor' | 'admin' | 'system';
  id?: string;
}

export interface SignalRef {
  signal: SignalKind;
  confidence: number;
  evidence: { text: string; start: number; end: number };
  detector: string;
}

type Fact<T extends string, D> = { type: T; data: D; actor: Actor; cause: string; at: string };

export type ConversationEvent =
  | Fact<'conversation.started', { leadPhone: string; batonNumber: string; channel: Channel }>
  | Fact<'lead-message.recorded', { messageId: string; sequence: number }>
  | Fact<'signal.recorded', { messageId: string; signals: SignalRef[] }>
  | Fact<'handoff.triggered', { mode: HandoffMode; signals: SignalRef[]; messageId: string }>
  | Fact<'turn.granted', { turnId: string; inReplyTo: string; directive: Directive; reason?: SignalKind; offer?: SlotOffer; meeting?: MeetingNote }>
  | Fact<'human.took-over', { repId: string; repName?: string; announcement?: string }>
  | Fact<'handed-back', { repId: string; note?: string }>
  | Fact<'ai.paused', { reason?: string }>
  | Fact<'ai.resumed', Record<string, never>>
  | Fact<'opted-out', { channel: Channel | 'all'; messageId?: string; source: string }>
  | Fact<'opted-in', { channel: Channel | 'all'; messageId?: string; source: string }>
  | Fact<'meeting.linked', { meetingId: string; repId: string; startsAt: string }>
  | Fact<'meeting.unlinked', { meetingId: string; reason: 'cancelled' | 'attended' | 'no_show'; rebook?: boolean }>
  | Fact<'conversation.closed', { reason?: string }>;

export type ConversationEventType = ConversationEvent['type'];
export type EventOfType<T extends ConversationEventType> = Extract<ConversationEvent, { type: T }>;

/** The facts that change who drives the conversation. */
export const driverChanges: ReadonlySet<ConversationEventType> = new Set([
  'handoff.triggered', 'human.took-over', 'handed-back', 'ai.paused', 'ai.resumed', 'opted-out', 'opted-in', 'conversation.closed',
]);
