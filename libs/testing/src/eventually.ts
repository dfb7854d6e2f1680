/**
 * Waits for a fact instead of for time: polls the probe until it gives a value (anything but undefined, null
 * or false) and returns it, or fails naming what was awaited. A probe that throws is tried again; its last
 * error is in the failure. Tests assert on what it returns, never on a fixed sleep.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false | null> | T | undefined | false | null,
  what: string | { what?: string; timeoutMs?: number; intervalMs?: number } = {},
  timeoutMs?: number,
  intervalMs?: number,
): Promise<T> {
  const options = typeof what === 'string' ? { what, timeoutMs, intervalMs } : what;
  const limit = options.timeoutMs ?? 20_000;
  const until = Date.now() + limit;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(
        `timed out after ${limit} ms waiting for ${options.what ?? 'the condition'}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}

/** Sending windows open all day for the default tenant: for tests that are not about quiet hours. */
export const anyHour = {
  BATON_QUIET_HOURS: JSON.stringify({ default: { default: { start: '00:00', end: '24:00' } } }),
};
