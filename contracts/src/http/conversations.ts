import { Type, type Static } from '@sinclair/typebox';
import { Identifier, Text } from './text';

// Request bodies of the conversation routes: the one definition the API validates against and the OpenAPI
// document shows.
const repId = Identifier('the rep acting; a rep token acts as its own subject');
const strict = { additionalProperties: false } as const;

export const TakeOverBody = Type.Object({ repId: Type.Optional(repId), repName: Type.Optional(Text(100, { minLength: 1 })) }, strict);
export type TakeOverBody = Static<typeof TakeOverBody>;
export const HandBackBody = Type.Object({ repId: Type.Optional(repId), note: Type.Optional(Text(2000)) }, strict);
export type HandBackBody = Static<typeof HandBackBody>;
export const PauseBody = Type.Object({ reason: Type.Optional(Text(500)) }, strict);
export type PauseBody = Static<typeof PauseBody>;
export const ResumeBody = Type.Object({}, strict);
export const CloseBody = Type.Object({ reason: Type.Optional(Text(500)) }, strict);
export type CloseBody = Static<typeof CloseBody>;
export const RepMessageBody = Type.Object({ body: Text(1600, { minLength: 1 }), repId: Type.Optional(repId) }, strict);
export type RepMessageBody = Static<typeof RepMessageBody>;
export const TurnReplyBody = Type.Object({ body: Text(1600, { minLength: 1 }) }, strict);
export type TurnReplyBody = Static<typeof TurnReplyBody>;
