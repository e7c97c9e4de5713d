import { sql } from 'drizzle-orm';
import {
  bigint,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * A row of a table dataset (a registry of facilities, schools …). Fields are typed by the
 * dataset's Table Schema and kept in `data`; area and point are pulled out to be indexed.
 * rowKey is the Table Schema primary key's value (or the row's content hash without one).
 * Like observations, a fact table without foreign keys (the loader resolves every id).
 */
export const records = pgTable(
  'records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    datasetId: text('dataset_id').notNull(),
    rowKey: text('row_key').notNull(),
    rowHash: text('row_hash').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull(),
    areaId: integer('area_id'),
    areaCode: text('area_code'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    searchText: text('search_text').notNull().default(''),
    ingestId: integer('ingest_id'),
    versionFrom: integer('version_from').notNull(),
    versionTo: integer('version_to'),
  },
  (t) => [
    uniqueIndex('records_current_key').on(t.datasetId, t.rowKey).where(sql`${t.versionTo} is null`),
    index('records_current_idx').on(t.datasetId, t.id).where(sql`${t.versionTo} is null`),
    index('records_area_idx').on(t.datasetId, t.areaCode).where(sql`${t.versionTo} is null`),
    index('records_point_idx').on(t.datasetId, t.lat, t.lon).where(sql`${t.versionTo} is null`),
    index('records_dataset_version_idx').on(t.datasetId, t.versionFrom, t.versionTo),
  ],
);
