const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for a fact: polls `probe` until it gives a truthy value (returned), or fails naming what did not happen. */
export async function eventually<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
