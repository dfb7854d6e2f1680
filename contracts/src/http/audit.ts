import { Type, type Static } from '@sinclair/typebox';

// Query strings and bodies of the audit routes: what the routes validate against and the OpenAPI document shows.
const strict = { additionalProperties: false } as const;
const Instant = (description: string) => Type.String({ format: 'date-time', description });
const dimensions = '(day|rep|channel|vertical|mode)';

export const AuditExportQuery = Type.Object(
  {
    from: Type.Optional(Instant('records the log recorded at or after this time')),
    to: Type.Optional(Instant('records the log recorded before this time')),
    format: Type.Optional(
      Type.Union([Type.Literal('jsonl'), Type.Literal('csv')], { description: 'jsonl (default) or csv' }),
    ),
  },
  strict,
);
export type AuditExportQuery = Static<typeof AuditExportQuery>;

export const KpiQuery = Type.Object(
  {
    from: Type.Optional(Instant('start of the window (default: 7 days before to)')),
    to: Type.Optional(Instant('end of the window, exclusive (default: now)')),
    groupBy: Type.Optional(
      Type.String({
        pattern: `^${dimensions}(,${dimensions}){0,4}$`,
        description: 'comma-separated: day, rep, channel, vertical, mode',
      }),
    ),
  },
  strict,
);
export type KpiQuery = Static<typeof KpiQuery>;

export const EraseLeadBody = Type.Object({}, strict);
