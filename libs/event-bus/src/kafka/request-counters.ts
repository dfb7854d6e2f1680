import type { Consumer, Producer } from 'kafkajs';

/**
 * Requests this process sent to the brokers, by Kafka API (Produce, Fetch, OffsetCommit, Heartbeat, ...), from
 * kafkajs' instrumentation events. Read by the metrics endpoint (`baton_kafka_requests_total`) and so by the
 * load benchmark's cost per inbound message.
 */
export const kafkaRequests = new Map<string, number>();

const count = (event: { payload: { apiName?: string } }) => {
  const api = event.payload.apiName ?? 'unknown';
  kafkaRequests.set(api, (kafkaRequests.get(api) ?? 0) + 1);
};

export function countRequests(client: Producer | Consumer): void {
  if ('subscribe' in client) client.on(client.events.REQUEST, count);
  else client.on(client.events.REQUEST, count);
}
