import { createHash } from 'node:crypto';

/**
 * Which statement texts run as named prepared statements: parsed and planned once per session, then only bound
 * and executed. Baton's statements are a small, fixed set of texts (about 120 across every service), each run
 * thousands of times; planning them again each time was a large part of an inbound message's database cost.
 * The first `capacity` distinct texts get a name; any text after that runs unnamed as before, so a caller that
 * builds texts on the fly cannot make a session hold an unbounded number of plans.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();
  private readonly generations = new Map<string, number>();

  constructor(readonly capacity = defaultPreparedCapacity) {}

  /** The text's name, or undefined when it runs unnamed (no capacity left, or prepared statements are off). */
  nameOf(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.capacity) return known;
    const generation = this.generations.get(text) ?? 0;
    const name = `baton_${createHash('sha1').update(text).digest('hex').slice(0, 20)}_${generation}`;
    this.names.set(text, name);
    return name;
  }

  /**
   * A session said the text's plan is stale: the next run prepares it again under a new name, on every session
   * (one whose plan is still good simply holds a second one; schema changes are rare).
   */
  forget(text: string): void {
    if (!this.names.delete(text)) return;
    this.generations.set(text, (this.generations.get(text) ?? 0) + 1);
  }
}

/** Distinct statement texts a session prepares at most. */
export const defaultPreparedCapacity = 400;

/**
 * PostgreSQL refuses a prepared statement whose result columns changed under it (a table altered after the plan
 * was made): SQLSTATE 0A000, "cached plan must not change result type". The text is prepared afresh next time.
 */
export function isStalePlan(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return e?.code === '0A000' && /cached plan must not change result type/.test(e.message ?? '');
}
