import { Type, type Static, type TSchema } from '@sinclair/typebox';

/** Every service that may appear as a CloudEvents `source`. */
export const serviceNames = [
  'channel-gateway',
  'signal-detector',
  'conversation-state',
  'briefing',
  'scheduling',
  'audit',
  'ai-agent',
  'api',
] as const;
export type ServiceName = (typeof serviceNames)[number];

export const Uuid = Type.String({ format: 'uuid', description: 'RFC 4122 UUID' });
export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 timestamp, UTC' });
/** The CloudEvents `sequence` extension: a conversation fact's revision in its stream, so a reader can tell old from new. */
export const Sequence = Type.String({
  pattern: '^[0-9]{1,19}$',
  description: "the fact's revision in its conversation stream (CloudEvents sequence extension)",
});

/**
 * The CloudEvents 1.0 structured-mode envelope shared by every Baton event.
 * `subject` is the conversationId: it is also the Kafka key, so one conversation's events stay in order.
 */
export function envelopeSchema<T extends string, D extends TSchema>(type: T, data: D) {
  return Type.Object(
    {
      specversion: Type.Literal('1.0'),
      id: Uuid,
      type: Type.Literal(type),
      source: Type.String({ minLength: 1, description: 'the producing service, e.g. /baton/channel-gateway' }),
      subject: Type.String({ minLength: 1, description: 'conversationId; also the partition key' }),
      time: Timestamp,
      datacontenttype: Type.Optional(Type.Literal('application/json')),
      tenantid: Type.String({ minLength: 1 }),
      correlationid: Type.String({ minLength: 1, description: 'the id of the first event of the causal chain' }),
      causationid: Type.Optional(
        Type.String({ minLength: 1, description: 'the id of the event or request that caused this one' }),
      ),
      sequence: Type.Optional(Sequence),
      data,
    },
    { additionalProperties: false },
  );
}

/** The envelope with its data left opaque: what a consumer can check before it knows the type. */
export const AnyEnvelope = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ minLength: 1 }),
  type: Type.String({ pattern: '^baton\\.[a-z-]+(\\.[a-z-]+)+\\.v[0-9]+$' }),
  source: Type.String({ minLength: 1 }),
  subject: Type.String({ minLength: 1 }),
  time: Type.String(),
  tenantid: Type.String({ minLength: 1 }),
  correlationid: Type.String({ minLength: 1 }),
  causationid: Type.Optional(Type.String()),
  datacontenttype: Type.Optional(Type.String()),
  sequence: Type.Optional(Type.String()),
  data: Type.Unknown(),
});
export type AnyEnvelope = Static<typeof AnyEnvelope>;

export interface CloudEvent<T extends string = string, D = unknown> {
  specversion: '1.0';
  id: string;
  type: T;
  source: string;
  subject: string;
  time: string;
  datacontenttype?: 'application/json';
  tenantid: string;
  correlationid: string;
  causationid?: string;
  sequence?: string;
  data: D;
}
