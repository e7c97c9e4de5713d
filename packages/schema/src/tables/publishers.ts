import { date, pgTable, text } from 'drizzle-orm/pg-core';

/** A department that publishes data; departments were merged in 2025, hence validity and successor. */
export const publishers = pgTable('publishers', {
  code: text('code').primaryKey(),
  nameVi: text('name_vi').notNull(),
  nameEn: text('name_en').notNull(),
  sector: text('sector').notNull(),
  email: text('email'),
  url: text('url'),
  validFrom: date('valid_from', { mode: 'string' }),
  validTo: date('valid_to', { mode: 'string' }),
  successorCode: text('successor_code'),
});
