export * from './text';
export * from './conversations';
