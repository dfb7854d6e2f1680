import { Type, type TProperties } from '@sinclair/typebox';
import { defineEvent } from '../define-event';
import { Actor } from '../shared';
import { RepId, Text, textLimits } from '../http/text';
import { topics } from '../topics';

// Requests to change who drives a conversation; conversation-state decides and may refuse.
const request = <T extends string, P extends TProperties>(name: T, description: string, fields: P = {} as P) =>
  defineEvent({
    type: `baton.commands.${name}.requested.v1` as `baton.commands.${T}.requested.v1`,
    topic: topics.conversationCommands,
    description,
    data: Type.Object({ actor: Actor, ...fields }, { additionalProperties: false }),
  });

export const TakeOverRequested = request('take-over', 'A rep claims the conversation.', {
  repId: RepId,
  repName: Type.Optional(Text(textLimits.repName, { minLength: 1 })),
  via: Type.Optional(
    Type.Union([Type.Literal('console'), Type.Literal('warm_transfer')], {
      description: 'warm_transfer: the rep joined the lead on a live call (no text announces it)',
    }),
  ),
});
export const HandBackRequested = request('hand-back', 'A rep gives the conversation back to the AI.', {
  repId: RepId,
  note: Type.Optional(Text(textLimits.note)),
});
export const PauseRequested = request('pause', 'A supervisor pauses automatic replies.', {
  reason: Type.Optional(Text(textLimits.reason)),
});
export const ResumeRequested = request('resume', 'A supervisor resumes automatic replies.', {});
export const CloseRequested = request('close', 'Close the conversation.', {
  reason: Type.Optional(Text(textLimits.reason)),
});
