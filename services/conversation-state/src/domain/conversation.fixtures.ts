import type { MeetingNote, SlotOffer } from '@baton/contracts';
import type { ConversationCommand } from './conversation.decider';
import type { ConversationEvent, IdentityQuestion, SignalKind, SignalRef } from './conversation.events';
import { defaultHandoffPolicy, type HandoffContext } from './handoff-policy';

export const at = '2026-03-02T15:04:05.000Z';
export const leadFacts = { leadPhone: '+15125550100', batonNumber: '+15125550199', channel: 'sms' as const };
export const noRepNow: HandoffContext = { repAvailable: false, withinBusinessHours: false, onLiveCall: false };
export const repNow: HandoffContext = { repAvailable: true, withinBusinessHours: true, onLiveCall: false };

export const aSignal = (signal: SignalKind, confidence = 0.9, text = 'can I talk to a person'): SignalRef => ({
  signal,
  confidence,
  evidence: { text, start: 0, end: text.length },
  detector: 'rules',
});

export const leadWrote = (messageId: string): ConversationCommand => ({
  type: 'record-lead-message',
  messageId,
  at,
  lead: leadFacts,
});
export const signalsFor = (
  messageId: string,
  signals: SignalRef[] = [],
  context: HandoffContext = noRepNow,
  turnId = `turn-${messageId}`,
): ConversationCommand => ({
  type: 'record-signals',
  messageId,
  signals,
  at,
  turnId,
  policy: defaultHandoffPolicy,
  context,
});
export const anIdentityQuestion = (text = 'are you a bot?', language: 'en' | 'es' = 'en'): IdentityQuestion => ({
  confidence: 0.95,
  evidence: { text, start: 0, end: text.length },
  detector: 'rules',
  language,
});
/** Signals for a message that also asks whether the lead is talking to an AI. */
export const signalsWithIdentity = (
  messageId: string,
  signals: SignalRef[] = [],
  identity = anIdentityQuestion(),
): ConversationCommand => ({
  type: 'record-signals',
  messageId,
  signals,
  at,
  turnId: `turn-${messageId}`,
  policy: defaultHandoffPolicy,
  context: noRepNow,
  identityQuestion: identity,
});

export const started = (): ConversationEvent => ({
  type: 'conversation.started',
  data: leadFacts,
  actor: { kind: 'lead' },
  cause: 'first lead message',
  at,
});
export const recorded = (messageId: string, sequence: number): ConversationEvent => ({
  type: 'lead-message.recorded',
  data: { messageId, sequence },
  actor: { kind: 'lead' },
  cause: 'lead wrote',
  at,
});
export const signalRecorded = (messageId: string, signals: SignalRef[] = []): ConversationEvent => ({
  type: 'signal.recorded',
  data: { messageId, signals },
  actor: { kind: 'system', id: 'conversation-state' },
  cause: 'signals detected',
  at,
});
export const aHandoffTriggered = (messageId = 'm1', signals = [aSignal('explicit_request')]): ConversationEvent => ({
  type: 'handoff.triggered',
  data: { mode: 'async_booking', signals, messageId },
  actor: { kind: 'system', id: 'conversation-state' },
  cause: 'explicit_request detected',
  at,
});
export const aRepTookOver = (repId = 'rep-7'): ConversationEvent => ({
  type: 'human.took-over',
  data: { repId },
  actor: { kind: 'rep', id: repId },
  cause: 'rep claimed the conversation',
  at,
});
export const handedBack = (repId = 'rep-7'): ConversationEvent => ({
  type: 'handed-back',
  data: { repId },
  actor: { kind: 'rep', id: repId },
  cause: 'rep handed back',
  at,
});

export const anOffer = (offerId = 'o1', why: SlotOffer['why'] = 'handoff'): SlotOffer => ({
  offerId,
  why,
  repName: 'Sarah Lee',
  leadTimezone: 'America/Chicago',
  minutes: 15,
  slots: [
    { start: '2026-03-03T16:30:00.000Z', end: '2026-03-03T16:45:00.000Z' },
    { start: '2026-03-03T19:15:00.000Z', end: '2026-03-03T19:30:00.000Z' },
  ],
});
export const aMeeting = (over: Partial<MeetingNote> = {}): MeetingNote => ({
  meetingId: 'mt1',
  start: '2026-03-03T16:30:00.000Z',
  end: '2026-03-03T16:45:00.000Z',
  leadTimezone: 'America/Chicago',
  repName: 'Sarah Lee',
  status: 'booked',
  leadInvited: false,
  reminderMinutes: 30,
  ...over,
});
export const linkMeeting = (
  meeting: MeetingNote = aMeeting(),
  turnId = 't-link',
  inReplyTo?: string,
): ConversationCommand => ({
  type: 'link-meeting',
  meeting,
  repId: 'demo-rep',
  at,
  turnId,
  ...(inReplyTo ? { inReplyTo } : {}),
});
