import { outsideTransactions } from './ambient-transaction';

/**
 * Writes that arrive while one is in flight are written together next, in one statement: each caller still
 * waits until its own item is durable, but a busy database sees one commit for many (group commit). With
 * `lingerMs`, a write that finds the writer idle waits that long for company first: for work off the critical
 * path, where fewer, larger commits matter more than the wait. With `minSpacingMs`, a flush also starts no sooner
 * than that after the one before it: under steady load (when the writer is never idle, so never lingers)
 * the writes of that while go together rather than in back-to-back small flushes.
 */
export class GroupWriter<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private writing = false;
  private lastFlushAt = 0;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxBatch = 1000,
    private readonly options: { lingerMs?: number; minSpacingMs?: number } = {},
  ) {}

  write(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      // The shared write runs in no caller's transaction: it commits for all of them.
      void outsideTransactions(() => this.drain());
    });
  }

  /** Resolves once nothing is waiting or in flight (a clean close). */
  async idle(): Promise<void> {
    while (this.writing || this.pending.length > 0) await new Promise((r) => setTimeout(r, 2));
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      if (this.options.lingerMs && this.pending.length < this.maxBatch)
        await new Promise((resolve) => setTimeout(resolve, this.options.lingerMs));
      while (this.pending.length > 0) {
        const spacing = this.lastFlushAt + (this.options.minSpacingMs ?? 0) - Date.now();
        if (spacing > 0 && this.pending.length < this.maxBatch) await new Promise((r) => setTimeout(r, spacing));
        this.lastFlushAt = Date.now();
        const batch = this.pending.splice(0, this.maxBatch);
        try {
          await this.flush(batch.map((p) => p.item));
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }
}
