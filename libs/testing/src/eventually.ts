/**
 * Waits until `check` returns something truthy and returns it; fails naming what it waited for. Tests wait
 * for the fact that proves a decision (an event, a row), never for a fixed time.
 */
export async function eventually<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(`${options.what ?? 'the condition'} did not hold within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

/** Sending windows open all day for the default tenant: for tests that are not about quiet hours. */
export const anyHour = { BATON_QUIET_HOURS: JSON.stringify({ default: { default: { start: '00:00', end: '24:00' } } }) };
