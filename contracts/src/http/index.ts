export * from './text';
export * from './conversations';
export * from './numbers';
export * from './audit';
