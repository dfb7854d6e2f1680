import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  type AppendStreamState,
  type Position as KurrentPosition,
} from '@kurrent/kurrentdb-client';
import type { ExpectedRevision, Position } from '../event-store.port';

/** Our expected revision as the client's stream state. */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  if (expected === 'any') return ANY;
  if (expected === 'no_stream') return NO_STREAM;
  if (expected === 'stream_exists') return STREAM_EXISTS;
  return expected;
}

export const fromKurrentPosition = (p: KurrentPosition): Position => ({ commit: p.commit, prepare: p.prepare });
export const toReadPosition = (after: Position | undefined) =>
  !after || (after.commit === 0n && after.prepare === 0n) ? START : { commit: after.commit, prepare: after.prepare };

/** KurrentDB reads $all from a position inclusively; our `after` is exclusive. */
export const isAfter = (position: Position, after: Position | undefined) =>
  !after || position.commit > after.commit || (position.commit === after.commit && position.prepare > after.prepare);

/** Where a durable subscription's checkpoint lives: an ordinary stream, left out of every $all read. */
export const checkpointStream = (name: string) => `baton-checkpoint-${name}`;
export const isBatonInternal = (streamId: string) =>
  streamId.startsWith('baton-checkpoint-') || streamId.startsWith('$');

/** What an append that met an existing stream means: all ids there is a retry (no-op); some is a conflict. */
export function classifyExisting(appended: string[], present: Set<string>): 'duplicate' | 'partial' | 'new' {
  const found = appended.filter((id) => present.has(id)).length;
  if (found === 0) return 'new';
  return found === appended.length ? 'duplicate' : 'partial';
}

/** A successful append whose revision is not the one a real write gives was answered by KurrentDB's idempotency. */
export function wasIdempotent(expected: ExpectedRevision, count: number, nextRevision: bigint): boolean | undefined {
  if (expected === 'no_stream') return nextRevision !== BigInt(count - 1);
  if (typeof expected === 'bigint') return nextRevision !== expected + BigInt(count);
  return undefined; // 'any' and 'stream_exists' are checked before the write
}
