import { InvalidEvent, parseEnvelope, type EventDefinition } from './define-event';
import type { CloudEvent } from './envelope';
import { AuditCheckpointSigned, LeadErased } from './events/audit';
import {
  BriefReady,
  BriefUpdated,
  CallEnded,
  CallParticipantUpdated,
  CallRecorded,
  CallRefused,
  CallRequested,
  CallStarted,
  RepReQuestioned,
  TransferConnected,
  TransferFailed,
  TransferRequested,
} from './events/briefs-and-calls';
import {
  CloseRequested,
  HandBackRequested,
  PauseRequested,
  ResumeRequested,
  TakeOverRequested,
} from './events/commands';
import { conversationFacts } from './events/conversations';
import {
  ConsentRecorded,
  LeadOptedIn,
  LeadOptedOut,
  MessageBlocked,
  MessageDeliveryUpdated,
  MessageReceived,
  MessageSent,
  OutboundRequested,
} from './events/messages';
import {
  MeetingAttended,
  MeetingBooked,
  MeetingCancelled,
  MeetingNoShow,
  MeetingRescheduled,
  ReminderDue,
  RepUpdated,
  SlotsOffered,
  SlotsUnavailable,
} from './events/scheduling';
import { SignalDetected } from './events/signals';
import type { Topic } from './topics';

/** Every event Baton puts on the bus. */
export const eventCatalogue: readonly EventDefinition[] = [
  MessageReceived,
  MessageSent,
  MessageBlocked,
  MessageDeliveryUpdated,
  LeadOptedOut,
  LeadOptedIn,
  ConsentRecorded,
  SignalDetected,
  ...conversationFacts,
  OutboundRequested,
  CallRequested,
  TakeOverRequested,
  HandBackRequested,
  PauseRequested,
  ResumeRequested,
  CloseRequested,
  BriefReady,
  BriefUpdated,
  RepReQuestioned,
  RepUpdated,
  SlotsOffered,
  SlotsUnavailable,
  MeetingBooked,
  MeetingRescheduled,
  MeetingCancelled,
  ReminderDue,
  MeetingAttended,
  MeetingNoShow,
  CallStarted,
  CallEnded,
  CallRecorded,
  CallParticipantUpdated,
  CallRefused,
  TransferRequested,
  TransferConnected,
  TransferFailed,
  AuditCheckpointSigned,
  LeadErased,
];

const byType = new Map(eventCatalogue.map((d) => [d.type, d]));
if (byType.size !== eventCatalogue.length) throw new Error('two event definitions share a type');

export const definitionFor = (type: string): EventDefinition | undefined => byType.get(type);
export const eventsOnTopic = (topic: Topic): EventDefinition[] => eventCatalogue.filter((d) => d.topic === topic);

/** Checks any Baton event: the envelope, then the data against its type's definition. */
export function parseCatalogued(raw: unknown): CloudEvent {
  const envelope = parseEnvelope(raw);
  const definition = byType.get(envelope.type);
  if (!definition) throw new InvalidEvent(`unknown event type ${envelope.type}`, envelope.type);
  return definition.check.Check(envelope)
    ? envelope
    : (() => {
        const errors = [...definition.check.Errors(envelope)]
          .slice(0, 3)
          .map((e) => `${e.path || '/'} ${e.message}`)
          .join('; ');
        throw new InvalidEvent(errors, envelope.type);
      })();
}
