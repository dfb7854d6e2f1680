import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from './envelope';

export const Phone = Type.String({ format: 'e164', description: 'E.164 phone number, e.g. +15125550100' });
export const Channel = Type.Union([Type.Literal('sms'), Type.Literal('voice')], { description: 'the lead channel' });
export type Channel = Static<typeof Channel>;
/** The line of business a Baton number serves (mortgage, solar, auto, ...): set when the number is registered. */
export const Vertical = Type.String({
  pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
  description:
    "the line of business of the Baton number the lead wrote to (its registration's), e.g. mortgage, solar, auto",
});
export const Author = Type.Union([
  Type.Literal('lead'),
  Type.Literal('ai'),
  Type.Literal('rep'),
  Type.Literal('system'),
]);
export type Author = Static<typeof Author>;
export const Driver = Type.Union(
  [
    Type.Literal('ai'),
    Type.Literal('handoff_pending'),
    Type.Literal('human'),
    Type.Literal('paused'),
    Type.Literal('opted_out'),
  ],
  { description: 'who drives the conversation' },
);
export type Driver = Static<typeof Driver>;
/** Who a bearer token's `role` claim says the caller is; agent: an external AI agent answering granted turns. */
export const roles = ['rep', 'supervisor', 'auditor', 'admin', 'agent'] as const;
export const Role = Type.Union(
  roles.map((r) => Type.Literal(r)),
  { description: "the caller's role, from the bearer token" },
);
export type Role = (typeof roles)[number];
export const HandoffMode = Type.Union([
  Type.Literal('async_booking'),
  Type.Literal('warm_transfer'),
  Type.Literal('live_takeover'),
]);
export type HandoffMode = Static<typeof HandoffMode>;
export const SignalKind = Type.Union([
  Type.Literal('explicit_request'),
  Type.Literal('high_intent'),
  Type.Literal('out_of_confidence'),
  Type.Literal('sentiment_shift'),
]);
export type SignalKind = Static<typeof SignalKind>;
export const Directive = Type.Union(
  [
    Type.Literal('qualify'),
    Type.Literal('handoff_transition'),
    Type.Literal('offer_slots'),
    Type.Literal('confirm_booking'),
    Type.Literal('follow_up'),
    // The lead asked whether they are talking to a machine: say truthfully it is an AI assistant and offer a person
    // (with a reason, a handoff is under way: say a person is coming, and ask nothing).
    Type.Literal('disclose_ai'),
  ],
  { description: 'what the AI may say with a granted turn' },
);
export type Directive = Static<typeof Directive>;
export const Actor = Type.Object(
  {
    kind: Type.Union([
      Type.Literal('lead'),
      Type.Literal('ai'),
      Type.Literal('rep'),
      Type.Literal('supervisor'),
      Type.Literal('admin'),
      Type.Literal('system'),
    ]),
    id: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false, description: 'who did it' },
);
export type Actor = Static<typeof Actor>;
export const Evidence = Type.Object(
  {
    text: Type.String({ description: 'the words that show the signal' }),
    start: Type.Integer({ minimum: 0, description: 'offset of the span in the message' }),
    end: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export const Detection = Type.Object(
  {
    signal: SignalKind,
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    evidence: Evidence,
    detector: Type.String({ description: 'rules, anthropic or ensemble' }),
    reason: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Detection = Static<typeof Detection>;
/** The engines a signal can be decided by; `ensemble` is what rules plus the language model were called before the learned model. */
export const SignalEngineName = Type.Union(
  [Type.Literal('rules'), Type.Literal('model'), Type.Literal('anthropic'), Type.Literal('ensemble')],
  { description: 'the engine that decided' },
);
export type SignalEngineName = Static<typeof SignalEngineName>;
/** The lead asked whether they are talking to an AI ("are you a bot?", "¿eres una persona real?"): not a handoff signal. */
export const IdentityQuestion = Type.Object(
  {
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    evidence: Evidence,
    detector: Type.String({ description: 'rules, model or anthropic' }),
    language: Type.Optional(
      Type.Union([Type.Literal('en'), Type.Literal('es')], { description: 'the language the question was asked in' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'the lead asked whether they are talking to an AI; the AI answers truthfully',
  },
);
export type IdentityQuestion = Static<typeof IdentityQuestion>;
/** Who, why and when: carried by every conversation fact. */
export const factFields = {
  actor: Actor,
  cause: Type.String({ minLength: 1, description: 'why it happened' }),
  at: Timestamp,
};

/** One line of the thread as the lead saw it: what a reader needs to answer without a copy of the transcript. */
export const ThreadLine = Type.Object(
  {
    author: Author,
    text: Type.String({ maxLength: 1600 }),
    at: Timestamp,
    messageId: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ThreadLine = Static<typeof ThreadLine>;
/** How many lines of the thread travel with a lead message and a turn. */
export const recentLinesCarried = 12;
// Scheduling words: shared by scheduling's events, the turns that carry them to the AI and the HTTP API.
const strict = { additionalProperties: false } as const;
export const Presence = Type.Union([Type.Literal('available'), Type.Literal('busy'), Type.Literal('offline')], {
  description: "a rep's presence: available (at the console now), busy, offline",
});
export type Presence = Static<typeof Presence>;
export const TimeZone = Type.String({
  format: 'time-zone',
  maxLength: 64,
  description: 'IANA time zone, e.g. America/Chicago',
});
export const ClockTime = Type.String({
  pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$',
  description: 'HH:mm, local; 24:00 ends a day',
});
export const DailyHours = Type.Array(Type.Object({ start: ClockTime, end: ClockTime }, strict), { maxItems: 4 });
export const WorkingHours = Type.Object(
  {
    mon: Type.Optional(DailyHours),
    tue: Type.Optional(DailyHours),
    wed: Type.Optional(DailyHours),
    thu: Type.Optional(DailyHours),
    fri: Type.Optional(DailyHours),
    sat: Type.Optional(DailyHours),
    sun: Type.Optional(DailyHours),
  },
  { ...strict, description: "working hours per weekday in the rep's zone; a day left out is not worked" },
);
export type WorkingHours = Static<typeof WorkingHours>;
export const Slot = Type.Object({ start: Timestamp, end: Timestamp }, strict);
export type Slot = Static<typeof Slot>;
export const OfferReason = Type.Union(
  [
    Type.Literal('handoff'),
    Type.Literal('clarify'),
    Type.Literal('other_times'),
    Type.Literal('slot_taken'),
    Type.Literal('reschedule'),
    Type.Literal('no_show'),
  ],
  {
    description:
      'why slots are offered: the handoff itself, the same pair again after an unclear pick, a new pair the lead asked for, a pick taken meanwhile, a move, a missed meeting',
  },
);
export type OfferReason = Static<typeof OfferReason>;
/** What the AI needs to offer slots in the lead's words: the times, the lead's zone, the rep. */
export const SlotOffer = Type.Object(
  {
    offerId: Type.String({ minLength: 1 }),
    slots: Type.Array(Slot, { minItems: 1, maxItems: 2 }),
    leadTimezone: TimeZone,
    /** The lead's zone is a guess (several zones fit the number): say the zone with the time. */
    zoneUncertain: Type.Optional(Type.Boolean()),
    repName: Type.String({ minLength: 1 }),
    minutes: Type.Integer({ minimum: 1, description: 'meeting length' }),
    why: OfferReason,
  },
  strict,
);
export type SlotOffer = Static<typeof SlotOffer>;
export const MeetingStatus = Type.Union([
  Type.Literal('booked'),
  Type.Literal('rescheduled'),
  Type.Literal('cancelled'),
  Type.Literal('attended'),
  Type.Literal('no_show'),
]);
export type MeetingStatus = Static<typeof MeetingStatus>;
/** What the AI needs to confirm a booking (or its change) in the lead's words. */
export const MeetingNote = Type.Object(
  {
    meetingId: Type.String({ minLength: 1 }),
    start: Timestamp,
    end: Timestamp,
    leadTimezone: TimeZone,
    zoneUncertain: Type.Optional(Type.Boolean()),
    repName: Type.String({ minLength: 1 }),
    status: MeetingStatus,
    leadInvited: Type.Boolean({ description: 'an invite was mailed to the lead' }),
    reminderMinutes: Type.Integer({ minimum: 0, description: 'the reminder text goes out this long before' }),
  },
  strict,
);
export type MeetingNote = Static<typeof MeetingNote>;
