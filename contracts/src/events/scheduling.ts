import { Type, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Timestamp } from '../envelope';
import { MeetingNote, OfferReason, Phone, Presence, SlotOffer, TimeZone, WorkingHours } from '../shared';
import { topics } from '../topics';

// scheduling's facts. Meeting and offer events are keyed by conversationId; rep events by `rep:<repId>`.
const scheduling = <T extends string, P extends TProperties>(name: T, description: string, fields: P) =>
  defineEvent({
    type: `baton.scheduling.${name}.v1` as `baton.scheduling.${T}.v1`,
    topic: topics.scheduling,
    description,
    data: Type.Object(fields, { additionalProperties: false }),
  });
const inReplyTo = Type.Optional(
  Type.String({ minLength: 1, description: 'the lead message this answers (a pick, a request to move or cancel)' }),
);
const meeting = {
  meetingId: Type.String({ minLength: 1 }),
  repId: Type.String({ minLength: 1 }),
  repName: Type.String({ minLength: 1 }),
};

export const RepUpdated = scheduling(
  'rep.updated',
  'A rep was added or changed (subject rep:<repId>); removed says the rep is gone. Carries what routing and the handoff mode need, never calendar secrets.',
  {
    repId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    email: Type.Optional(Type.String({ format: 'email' })),
    phone: Type.Optional(Phone),
    timezone: TimeZone,
    presence: Presence,
    removed: Type.Optional(Type.Boolean()),
    revision: Type.Integer({
      minimum: 1,
      description: 'increases with every change of the rep: apply only a newer one',
    }),
    workingHours: WorkingHours,
    territory: Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), {
      description: 'US states the rep covers; empty covers all',
    }),
    skills: Type.Object(
      { verticals: Type.Array(Type.String()), languages: Type.Array(Type.String()) },
      { additionalProperties: false },
    ),
  },
);

export const SlotsOffered = scheduling(
  'slots.offered',
  "Two concrete slots with one rep, inside the rep's free working time and the lead's allowed hours.",
  {
    ...SlotOffer.properties,
    repId: Type.String({ minLength: 1 }),
    inReplyTo,
  },
);
export const SlotsUnavailable = scheduling(
  'slots.unavailable',
  'No rep has two free slots the lead may take; the AI hands off without times.',
  {
    why: OfferReason,
    reason: Type.String({ minLength: 1 }),
    inReplyTo,
  },
);
export const MeetingBooked = scheduling(
  'meeting.booked',
  "A meeting is booked with a rep: held in the internal calendar, and on the rep's calendar once synced.",
  {
    ...meeting,
    start: Timestamp,
    end: Timestamp,
    offerId: Type.Optional(Type.String()),
    inReplyTo,
    leadTimezone: TimeZone,
    zoneUncertain: Type.Optional(Type.Boolean()),
    leadInvited: MeetingNote.properties.leadInvited,
    reminderMinutes: MeetingNote.properties.reminderMinutes,
  },
);
export const MeetingRescheduled = scheduling(
  'meeting.rescheduled',
  'A meeting moved (by the lead in the thread, or through the API); the calendar follows.',
  {
    ...meeting,
    start: Timestamp,
    end: Timestamp,
    previousStart: Timestamp,
    inReplyTo,
    leadTimezone: TimeZone,
    zoneUncertain: Type.Optional(Type.Boolean()),
    leadInvited: MeetingNote.properties.leadInvited,
    reminderMinutes: MeetingNote.properties.reminderMinutes,
  },
);
export const MeetingCancelled = scheduling(
  'meeting.cancelled',
  'A meeting was cancelled; the calendar follows and its reminder is dropped.',
  {
    ...meeting,
    start: Timestamp,
    end: Timestamp,
    inReplyTo,
    leadTimezone: TimeZone,
    by: Type.Union([Type.Literal('lead'), Type.Literal('rep'), Type.Literal('supervisor'), Type.Literal('admin')]),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
);
export const ReminderDue = scheduling(
  'reminder.due',
  'The reminder came due and was handed to the send gate (author system, once per meeting time).',
  {
    meetingId: Type.String({ minLength: 1 }),
    dueAt: Timestamp,
    start: Timestamp,
    idempotencyKey: Type.String({ minLength: 1 }),
  },
);
const outcome = {
  ...meeting,
  start: Timestamp,
  leadTimezone: TimeZone,
  source: Type.Union([Type.Literal('api'), Type.Literal('calendar')]),
  recordedBy: Type.String({ minLength: 1 }),
};
export const MeetingAttended = scheduling('meeting.attended', 'The lead showed up (for the show-rate KPI).', outcome);
export const MeetingNoShow = scheduling(
  'meeting.no-show',
  'The lead did not show up (for the show-rate KPI).',
  outcome,
);
