import type { ConversationEvent } from './conversation.events';

// How the aggregate's facts are stored and published: `baton.conversations.<type>.v1`, with actor, cause and at
// inside data (the contract every CRM reads). Pure: no I/O.
const prefix = 'baton.conversations.';
const suffix = '.v1';

export const wireType = (type: ConversationEvent['type']) => `${prefix}${type}${suffix}`;

export function toWireData(event: ConversationEvent): Record<string, unknown> {
  return { ...event.data, actor: event.actor, cause: event.cause, at: event.at };
}

export function fromWire(type: string, data: unknown): ConversationEvent | undefined {
  if (!type.startsWith(prefix) || !type.endsWith(suffix)) return undefined;
  const { actor, cause, at, ...rest } = data as Record<string, unknown>;
  return { type: type.slice(prefix.length, -suffix.length), data: rest, actor, cause, at } as ConversationEvent;
}

/** Event ids derive from their cause, so a redelivered cause produces the same ids, which the store then ignores. */
export { derivedEventId as derivedId } from '@baton/contracts';

export const streamIdOf = (tenantId: string, conversationId: string) => `conversation-${tenantId}-${conversationId}`;
