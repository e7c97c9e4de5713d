export * from './areas';
export * from './common';
export * from './datasets';
