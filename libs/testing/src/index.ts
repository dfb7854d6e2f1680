export * from './test-database';
export * from './kafka-mock';
export * from './service-process';
export * from './fake-twilio';
export * from './eventually';
export * from './fake-google-calendar';
export * from './radicale';
export * from './smtp-capture';
