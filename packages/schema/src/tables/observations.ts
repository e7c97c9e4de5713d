import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const indicators = pgTable('indicators', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  unit: text('unit').notNull().default(''),
  description: text('description'),
  /** Values may be summed over areas (counts, areas, output) — needed to re-aggregate into new units. */
  additive: boolean('additive').notNull().default(false),
  searchText: text('search_text').notNull().default(''),
});

export const OBSERVATION_FLAGS = [
  'provisional',
  'estimated',
  'lower_bound',
  'approximate',
  'target',
] as const;
export const PERIOD_GRANULARITIES = ['year', 'half', 'quarter', 'month', 'date', 'season', 'range'] as const;

/**
 * One value of an indicator for an area and period, in a version range of its dataset.
 * A fact table: no foreign keys, because per-row trigger checks would double the cost of a
 * million-row load; the loader writes only ids it has just resolved or created. Physically
 * hash-partitioned by dataset (see migrations/0004 and docs/operations.md).
 * The natural key (dataset, indicator, area, period, dimensions) is unique among current rows.
 */
export const observations = pgTable(
  'observations',
  {
    // One sequence for all partitions: ids stay unique warehouse-wide (cursors rely on it).
    id: bigint('id', { mode: 'number' }).notNull().default(sql`nextval('observations_row_id_seq')`),
    datasetId: text('dataset_id').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    areaId: integer('area_id').notNull(),
    areaCode: text('area_code').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    granularity: text('granularity').notNull(),
    periodLabel: text('period_label'),
    value: doublePrecision('value'),
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    dimensionsKey: text('dimensions_key').notNull().default(''),
    flag: text('flag'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /** The natural key (indicator, area, period, dimensions) as text; current rows are unique by it. */
    rowKey: text('row_key').notNull(),
    /** Hash of everything else, to tell a changed row from an identical one in one comparison. */
    rowHash: text('row_hash').notNull(),
    ingestId: integer('ingest_id'),
    versionFrom: integer('version_from').notNull(),
    versionTo: integer('version_to'),
  },
  (t) => [
    // Partitioned by hash of dataset_id (16 partitions, migration 0004): the key must include it.
    primaryKey({ name: 'observations_pkey', columns: [t.datasetId, t.id] }),
    uniqueIndex('observations_current_key').on(t.datasetId, t.rowKey).where(sql`${t.versionTo} is null`),
    index('observations_indicator_area_period_idx')
      .on(t.indicatorCode, t.areaCode, t.periodStart)
      .where(sql`${t.versionTo} is null`),
    index('observations_area_period_idx').on(t.areaId, t.periodStart).where(sql`${t.versionTo} is null`),
    index('observations_dataset_version_idx').on(t.datasetId, t.versionFrom, t.versionTo),
    check('observations_period_check', sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
);

/**
 * Which indicators a dataset's current version holds, with counts and the periods covered:
 * maintained by every load, so catalog pages and the indicator list never scan observations.
 */
export const datasetIndicators = pgTable(
  'dataset_indicators',
  {
    datasetId: text('dataset_id').notNull(),
    indicatorCode: text('indicator_code').notNull(),
    observations: integer('observations').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    areaLevels: text('area_levels').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    uniqueIndex('dataset_indicators_key').on(t.datasetId, t.indicatorCode),
    index('dataset_indicators_indicator_idx').on(t.indicatorCode),
  ],
);
