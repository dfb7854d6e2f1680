export * from './event-bus.port';
export * from './event-consumer';
export { InProcessEventBus, type InProcessEventBusOptions } from './in-process/in-process-event-bus';
export { KafkaEventBus, type KafkaEventBusOptions } from './kafka/kafka-event-bus';
export { kafkaRequests } from './kafka/request-counters';
