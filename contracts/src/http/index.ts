export * from './text';
export * from './conversations';
export * from './scheduling';
