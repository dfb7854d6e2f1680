import { type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { createHash, randomUUID } from 'node:crypto';
import { AnyEnvelope, envelopeSchema, type CloudEvent } from './envelope';
import type { Topic } from './topics';
import './formats';

/**
 * One definition gives the TypeScript type (`EventOf<typeof X>`), the runtime check and the JSON Schema.
 * The type name carries the major version: a breaking change is a new definition, never an edit.
 */
export interface EventDefinition<T extends string = string, D extends TSchema = TSchema> {
  readonly type: T;
  readonly topic: Topic;
  readonly description: string;
  readonly data: D;
  readonly schema: TObject;
  readonly check: TypeCheck<TObject>;
}

export function defineEvent<T extends string, D extends TSchema>(spec: {
  type: T;
  topic: Topic;
  description: string;
  data: D;
}): EventDefinition<T, D> {
  if (!/^baton\.[a-z-]+(\.[a-z-]+)+\.v[0-9]+$/.test(spec.type))
    throw new Error(`event type ${spec.type} must read baton.<area>.<name>.v<major>`);
  const schema = envelopeSchema(spec.type, spec.data);
  return { ...spec, schema, check: TypeCompiler.Compile(schema) };
}

export type DataOf<E> = E extends EventDefinition<string, infer D> ? Static<D> : never;
export type EventOf<E> = E extends EventDefinition<infer T, infer D> ? CloudEvent<T, Static<D>> : never;

/** Raised when input does not meet its contract; consumers send it to the dead-letter topic with `reason`. */
export class InvalidEvent extends Error {
  readonly code = 'invalid-event';
  constructor(
    readonly reason: string,
    readonly eventType?: string,
  ) {
    super(`invalid event${eventType ? ` ${eventType}` : ''}: ${reason}`);
  }
}

const anyEnvelope = TypeCompiler.Compile(AnyEnvelope);

function firstErrors(check: TypeCheck<TSchema>, value: unknown): string {
  return [...check.Errors(value)]
    .slice(0, 3)
    .map((e) => `${e.path || '/'} ${e.message}`)
    .join('; ');
}

/** Parses raw bytes, a string or an object into the given event, or raises InvalidEvent naming what is wrong. */
export function parseEvent<E extends EventDefinition>(definition: E, raw: unknown): EventOf<E> {
  const value = decode(raw);
  if (!definition.check.Check(value)) {
    const type = (value as { type?: unknown })?.type;
    if (typeof type === 'string' && type !== definition.type)
      throw new InvalidEvent(`expected ${definition.type}, got ${type}`, type);
    throw new InvalidEvent(firstErrors(definition.check, value), definition.type);
  }
  return value as unknown as EventOf<E>;
}

/** Checks only the envelope; used where a consumer routes by type before it knows the data's shape. */
export function parseEnvelope(raw: unknown): CloudEvent {
  const value = decode(raw);
  if (!anyEnvelope.Check(value)) throw new InvalidEvent(firstErrors(anyEnvelope, value));
  return value as CloudEvent;
}

function decode(raw: unknown): unknown {
  if (raw instanceof Uint8Array) raw = Buffer.from(raw).toString('utf8');
  if (typeof raw === 'string') {
    try {
      return JSON.parse(raw);
    } catch (error) {
      throw new InvalidEvent(`not JSON: ${(error as Error).message}`);
    }
  }
  return raw;
}

export interface NewEventFields<D> {
  data: D;
  subject: string;
  tenantid: string;
  source: string;
  /** The event or request this one answers; its correlation id is carried over. */
  cause?: { id: string; correlationid: string };
  id?: string;
  time?: string;
}

/** Builds a valid envelope for a definition; refuses data that does not meet the contract. */
export function newEvent<E extends EventDefinition>(definition: E, fields: NewEventFields<DataOf<E>>): EventOf<E> {
  const id = fields.id ?? randomUUID();
  const event = {
    specversion: '1.0' as const,
    id,
    type: definition.type,
    source: fields.source,
    subject: fields.subject,
    time: fields.time ?? new Date().toISOString(),
    datacontenttype: 'application/json' as const,
    tenantid: fields.tenantid,
    correlationid: fields.cause?.correlationid ?? id,
    ...(fields.cause ? { causationid: fields.cause.id } : {}),
    data: fields.data,
  };
  return parseEvent(definition, event);
}

/**
 * A UUID derived from a name (v5-shaped, SHA-1): what a service publishes in answer to an event gets an id
 * derived from that event's id, so a redelivery republishes the same id and consumers drop it.
 */
export function derivedEventId(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
