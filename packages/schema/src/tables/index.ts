export * from './access';
export * from './areas';
export * from './datasets';
export * from './ingests';
export * from './meta';
export * from './observations';
export * from './publishers';
export * from './records';
