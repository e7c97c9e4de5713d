export * from './areas';
export * from './catalog';
export * from './common';
export * from './datasets';
export * from './observations';
export * from './records';
