import { AsyncLocalStorage } from 'node:async_hooks';
import type { SqlQueryable, Transaction } from './sql.port';
import { TransactionHooks } from './transaction-hooks';

interface Ambient {
  owner: object;
  /** The real transaction: every query joins it, savepoints included. */
  tx: Transaction;
  /** The hooks of the innermost savepoint open here (the transaction's own outside any). */
  hooks: TransactionHooks;
  root: { done: boolean; savepoints: number };
}

/**
 * The transaction a piece of work runs in. A consumer batch opens one and every query its handlers make on
 * the same database joins it, whether they were handed the transaction or call the database themselves: on
 * PGlite (one session) a query outside the open transaction would wait for it forever. A nested
 * transaction() becomes a savepoint, so it still commits or rolls back as a unit.
 */
const ambient = new AsyncLocalStorage<Ambient>();

/** The open transaction of `owner` this code runs in, if any. */
export function ambientTransaction(owner: object): Transaction | undefined {
  const current = ambient.getStore();
  return current && current.owner === owner && !current.root.done ? current.tx : undefined;
}

/** Runs fn outside any ambient transaction (work shared by many callers, such as a group commit). */
export function outsideTransactions<T>(fn: () => T): T {
  return ambient.exit(fn);
}

/**
 * Runs fn in a transaction of `owner`: a real one through `begin` (which calls back with the queryable of the
 * open transaction and commits when that resolves), or a savepoint of the ambient one.
 */
export async function inTransaction<T>(
  owner: object,
  begin: (work: (queryable: SqlQueryable) => Promise<void>) => Promise<void>,
  fn: (tx: Transaction) => Promise<T>,
): Promise<T> {
  const outer = ambient.getStore();
  if (outer && outer.owner === owner && !outer.root.done) return savepoint(outer, fn);
  const hooks = new TransactionHooks();
  let value!: T;
  let state: Ambient | undefined;
  try {
    await begin(async (queryable) => {
      const tx = hooks.bind(queryable);
      state = { owner, tx, hooks, root: { done: false, savepoints: 0 } };
      value = await ambient.run(state, () => fn(tx));
      await ambient.run(state, () => hooks.runBeforeCommit());
      state.root.done = true;
    });
  } catch (error) {
    if (state) state.root.done = true;
    hooks.runAfterRollback();
    throw error;
  }
  await hooks.runAfterCommit();
  return value;
}

async function savepoint<T>(outer: Ambient, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const name = `sp_${++outer.root.savepoints}`;
  const inner = new TransactionHooks();
  const tx = inner.bind(outer.tx);
  await outer.tx.query(`SAVEPOINT ${name}`);
  try {
    // A savepoint opened inside this one hands its hooks to this one, so they roll back with it.
    const value = await ambient.run({ ...outer, hooks: inner }, () => fn(tx));
    await outer.tx.query(`RELEASE SAVEPOINT ${name}`);
    outer.hooks.adopt(inner); // what the savepoint registered happens with the enclosing one (or the commit)
    return value;
  } catch (error) {
    await outer.tx.query(`ROLLBACK TO SAVEPOINT ${name}`);
    inner.runAfterRollback();
    throw error;
  }
}
