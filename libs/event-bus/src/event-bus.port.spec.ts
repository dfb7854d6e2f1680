import { Partitioners } from 'kafkajs';
import { partitionFor } from './event-bus.port';

describe('partitionFor', () => {
  it('puts a key on the same partition as Kafka clients do (murmur2)', () => {
    const kafkaPartitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = Array.from({ length: 12 }, (_, i) => ({
      partitionId: i,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    }));
    for (const key of ['conversation-1', 'c', 'ab', 'abc', 'abcd', 'conversation-t1-8d3c', '+15551234567', 'ñandú']) {
      expect(partitionFor(key, 12)).toBe(
        kafkaPartitioner({ topic: 't', partitionMetadata, message: { key, value: null } }),
      );
    }
  });
});
