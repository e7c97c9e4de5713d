export * from './areas';
export * from './common';
