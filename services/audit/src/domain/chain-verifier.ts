import { canonicalForm, chainHash, genesisHash } from './hash-chain';

/** One record of a tenant's chain as stored or exported. */
export interface ChainRecord {
  tenantId: string;
  seq: number;
  eventId: string;
  eventType: string;
  conversationId: string;
  eventTime: string;
  prevHash: string;
  hash: string;
  /** The record's RFC 8785 form: the (sealed) event, exactly as hashed. */
  body: string;
}

export type ProblemKind = 'altered' | 'removed' | 'inserted' | 'reordered' | 'truncated' | 'checkpoint-mismatch';

export interface ChainProblem {
  kind: ProblemKind;
  /** The first record concerned (for removed: the first missing seq). */
  seq: number;
  eventId?: string;
  detail: string;
}

/** What a signed checkpoint asserts: the chain held `count` records and its head hash was `head`. */
export interface CheckpointClaim {
  seq: number;
  count: number;
  head: string;
  at: string;
}

export interface VerifyReport {
  tenantId: string;
  ok: boolean;
  /** Records read. */
  records: number;
  firstSeq?: number;
  lastSeq?: number;
  /** Checkpoints the records reached and matched. */
  checkpointsMatched: number;
  problems: ChainProblem[];
}

export interface VerifyOptions {
  /**
   * Where a partial read starts: the seq and stored hash of the record before the first one read (a range
   * or an export that does not start at seq 1). Unset: the chain is read from its genesis.
   */
  start?: { seq: number; hash: string };
  /** How many records the chain should hold (its head row): a shortfall at the end is a truncation. */
  expectedCount?: number;
  checkpoints?: CheckpointClaim[];
  /** The end of the range read, when it is not the whole chain (nothing after it is expected to be read). */
  partialEnd?: boolean;
}

const maxProblems = 50;
// How far back a record's link is looked for (a bound on memory; a reorder further than this reads as removed).
const window = 100_000;

/**
 * Re-checks a tenant's chain one record at a time, in seq order, in constant memory: each record's own hash,
 * its link to the one before, the seq numbering, the columns against the body, and the chain recomputed from
 * genesis against each signed checkpoint. It names what it finds (altered, removed, inserted, reordered,
 * truncated) and never changes anything.
 */
export class ChainVerifier {
  private readonly problems: ChainProblem[] = [];
  private count = 0;
  private firstSeq?: number;
  private previous?: { seq: number; hash: string };
  private beforePrevious?: { seq: number; hash: string };
  /** The chain recomputed from bodies alone (stored hashes not trusted): what checkpoints are compared with. */
  private computed: string;
  private readonly seen = new Map<string, number>();
  /** Records whose link points at a hash not seen yet: reordered if it turns up later, removed or altered if not. */
  private readonly dangling = new Map<string, { seq: number; eventId: string }>();
  /** A record that failed its own hash: inserted if the next one links over it, altered otherwise. */
  private suspect?: { seq: number; eventId: string; slotPrev: string; detail: string };
  private reorderedSpan?: { from: number; to: number };
  private checkpointsMatched = 0;
  private readonly checkpoints: CheckpointClaim[];

  constructor(
    private readonly tenantId: string,
    private readonly options: VerifyOptions = {},
  ) {
    this.computed = options.start?.hash ?? genesisHash(tenantId);
    this.checkpoints = [...(options.checkpoints ?? [])].sort((a, b) => a.seq - b.seq);
  }

  push(record: ChainRecord): void {
    this.count++;
    this.firstSeq ??= record.seq;
    const expectedSeq = this.previous ? this.previous.seq + 1 : (this.options.start?.seq ?? 0) + 1;
    const expectedPrev = this.previous?.hash ?? this.options.start?.hash ?? genesisHash(this.tenantId);
    const own = this.ownProblem(record);

    if (this.suspect) {
      const s = this.suspect;
      this.suspect = undefined;
      if (record.prevHash === s.slotPrev)
        this.add({
          kind: 'inserted',
          seq: s.seq,
          eventId: s.eventId,
          detail: `record ${s.seq} is not part of the chain: record ${record.seq} links over it (${s.detail})`,
        });
      else
        this.add({
          kind: 'altered',
          seq: s.seq,
          eventId: s.eventId,
          detail: `record ${s.seq} was altered: ${s.detail}`,
        });
    }

    const resolves = this.dangling.get(record.hash);
    if (resolves) {
      this.dangling.delete(record.hash);
      this.add({
        kind: 'reordered',
        seq: resolves.seq,
        eventId: resolves.eventId,
        detail: `record ${resolves.seq} links to record ${record.seq}, which comes after it: the order was changed`,
      });
      this.reorderedSpan = { from: resolves.seq, to: record.seq };
    }

    if (record.seq > expectedSeq) {
      const missing = record.seq - expectedSeq;
      this.add({
        kind: 'removed',
        seq: expectedSeq,
        detail:
          missing === 1
            ? `record ${expectedSeq} is missing`
            : `records ${expectedSeq} to ${record.seq - 1} are missing`,
      });
    } else if (own) {
      this.suspect = { seq: record.seq, eventId: record.eventId, slotPrev: expectedPrev, detail: own };
    } else if (record.prevHash !== expectedPrev && !resolves) {
      const linkedSeq = this.seen.get(record.prevHash);
      const span = this.reorderedSpan;
      if (linkedSeq !== undefined && span && linkedSeq >= span.from && linkedSeq <= span.to) {
        // the end of a reordered run, already reported
      } else if (this.beforePrevious && record.prevHash === this.beforePrevious.hash) {
        this.add({
          kind: 'inserted',
          seq: this.previous!.seq,
          detail: `record ${this.previous!.seq} is not part of the chain: record ${record.seq} links over it to record ${this.beforePrevious.seq}`,
        });
      } else if (linkedSeq !== undefined) {
        this.add({
          kind: 'reordered',
          seq: record.seq,
          eventId: record.eventId,
          detail: `record ${record.seq} links to record ${linkedSeq}, not to the record before it: the order was changed`,
        });
      } else if (this.dangling.size < window) {
        this.dangling.set(record.prevHash, { seq: record.seq, eventId: record.eventId });
      }
    }

    this.computed = chainHash(this.computed, record.body);
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.seq !== record.seq) continue;
      if (checkpoint.head === this.computed) this.checkpointsMatched++;
      else
        this.add({
          kind: 'checkpoint-mismatch',
          seq: record.seq,
          eventId: record.eventId,
          detail: `the chain recomputed up to record ${record.seq} does not match the checkpoint of ${checkpoint.at}: history up to it was rewritten`,
        });
    }
    if (this.seen.size >= window) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(record.hash, record.seq);
    this.beforePrevious = this.previous;
    this.previous = { seq: record.seq, hash: record.hash };
  }

  finish(): VerifyReport {
    if (this.suspect) {
      this.add({
        kind: 'altered',
        seq: this.suspect.seq,
        eventId: this.suspect.eventId,
        detail: `record ${this.suspect.seq} was altered: ${this.suspect.detail}`,
      });
      this.suspect = undefined;
    }
    const lastSeq = this.previous?.seq;
    const held = lastSeq ?? this.options.start?.seq ?? 0;
    const expected = this.options.expectedCount;
    for (const [, link] of this.dangling) {
      // A link to a hash that never turned up: a record before it was removed (with the rest renumbered), or the
      // record before it was altered and its hash recomputed.
      const short = expected !== undefined && held < expected;
      this.add(
        short
          ? {
              kind: 'removed',
              seq: link.seq,
              eventId: link.eventId,
              detail: `a record before ${link.seq} was removed: it links to a hash no record has`,
            }
          : {
              kind: 'altered',
              seq: link.seq - 1,
              detail: `record ${link.seq - 1} was altered and its hash rewritten: record ${link.seq} links to a hash no record has`,
            },
      );
    }
    if (!this.options.partialEnd) {
      if (expected !== undefined && held < expected) {
        this.add({
          kind: 'truncated',
          seq: held + 1,
          detail: `the chain should hold ${expected} records (its head); it ends at ${held}`,
        });
      } else if (expected !== undefined && held > expected) {
        this.add({
          kind: 'inserted',
          seq: expected + 1,
          detail: `records after ${expected}, the chain's head, were added outside the log`,
        });
      }
      for (const checkpoint of this.checkpoints) {
        if (checkpoint.seq > held) {
          this.add({
            kind: 'truncated',
            seq: held + 1,
            detail: `the checkpoint of ${checkpoint.at} covers ${checkpoint.count} records; the chain ends at ${held}: records after it were removed`,
          });
        }
      }
    }
    const problems = [...this.problems].sort((a, b) => a.seq - b.seq);
    return {
      tenantId: this.tenantId,
      ok: problems.length === 0,
      records: this.count,
      firstSeq: this.firstSeq,
      lastSeq,
      checkpointsMatched: this.checkpointsMatched,
      problems,
    };
  }

  private add(problem: ChainProblem): void {
    if (this.problems.length < maxProblems) this.problems.push(problem);
  }

  /** What is wrong with a record on its own: its hash, its canonical form, its columns against its body. */
  private ownProblem(record: ChainRecord): string | undefined {
    let event: { id?: unknown; type?: unknown; subject?: unknown; tenantid?: unknown; time?: unknown };
    try {
      event = JSON.parse(record.body) as typeof event;
      if (canonicalForm(event) !== record.body) return 'its body is not in canonical form';
    } catch {
      return 'its body is not JSON';
    }
    if (chainHash(record.prevHash, record.body) !== record.hash) return 'its content does not match its hash';
    if (event.id !== record.eventId)
      return `its event id column (${record.eventId}) differs from the record's (${String(event.id)})`;
    if (event.type !== record.eventType)
      return `its type column (${record.eventType}) differs from the record's (${String(event.type)})`;
    if (event.subject !== record.conversationId) return "its conversation column differs from the record's";
    if (event.tenantid !== record.tenantId) return `it belongs to tenant ${String(event.tenantid)}`;
    if (Date.parse(String(event.time)) !== Date.parse(record.eventTime))
      return "its time column differs from the record's";
    return undefined;
  }
}
