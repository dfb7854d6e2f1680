import { allTopics, eventCatalogue, topics } from '@baton/contracts';

/**
 * Which fields of each event hold a lead's personal data (phone numbers, what they wrote, free text about
 * them): these are encrypted with the lead's key before the record is hashed, so erasing the key erases them
 * and the chain still verifies. Paths are relative to `data`; `[]` walks an array. Every event of the catalogue
 * is listed (a test holds this to the catalogue), so a new event cannot slip in unclassified.
 */
export const personalFields: Readonly<Record<string, readonly string[]>> = {
  'baton.messages.message.received.v1': ['leadPhone', 'body', 'recent[].text'],
  'baton.messages.message.sent.v1': ['leadPhone', 'body'],
  'baton.messages.message.blocked.v1': [],
  'baton.messages.message.delivery-updated.v1': [],
  'baton.messages.lead.opted-out.v1': ['leadPhone', 'keyword'],
  'baton.messages.lead.opted-in.v1': ['leadPhone', 'keyword'],
  'baton.messages.consent.recorded.v1': ['leadPhone', 'evidence'],
  'baton.signals.signal.detected.v1': [
    'detections[].evidence.text',
    'detections[].reason',
    'message.text',
    'message.leadPhone',
    'message.recent[].text',
  ],
  'baton.conversations.conversation.started.v1': ['leadPhone'],
  'baton.conversations.lead-message.recorded.v1': ['lines[].text'],
  'baton.conversations.signal.recorded.v1': ['signals[].evidence.text', 'signals[].reason'],
  'baton.conversations.handoff.triggered.v1': ['signals[].evidence.text', 'signals[].reason'],
  'baton.conversations.turn.granted.v1': ['lines[].text'],
  'baton.conversations.human.took-over.v1': [],
  'baton.conversations.handed-back.v1': ['note'],
  // A supervisor's reason is free text, and the decider copies it into cause.
  'baton.conversations.ai.paused.v1': ['reason', 'cause'],
  'baton.conversations.ai.resumed.v1': [],
  'baton.conversations.opted-out.v1': [],
  'baton.conversations.opted-in.v1': [],
  'baton.conversations.meeting.linked.v1': [],
  'baton.conversations.meeting.unlinked.v1': [],
  'baton.conversations.conversation.closed.v1': ['reason', 'cause'],
  'baton.commands.outbound.requested.v1': ['body'],
  'baton.commands.take-over.requested.v1': [],
  'baton.commands.hand-back.requested.v1': ['note'],
  'baton.commands.pause.requested.v1': ['reason'],
  'baton.commands.resume.requested.v1': [],
  'baton.commands.close.requested.v1': ['reason'],
  'baton.briefs.brief.ready.v1': ['summary', 'openingLine', 'spokenSummary', 'fields'],
  // The whisper is the lead's facts read aloud, as brief.ready's spokenSummary is.
  'baton.briefs.brief.updated.v1': ['spokenSummary'],
  'baton.briefs.rep.re-questioned.v1': ['knownValue'],
  'baton.scheduling.slots.offered.v1': [],
  // The reason is the scheduler's own words (no free rep, outside hours), never the lead's.
  'baton.scheduling.slots.unavailable.v1': [],
  // A rep's own contact details, not a lead's: kept as they are (a rep's record is not erased with a lead's).
  'baton.scheduling.rep.updated.v1': [],
  'baton.scheduling.meeting.booked.v1': [],
  'baton.scheduling.meeting.rescheduled.v1': [],
  'baton.scheduling.meeting.cancelled.v1': [],
  'baton.scheduling.reminder.due.v1': [],
  'baton.scheduling.meeting.attended.v1': [],
  'baton.scheduling.meeting.no-show.v1': [],
  'baton.calls.call.started.v1': ['leadPhone'],
  'baton.calls.call.ended.v1': [],
  'baton.calls.transfer.requested.v1': [],
  'baton.calls.transfer.connected.v1': [],
  'baton.calls.transfer.failed.v1': [],
  'baton.calls.call.recorded.v1': ['recordingUrl'],
  'baton.calls.participant.updated.v1': [],
  'baton.calls.call.refused.v1': [],
  'baton.commands.call.requested.v1': ['reason'],
  'baton.audit.checkpoint.signed.v1': [],
  'baton.audit.lead.erased.v1': [],
};

/** The fields that name the lead: where the audit log learns which conversations are whose. */
export const leadPhoneOf = (data: unknown): string | undefined => {
  const phone = (data as { leadPhone?: unknown } | undefined)?.leadPhone;
  return typeof phone === 'string' ? phone : undefined;
};

/**
 * Retention classes: consent, opt-out and opt-in records (proof of what the lead agreed to), call records,
 * and everything else a conversation is made of.
 */
export const retentionClasses = ['consent', 'call', 'conversation'] as const;
export type RetentionClass = (typeof retentionClasses)[number];

const consentTypes = new Set([
  'baton.messages.lead.opted-out.v1',
  'baton.messages.lead.opted-in.v1',
  'baton.messages.consent.recorded.v1',
  'baton.conversations.opted-out.v1',
  'baton.conversations.opted-in.v1',
]);
const topicOf = new Map(eventCatalogue.map((d) => [d.type, d.topic]));

export function retentionClassOf(type: string): RetentionClass {
  if (consentTypes.has(type)) return 'consent';
  if (topicOf.get(type) === topics.calls) return 'call';
  return 'conversation';
}

/** The topics the audit log reads: all of them. */
export const auditedTopics: readonly string[] = allTopics;
