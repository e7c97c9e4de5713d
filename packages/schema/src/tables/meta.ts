import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Small key/value facts about this warehouse, e.g. which reference data it was seeded with. */
export const khoMeta = pgTable('kho_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
});
