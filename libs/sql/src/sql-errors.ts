/**
 * Whether a database error will happen again however often it is retried: bad data (class 22: NUL in text,
 * a number out of range, an invalid timestamp), a broken rule (NOT NULL, CHECK, foreign key) or a statement
 * the schema cannot run (class 42). A consumer dead-letters such an input at once instead of blocking its
 * partition with retries. Unique and exclusion violations are left out: they are races a retry resolves. So are
 * a table or column that does not exist yet (42P01, 42703): a consumer can run before the migration that creates
 * it (its process starting, or a rolling deploy), and the event must wait for it, not be dead-lettered.
 */
export function isPermanentSqlError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  if (code === '42P01' || code === '42703') return false;
  if (code.startsWith('22') || code.startsWith('42')) return true;
  return ['23502', '23503', '23514'].includes(code);
}
