export * from './test-database';
// kafka-mock is exported once the harness lands
