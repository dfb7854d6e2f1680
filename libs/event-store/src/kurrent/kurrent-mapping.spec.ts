import { ANY, NO_STREAM, START, STREAM_EXISTS } from '@kurrent/kurrentdb-client';
import {
  checkpointStream,
  classifyExisting,
  isAfter,
  isBatonInternal,
  toReadPosition,
  toStreamState,
  wasIdempotent,
} from './kurrent-mapping';

describe('KurrentDB mapping', () => {
  it('maps expected revisions to stream states', () => {
    expect([
      toStreamState('any'),
      toStreamState('no_stream'),
      toStreamState('stream_exists'),
      toStreamState(4n),
    ]).toEqual([ANY, NO_STREAM, STREAM_EXISTS, 4n]);
  });
  it('reads $all after a position exclusively, from the start when there is none', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition({ commit: 0n, prepare: 0n })).toBe(START);
    expect(toReadPosition({ commit: 5n, prepare: 3n })).toEqual({ commit: 5n, prepare: 3n });
    expect(isAfter({ commit: 5n, prepare: 3n }, { commit: 5n, prepare: 3n })).toBe(false);
    expect(isAfter({ commit: 5n, prepare: 4n }, { commit: 5n, prepare: 3n })).toBe(true);
    expect(isAfter({ commit: 6n, prepare: 0n }, { commit: 5n, prepare: 3n })).toBe(true);
    expect(isAfter({ commit: 4n, prepare: 9n }, { commit: 5n, prepare: 3n })).toBe(false);
  });
  it('tells a retried append from a conflicting one', () => {
    expect(classifyExisting(['a', 'b'], new Set(['a', 'b', 'c']))).toBe('duplicate');
    expect(classifyExisting(['a', 'x'], new Set(['a', 'b']))).toBe('partial');
    expect(classifyExisting(['x'], new Set(['a']))).toBe('new');
  });
  it('recognises an answer from KurrentDB idempotency by its revision', () => {
    expect(wasIdempotent('no_stream', 2, 1n)).toBe(false);
    expect(wasIdempotent('no_stream', 1, 1n)).toBe(true);
    expect(wasIdempotent(3n, 2, 5n)).toBe(false);
    expect(wasIdempotent(3n, 2, 3n)).toBe(true);
    expect(wasIdempotent('any', 2, 3n)).toBeUndefined();
  });
  it('keeps checkpoints out of the global order', () => {
    expect(isBatonInternal(checkpointStream('relay'))).toBe(true);
    expect(isBatonInternal('$stats')).toBe(true);
    expect(isBatonInternal('conversation-t1-c1')).toBe(false);
  });
});
