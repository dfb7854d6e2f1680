export * from './text';
export * from './conversations';
export * from './channel';
export * from './webhook-endpoints';
