export * from './normalise/period';
export * from './normalise/text';
export * from './reference/files';
export * from './reference/seed';
