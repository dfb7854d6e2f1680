import { Type, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Timestamp } from '../envelope';
import { Phone } from '../shared';
import { topics } from '../topics';

const scheduling = <T extends string, P extends TProperties>(name: T, description: string, fields: P) =>
  defineEvent({
    type: `baton.scheduling.${name}.v1` as `baton.scheduling.${T}.v1`,
    topic: topics.scheduling,
    description,
    data: Type.Object(fields, { additionalProperties: false }),
  });
const Slot = Type.Object({ start: Timestamp, end: Timestamp, repId: Type.String() }, { additionalProperties: false });

export const SlotsOffered = scheduling('slots.offered', 'Two concrete slots were offered to the lead.', { offerId: Type.String(), slots: Type.Array(Slot, { minItems: 1 }) });
export const MeetingBooked = scheduling('meeting.booked', "A meeting is on the rep's calendar.", {
  meetingId: Type.String(), repId: Type.String(), start: Timestamp, end: Timestamp, leadTimezone: Type.Optional(Type.String()),
});
export const MeetingRescheduled = scheduling('meeting.rescheduled', 'A meeting moved.', { meetingId: Type.String(), start: Timestamp, end: Timestamp });
export const MeetingCancelled = scheduling('meeting.cancelled', 'A meeting was cancelled.', { meetingId: Type.String(), reason: Type.Optional(Type.String()) });
export const ReminderDue = scheduling('reminder.due', 'The lead is due a reminder (30 minutes before by default).', { meetingId: Type.String(), dueAt: Timestamp });
export const MeetingAttended = scheduling('meeting.attended', 'The lead showed up.', { meetingId: Type.String() });
export const MeetingNoShow = scheduling('meeting.no-show', 'The lead did not show up.', { meetingId: Type.String() });
export const RepUpdated = defineEvent({
  type: 'baton.scheduling.rep.updated.v1', topic: topics.scheduling,
  description: "A rep's profile or presence changed (or the rep was removed). Subject rep:<repId>.",
  data: Type.Object({
    repId: Type.String(), name: Type.String(), email: Type.Optional(Type.String()), phone: Type.Optional(Phone), timezone: Type.String(),
    presence: Type.Union([Type.Literal('available'), Type.Literal('busy'), Type.Literal('offline')]), removed: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
});
