export * from './windows';
export * from './place';
export * from './phrasing';
