/** One server-sent event as the wire framed it. */
export interface StreamedEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Reads `GET /v1/events/stream` in a test: the frames as they come, parsed as the SSE spec says (fields per
 * line, a blank line ends an event, comments skipped), so a test can wait for one and stop reading.
 */
export class EventStreamReader {
  readonly events: StreamedEvent[] = [];
  private readonly controller = new AbortController();
  private waiters: (() => void)[] = [];
  private done?: Promise<void>;
  status?: number;

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async open(): Promise<this> {
    const response = await fetch(this.url, {
      headers: { accept: 'text/event-stream', ...this.headers },
      signal: this.controller.signal,
    });
    this.status = response.status;
    if (response.status !== 200 || !response.body) return this;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    this.done = (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event: StreamedEvent = { event: 'message', data: '' };
            let fields = 0;
            for (const line of frame.split('\n')) {
              if (line.startsWith(':') || line === '') continue;
              const colon = line.indexOf(':');
              const name = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (name === 'id') event.id = value;
              else if (name === 'event') event.event = value;
              else if (name === 'data') event.data = event.data ? `${event.data}\n${value}` : value;
              else continue;
              fields++;
            }
            if (fields > 0 && (event.data || event.id)) this.events.push(event);
            for (const wake of this.waiters.splice(0)) wake();
          }
        }
      } catch {
        // aborted by close()
      }
    })();
    return this;
  }

  /** The `conversation` events so far, their data parsed. */
  facts(): { id: string; name: string; conversationId: string; data: Record<string, unknown> }[] {
    return this.events
      .filter((e) => e.event === 'conversation')
      .map((e) => ({
        ...(JSON.parse(e.data) as { name: string; conversationId: string; data: Record<string, unknown> }),
        id: e.id!,
      }));
  }

  /** Resolves once an event matching `test` has arrived (or rejects after `timeoutMs`). */
  async waitFor(test: (e: StreamedEvent) => boolean, timeoutMs = 20_000): Promise<StreamedEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(test);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no such event on the stream; got ${this.events.map((e) => `${e.event}:${e.data.slice(0, 80)}`).join(' | ')}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server ended the stream. */
  async ended(): Promise<void> {
    await this.done;
  }

  async close(): Promise<void> {
    this.controller.abort();
    await this.done;
  }
}
