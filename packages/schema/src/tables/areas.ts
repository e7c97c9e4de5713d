import { sql } from 'drizzle-orm';
import {
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  unique,
} from 'drizzle-orm/pg-core';

/**
 * An administrative unit during one validity period. GSO codes are reused across reforms
 * (21553 was Phường Nhơn Phú, is now Phường Quy Nhơn Bắc), so identity is (code, validFrom).
 * validFrom null: in force before the bundled history starts; validTo is exclusive.
 * The parent is a code resolved at the same date, so renaming a district does not force new
 * versions of all its communes.
 */
export const areas = pgTable(
  'areas',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en'),
    type: text('type').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    validFrom: date('valid_from', { mode: 'string' }),
    validTo: date('valid_to', { mode: 'string' }),
    searchText: text('search_text').notNull(),
    centroidLat: doublePrecision('centroid_lat'),
    centroidLon: doublePrecision('centroid_lon'),
    boundary: jsonb('boundary'),
    source: text('source'),
  },
  (t) => [
    unique('areas_code_valid_from_key').on(t.code, t.validFrom).nullsNotDistinct(),
    index('areas_level_validity_idx').on(t.level, t.validFrom, t.validTo),
    index('areas_parent_idx').on(t.parentCode, t.validFrom),
    check('areas_level_check', sql`${t.level} in ('province', 'district', 'commune')`),
    check(
      'areas_validity_check',
      sql`${t.validTo} is null or ${t.validFrom} is null or ${t.validTo} > ${t.validFrom}`,
    ),
  ],
);

/**
 * One old unit → one new unit at a date. A merge has several rows into one successor, a
 * split several rows out of one predecessor; `share` says whether the whole old unit went
 * there (full) or only part of it (partial). fromAreaId is null for a predecessor outside the
 * bundled reference data (the old Gia Lai province's communes), kept by code and name.
 */
export const areaSuccessions = pgTable(
  'area_successions',
  {
    id: serial('id').primaryKey(),
    fromAreaId: integer('from_area_id').references(() => areas.id, { onDelete: 'cascade' }),
    fromCode: text('from_code').notNull(),
    fromName: text('from_name').notNull(),
    toAreaId: integer('to_area_id')
      .notNull()
      .references(() => areas.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    share: text('share').notNull(),
    source: text('source'),
  },
  (t) => [
    index('area_successions_from_idx').on(t.fromAreaId),
    index('area_successions_to_idx').on(t.toAreaId),
    check(
      'area_successions_kind_check',
      sql`${t.kind} in ('merge', 'split', 'rename', 'recode', 'transfer')`,
    ),
    check('area_successions_share_check', sql`${t.share} in ('full', 'partial')`),
  ],
);
