export * from './topics';
export * from './envelope';
export * from './define-event';
