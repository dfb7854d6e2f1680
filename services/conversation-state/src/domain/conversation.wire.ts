import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { definitionFor, InvalidEvent } from '@baton/contracts';
import type { ConversationEvent } from './conversation.events';

// How the aggregate's facts are stored and published: `baton.conversations.<type>.v1`, with actor, cause and at
// inside data (the contract every CRM reads). Pure: no I/O.
const prefix = 'baton.conversations.';
const suffix = '.v1';

export const wireType = (type: ConversationEvent['type']) => `${prefix}${type}${suffix}`;

export function toWireData(event: ConversationEvent): Record<string, unknown> {
  return { ...event.data, actor: event.actor, cause: event.cause, at: event.at };
}

/**
 * A stored fact back as the aggregate's event, checked against its contract (data that no longer meets it is
 * an error to see, not a shape to guess). Undefined for a type that is not a conversation fact.
 */
export function fromWire(type: string, data: unknown): ConversationEvent | undefined {
  if (!type.startsWith(prefix) || !type.endsWith(suffix)) return undefined;
  const check = dataCheck(type);
  if (!check) return undefined;
  if (!check.Check(data)) {
    const why = [...check.Errors(data)]
      .slice(0, 3)
      .map((e) => `${e.path || '/'} ${e.message}`)
      .join('; ');
    throw new InvalidEvent(`stored ${type} does not meet its contract: ${why}`, type);
  }
  const { actor, cause, at, ...rest } = data as Record<string, unknown>;
  return { type: type.slice(prefix.length, -suffix.length), data: rest, actor, cause, at } as ConversationEvent;
}

const checks = new Map<string, TypeCheck<TSchema> | undefined>();
function dataCheck(type: string): TypeCheck<TSchema> | undefined {
  if (!checks.has(type)) {
    const definition = definitionFor(type);
    checks.set(type, definition ? TypeCompiler.Compile(definition.data) : undefined);
  }
  return checks.get(type);
}

/** Event ids derive from their cause, so a redelivered cause produces the same ids, which the store then ignores. */
export { derivedEventId as derivedId } from '@baton/contracts';

export const streamIdOf = (tenantId: string, conversationId: string) => `conversation-${tenantId}-${conversationId}`;
