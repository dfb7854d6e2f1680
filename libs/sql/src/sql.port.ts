/** What Baton needs from PostgreSQL, whether it is a server (pg) or embedded (PGlite). */
export interface SqlQueryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  /** Runs several statements at once (schema files); no parameters. */
  exec(script: string): Promise<void>;
}

/**
 * An open transaction, with hooks: work that must happen inside it at the last moment (the in-process bus
 * writing what the transaction publishes) and work that may only happen once it is durable (waking readers).
 */
export interface Transaction extends SqlQueryable {
  /** Runs inside the transaction, after the work and just before COMMIT, in the order registered. */
  beforeCommit(hook: () => Promise<void>): void;
  /** Runs once COMMIT succeeded, in the order registered; a hook that throws does not undo the commit. */
  afterCommit(hook: () => void | Promise<void>): void;
  /** Runs when the transaction rolled back (or its COMMIT failed). */
  afterRollback(hook: () => void): void;
  /** Statements sent in it so far (a savepoint's own; the transaction's include its savepoints'). */
  readonly statements: number;
}

export interface TransactionOptions {
  /**
   * `edge`: a short write an HTTP caller is waiting for (a provider's webhook), which must not queue behind the
   * consumers' batches. On PGlite (one session) it is served before every transaction waiting for the session
   * (it cannot preempt the one running); on PostgreSQL it takes a connection from a small pool of its own, so a
   * busy main pool cannot starve it. Keep such transactions to a statement or two. Default `work`.
   */
  lane?: 'edge' | 'work';
}

export interface Sql extends SqlQueryable {
  readonly driver: 'pg' | 'pglite';
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs fn holding a lock by name, across every process on this database (a PostgreSQL advisory lock on a
   * session of its own, so a crash lets it go), in arrival order within this process. For work that must not
   * overlap even outside a transaction, such as a call to a provider between two commits.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Runs fn only if no one holds the lock now; resolves undefined (fn not run) when someone does. */
  tryLock<T>(name: string, fn: () => Promise<T>): Promise<T | undefined>;
  /** LISTEN on a channel; resolves to a function that stops listening. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** A cheap round trip, for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
