import type { Logger } from 'pino';

/**
 * A task run every `everyMs`, never twice at once (a slow round makes the next one wait), whose failures are
 * logged and retried next round; stop() waits for the round in flight.
 */
export class Schedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly what: string,
    private readonly everyMs: number,
    private readonly task: (now: Date) => Promise<unknown>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.task(new Date())
        .catch((error) => this.logger.error({ err: error, service: 'audit' }, `${this.what} failed`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
