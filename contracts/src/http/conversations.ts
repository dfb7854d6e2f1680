import { Type, type Static } from '@sinclair/typebox';
import { Driver, Phone } from '../shared';
import { Timestamp, Uuid } from '../envelope';
import { RepId, Text, textLimits } from './text';

// Request bodies and queries of the conversation routes: the one definition the API validates against and
// the OpenAPI document shows.
const strict = { additionalProperties: false } as const;

export const TakeOverBody = Type.Object(
  { repId: Type.Optional(RepId), repName: Type.Optional(Text(textLimits.repName, { minLength: 1 })) },
  strict,
);
export type TakeOverBody = Static<typeof TakeOverBody>;
export const HandBackBody = Type.Object(
  { repId: Type.Optional(RepId), note: Type.Optional(Text(textLimits.note)) },
  strict,
);
export type HandBackBody = Static<typeof HandBackBody>;
export const PauseBody = Type.Object({ reason: Type.Optional(Text(textLimits.reason)) }, strict);
export type PauseBody = Static<typeof PauseBody>;
export const ResumeBody = Type.Object({}, strict);
export const CloseBody = Type.Object({ reason: Type.Optional(Text(textLimits.reason)) }, strict);
export type CloseBody = Static<typeof CloseBody>;
export const RepMessageBody = Type.Object(
  { body: Text(textLimits.smsBody, { minLength: 1 }), repId: Type.Optional(RepId) },
  strict,
);
export type RepMessageBody = Static<typeof RepMessageBody>;
export const TurnReplyBody = Type.Object({ body: Text(textLimits.smsBody, { minLength: 1 }) }, strict);
export type TurnReplyBody = Static<typeof TurnReplyBody>;

export const ConversationListQuery = Type.Object(
  {
    driver: Type.Optional(Driver),
    leadPhone: Type.Optional(Phone),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9_-]{1,512}$', description: 'nextCursor of the previous page' }),
    ),
  },
  strict,
);
export type ConversationListQuery = Static<typeof ConversationListQuery>;
/** What a list cursor holds (base64url JSON): where the previous page ended. */
export const ConversationCursor = Type.Object({ at: Timestamp, id: Uuid }, strict);
export type ConversationCursor = Static<typeof ConversationCursor>;

/** The rep console's inbox: handoff-pending first, longest wait since the trigger first; then the rest by activity. */
export const InboxQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('mine'), Type.Literal('unassigned')], {
        description: 'mine: held by the caller (a rep); unassigned: no rep holds it; all (default)',
        default: 'all',
      }),
    ),
    driver: Type.Optional(Driver),
    vertical: Type.Optional(
      Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,39}$', description: "the Baton number's line of business" }),
    ),
    channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('voice')])),
    includeClosed: Type.Optional(
      Type.Boolean({ description: 'closed conversations too (default false)', default: false }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 100 })),
  },
  strict,
);
export type InboxQuery = Static<typeof InboxQuery>;

/** `GET /v1/events/stream`: nothing but where to resume, which EventSource-style clients send as a header. */
export const EventStreamQuery = Type.Object({}, strict);
