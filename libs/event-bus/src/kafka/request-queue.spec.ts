import { jest } from '@jest/globals';
import { KafkaRequestQueue, requestTimeoutCheckMs } from './kafka-event-bus';

describe("kafkajs's request queue, as patched here", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const queueWith = (isConnected: () => boolean) =>
    new KafkaRequestQueue({
      maxInFlightRequests: 1,
      requestTimeout: 30_000,
      enforceRequestTimeout: true,
      clientId: 'test',
      broker: 'localhost:9092',
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      isConnected,
    });

  it('still times a request out (within a second of its timeout), and wakes once a second, not ten times', () => {
    const isConnected = jest.fn(() => true);
    const queue = queueWith(isConnected);
    const timeoutRequest = jest.fn();
    queue.inflight.set(1, { sentAt: Date.now(), requestTimeout: 30_000, timeoutRequest });
    queue.scheduleRequestTimeoutCheck();
    jest.advanceTimersByTime(30_000);
    expect(timeoutRequest).not.toHaveBeenCalled();
    jest.advanceTimersByTime(requestTimeoutCheckMs);
    expect(timeoutRequest).toHaveBeenCalled();
    // 31 s of checks: one a second.
    expect(isConnected.mock.calls.length).toBe(31);
    queue.destroy();
  });

  it('stops checking once the connection is gone', () => {
    let connected = true;
    const isConnected = jest.fn(() => connected);
    const queue = queueWith(isConnected);
    queue.scheduleRequestTimeoutCheck();
    jest.advanceTimersByTime(2 * requestTimeoutCheckMs);
    connected = false;
    jest.advanceTimersByTime(requestTimeoutCheckMs);
    const calls = isConnected.mock.calls.length;
    jest.advanceTimersByTime(10 * requestTimeoutCheckMs);
    expect(isConnected.mock.calls.length).toBe(calls);
  });
});
