import { Type, type Static } from '@sinclair/typebox';
import { Timestamp } from '../envelope';
import { Phone, Presence, TimeZone, WorkingHours } from '../shared';
import { Identifier, Text } from './text';

// Request bodies and queries of the scheduling routes (reps, meetings, the tenant's scheduling policy).
const strict = { additionalProperties: false } as const;
const url = (description: string) => Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500, description });
const secret = (description: string, maxLength: number) =>
  Type.Optional(
    Text(maxLength, {
      minLength: 1,
      description: `${description}; write-only: never returned, kept when left out of a PUT`,
    }),
  );

export const CalendarConnection = Type.Union([
  Type.Object({ kind: Type.Literal('internal') }, { ...strict, description: "Baton's own calendar in PostgreSQL" }),
  Type.Object(
    {
      kind: Type.Literal('caldav'),
      serverUrl: url('the CalDAV server (iCloud, Fastmail, Nextcloud, Radicale, ...)'),
      calendarUrl: Type.Optional(url('the calendar collection; unset means the first calendar the account has')),
      username: Text(200, { minLength: 1 }),
      password: secret('the password or app password', 500),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('google'),
      calendarId: Text(300, { minLength: 1, description: 'e.g. primary, or the calendar address' }),
      clientId: Text(300, { minLength: 1 }),
      clientSecret: secret('the OAuth client secret', 300),
      refreshToken: secret('an OAuth refresh token with the calendar scope', 2000),
    },
    strict,
  ),
]);
export type CalendarConnection = Static<typeof CalendarConnection>;

export const RepBody = Type.Object(
  {
    name: Text(100, { minLength: 1 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    phone: Type.Optional(Phone),
    timezone: TimeZone,
    workingHours: WorkingHours,
    meeting: Type.Optional(
      Type.Object(
        {
          minutes: Type.Integer({ minimum: 5, maximum: 240, description: 'meeting length (default 15)' }),
          bufferBeforeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
          bufferAfterMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
        },
        strict,
      ),
    ),
    territory: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), {
        maxItems: 60,
        uniqueItems: true,
        description: 'US states (two letters); empty covers all',
      }),
    ),
    skills: Type.Optional(
      Type.Object(
        {
          verticals: Type.Optional(
            Type.Array(Identifier('a vertical, e.g. mortgage'), { maxItems: 20, uniqueItems: true }),
          ),
          languages: Type.Optional(
            Type.Array(Type.String({ pattern: '^[a-z]{2}$' }), {
              maxItems: 20,
              uniqueItems: true,
              description: 'ISO 639-1, e.g. en, es',
            }),
          ),
        },
        strict,
      ),
    ),
    calendar: Type.Optional(CalendarConnection),
    meetingUrl: Type.Optional(url("where the lead joins (a video link); unset means the rep calls the lead's number")),
  },
  strict,
);
export type RepBody = Static<typeof RepBody>;

export const PresenceBody = Type.Object({ presence: Presence }, strict);
export type PresenceBody = Static<typeof PresenceBody>;

export const MeetingsQuery = Type.Object(
  {
    repId: Type.Optional(Identifier('only this rep (a rep token sees only its own)')),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  strict,
);
export type MeetingsQuery = Static<typeof MeetingsQuery>;

export const CancelMeetingBody = Type.Object({ reason: Type.Optional(Text(500)) }, strict);
export type CancelMeetingBody = Static<typeof CancelMeetingBody>;
export const RescheduleMeetingBody = Type.Object({ start: Timestamp }, strict);
export type RescheduleMeetingBody = Static<typeof RescheduleMeetingBody>;
export const MeetingOutcomeBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('attended'), Type.Literal('no_show')]),
    note: Type.Optional(Text(500)),
  },
  strict,
);
export type MeetingOutcomeBody = Static<typeof MeetingOutcomeBody>;

export const RoutingStrategy = Type.Union([
  Type.Literal('round_robin'),
  Type.Literal('least_loaded'),
  Type.Literal('territory'),
  Type.Literal('skill'),
]);
export const SchedulingPolicyBody = Type.Object(
  {
    timezone: Type.Optional(TimeZone),
    routing: Type.Optional(
      Type.Object(
        {
          strategy: RoutingStrategy,
          fallback: Type.Optional(
            Type.Union([Type.Literal('round_robin'), Type.Literal('least_loaded'), Type.Literal('none')]),
          ),
        },
        strict,
      ),
    ),
    vertical: Type.Optional(Identifier("the vertical leads come in for, matched against reps' skills")),
    minNoticeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 7 * 24 * 60 })),
    horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  },
  strict,
);
export type SchedulingPolicyBody = Static<typeof SchedulingPolicyBody>;
