export * from './text';
export * from './conversations';
export * from './channel';
export * from './webhook-endpoints';
export * from './numbers';
export * from './audit';
export * from './briefs';
export * from './scheduling';
