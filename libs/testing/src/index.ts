export * from './test-database';
export * from './kafka-mock';
export * from './service-process';
export * from './fake-twilio';
export * from './eventually';
export * from './fake-smtp';
