import type { ExpectedRevision } from './event-store.port';

/** The stream is not at the revision the writer read; nothing was written. Re-read, decide again. */
export class WrongExpectedRevision extends Error {
  readonly code = 'wrong-expected-revision';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at ${String(actual)}, the append expected ${String(expected)}`);
  }
}

/** Some but not all event ids of an append are already in the stream: a retry that does not match what was written. */
export class PartialDuplicateAppend extends Error {
  readonly code = 'partial-duplicate-append';
  constructor(
    readonly streamId: string,
    readonly duplicateIds: string[],
  ) {
    super(`stream ${streamId} already holds ${duplicateIds.length} of the appended event ids`);
  }
}
