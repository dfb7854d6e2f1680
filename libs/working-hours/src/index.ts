export * from './working-hours';
