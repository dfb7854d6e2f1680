import { GroupWriter } from './group-writer';

describe('GroupWriter', () => {
  it('writes what arrives during a flush together in the next one, and resolves each caller after its own write', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    const writer = new GroupWriter<number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = writer.write(1);
    const later = [writer.write(2), writer.write(3), writer.write(4)];
    let laterDone = false;
    void Promise.all(later).then(() => (laterDone = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(flushes).toEqual([[1]]);
    expect(laterDone).toBe(false);
    release();
    await first;
    await Promise.all(later);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects every caller of a failed flush, and keeps writing afterwards', async () => {
    let fail = true;
    const writer = new GroupWriter<string>(async () => {
      if (fail) throw new Error('disk full');
    });
    await expect(writer.write('a')).rejects.toThrow('disk full');
    fail = false;
    await expect(writer.write('b')).resolves.toBeUndefined();
  });

  it('is idle only once every write is flushed', async () => {
    let flushed = 0;
    const writer = new GroupWriter<number>(async (items) => {
      await new Promise((r) => setTimeout(r, 20));
      flushed += items.length;
    });
    void writer.write(1);
    void writer.write(2);
    await writer.idle();
    expect(flushed).toBe(2);
  });

  it('with a linger, waits for company before a flush that would go alone', async () => {
    jest.useFakeTimers();
    try {
      const flushes: number[][] = [];
      const writer = new GroupWriter<number>(async (items) => void flushes.push(items), 1000, { lingerMs: 200 });
      const first = writer.write(1);
      await jest.advanceTimersByTimeAsync(150);
      const second = writer.write(2);
      expect(flushes).toEqual([]);
      await jest.advanceTimersByTimeAsync(50);
      await Promise.all([first, second]);
      expect(flushes).toEqual([[1, 2]]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('with a spacing, gathers what arrives during a flush and after it until the spacing has passed', async () => {
    jest.useFakeTimers();
    try {
      const flushes: number[][] = [];
      const writer = new GroupWriter<number>(
        async (items) => {
          flushes.push(items);
          await new Promise((r) => setTimeout(r, 10));
        },
        1000,
        { minSpacingMs: 200 },
      );
      const first = writer.write(1);
      await jest.advanceTimersByTimeAsync(5);
      const during = writer.write(2); // while the first flush runs: without a spacing it would go alone next
      await jest.advanceTimersByTimeAsync(100);
      const after = writer.write(3);
      expect(flushes).toEqual([[1]]);
      await jest.advanceTimersByTimeAsync(94);
      expect(flushes).toEqual([[1]]);
      await jest.advanceTimersByTimeAsync(20);
      await Promise.all([first, during, after]);
      expect(flushes).toEqual([[1], [2, 3]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
