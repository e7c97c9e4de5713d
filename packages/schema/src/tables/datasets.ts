import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { publishers } from './publishers';

export type TableSchemaField = {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'geopoint' | 'object' | 'array';
  title?: string;
  description?: string;
  unit?: string;
  format?: string;
  constraints?: Record<string, unknown>;
};
/** A Frictionless Table Schema: the dataset's data dictionary. */
export type TableSchema = { fields: TableSchemaField[]; primaryKey?: string[]; missingValues?: string[] };
export type SourceRef = { title: string; url?: string };

export const datasets = pgTable(
  'datasets',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    titleEn: text('title_en'),
    description: text('description').notNull().default(''),
    descriptionEn: text('description_en'),
    publisherCode: text('publisher_code')
      .notNull()
      .references(() => publishers.code),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    license: text('license').notNull().default('CC-BY-4.0'),
    access: text('access').notNull().default('open'),
    kind: text('kind').notNull(),
    updateFrequency: text('update_frequency'),
    temporalStart: date('temporal_start', { mode: 'string' }),
    temporalEnd: date('temporal_end', { mode: 'string' }),
    spatialCode: text('spatial_code'),
    tableSchema: jsonb('table_schema').$type<TableSchema>(),
    sources: jsonb('sources').$type<SourceRef[]>().notNull().default(sql`'[]'::jsonb`),
    contactEmail: text('contact_email'),
    version: integer('version').notNull().default(0),
    searchText: text('search_text').notNull().default(''),
    issued: timestamp('issued', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    modified: timestamp('modified', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'string' }),
  },
  (t) => [
    index('datasets_publisher_idx').on(t.publisherCode),
    index('datasets_modified_idx').on(t.modified, t.id),
    index('datasets_themes_idx').using('gin', t.themes),
    check('datasets_access_check', sql`${t.access} in ('open', 'shared', 'restricted')`),
    check('datasets_kind_check', sql`${t.kind} in ('indicators', 'table')`),
  ],
);

/** A published state of a dataset. Rows carry [versionFrom, versionTo) so every version stays readable. */
export const datasetVersions = pgTable(
  'dataset_versions',
  {
    datasetId: text('dataset_id')
      .notNull()
      .references(() => datasets.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    ingestId: integer('ingest_id'),
    rowCount: integer('row_count').notNull(),
    added: integer('added').notNull(),
    changed: integer('changed').notNull(),
    removed: integer('removed').notNull(),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.version] })],
);
