import { Type, type Static } from '@sinclair/typebox';

// The query of GET /v1/conversations/{id}/brief: the one definition the API validates against and the
// OpenAPI document shows.
export const BriefQuery = Type.Object(
  {
    include: Type.Optional(
      Type.Literal('transcript', { description: 'add the full transcript, every message with its author' }),
    ),
  },
  { additionalProperties: false },
);
export type BriefQuery = Static<typeof BriefQuery>;
