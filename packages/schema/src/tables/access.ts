import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** An agency's API key: only a SHA-256 hash of the secret is kept; `prefix` finds the row. */
export const apiClients = pgTable('api_clients', {
  id: serial('id').primaryKey(),
  prefix: text('prefix').notNull().unique(),
  keyHash: text('key_hash').notNull(),
  agencyCode: text('agency_code').notNull(),
  name: text('name').notNull(),
  scopes: text('scopes').array().notNull(),
  rateLimit: integer('rate_limit'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'string' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'string' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'string' }),
});

/** Reads of shared/restricted data and every write. */
export const accessLog = pgTable(
  'access_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    keyPrefix: text('key_prefix'),
    agencyCode: text('agency_code'),
    surface: text('surface').notNull(),
    action: text('action').notNull(),
    datasetId: text('dataset_id'),
    rows: integer('rows'),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('access_log_dataset_idx').on(t.datasetId, t.at),
    index('access_log_agency_idx').on(t.agencyCode, t.at),
  ],
);
