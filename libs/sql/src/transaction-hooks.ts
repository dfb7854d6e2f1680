import type { SqlQueryable, Transaction } from './sql.port';

/** The hooks of one transaction, shared by both drivers. */
export class TransactionHooks {
  private readonly before: (() => Promise<void>)[] = [];
  private readonly after: (() => void | Promise<void>)[] = [];
  private readonly rollback: (() => void)[] = [];

  bind(queryable: SqlQueryable): Transaction {
    let statements = 0;
    return {
      query: (text, params) => {
        statements++;
        return queryable.query(text, params);
      },
      exec: (script) => {
        statements++;
        return queryable.exec(script);
      },
      get statements() {
        return statements;
      },
      beforeCommit: (hook) => void this.before.push(hook),
      afterCommit: (hook) => void this.after.push(hook),
      afterRollback: (hook) => void this.rollback.push(hook),
    };
  }

  /** Takes over another's hooks (a released savepoint's), to run with this transaction's. */
  adopt(other: TransactionHooks): void {
    this.before.push(...other.before);
    this.after.push(...other.after);
    this.rollback.push(...other.rollback);
  }

  async runBeforeCommit(): Promise<void> {
    // A hook may register another (a publish inside a hook): run until none is left.
    for (let i = 0; i < this.before.length; i++) await this.before[i]!();
  }

  async runAfterCommit(): Promise<void> {
    for (const hook of this.after) {
      try {
        await hook();
      } catch {
        // committed is committed; the hook's owner recovers what it could not do (a sweep, a redelivery)
      }
    }
  }

  runAfterRollback(): void {
    for (const hook of this.rollback) {
      try {
        hook();
      } catch {
        // nothing to undo further
      }
    }
  }
}
