import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Every load attempt, successful or not, with its row-level report. */
export const ingestRuns = pgTable(
  'ingest_runs',
  {
    id: serial('id').primaryKey(),
    // No foreign key: a rejected first load of a new dataset is recorded, though the dataset is not created.
    datasetId: text('dataset_id').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    adapter: text('adapter').notNull(),
    actor: text('actor').notNull(),
    mode: text('mode').notNull().default('replace'),
    dryRun: boolean('dry_run').notNull().default(false),
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'string' }),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsLoaded: integer('rows_loaded').notNull().default(0),
    rowsRejected: integer('rows_rejected').notNull().default(0),
    added: integer('added').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    removed: integer('removed').notNull().default(0),
    version: integer('version'),
    report: jsonb('report').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [
    index('ingest_runs_dataset_idx').on(t.datasetId, t.startedAt),
    index('ingest_runs_sha_idx').on(t.datasetId, t.sha256),
  ],
);
