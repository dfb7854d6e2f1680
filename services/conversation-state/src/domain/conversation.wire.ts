import { createHash } from 'node:crypto';
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

/** A UUID derived from a name: a redelivered cause produces the same event ids, which the store then ignores. */
export function derivedId(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const streamIdOf = (tenantId: string, conversationId: string) => `conversation-${tenantId}-${conversationId}`;
