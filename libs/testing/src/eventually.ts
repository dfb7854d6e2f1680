/**
 * Waits for a fact instead of for time: polls the probe until it gives a value (or the time runs out, naming
 * what was awaited). Tests assert on what it returns, never on a fixed sleep.
 */
export async function eventually<T>(probe: () => Promise<T | undefined | false | null> | T | undefined | false | null, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
