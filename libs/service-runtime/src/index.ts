export * from './config';
export * from './logger';
export * from './connections';
export * from './metrics';
export * from './runtime.module';
export * from './baton-transport';
export * from './problem.filter';
export * from './start-service';
