export { and, eq, type SQL, sql } from 'drizzle-orm';
export * from './contracts/index';
export * from './db';
export { runShaped, type Shaped, shapeStatement } from './fast-execute';
export * from './tables/index';
export * as tables from './tables/index';
export * from './tx';
