import { z } from 'zod';
import { cursor, isoDate, limit } from './common';

export const AREA_LEVELS = ['province', 'district', 'commune'] as const;
export const areaLevel = z.enum(AREA_LEVELS);
export type AreaLevel = z.infer<typeof areaLevel>;
export const areaCode = z
  .string()
  .regex(/^\d{2,5}$/, 'an area code is the GSO code: 2 digits (province), 3 (district) or 5 (commune)');

export const areaListQuery = z.object({
  level: areaLevel.optional().describe('Administrative level'),
  parent: areaCode
    .optional()
    .describe('Only units inside this unit (its children, or grandchildren with `level`)'),
  at: isoDate.optional().describe('The units in force on this date (default: today)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Name search, accent-insensitive: "vinh thanh" finds Vĩnh Thạnh'),
  limit: limit(500, 100).describe('Page size, 1–500'),
  cursor: cursor.optional(),
});
export type AreaListQuery = z.infer<typeof areaListQuery>;

export const areaDetailQuery = z.object({
  at: isoDate
    .optional()
    .describe(
      'Which unit the code named on this date (codes are reused); default: today, else its last version',
    ),
});

export const areaSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    type: z.string(),
    level: areaLevel,
    parentCode: z.string().nullable(),
    validFrom: z
      .string()
      .nullable()
      .describe('First day in force; null: before the bundled history starts (2019)'),
    validTo: z.string().nullable().describe('First day no longer in force (exclusive); null: in force today'),
  })
  .meta({ id: 'AreaSummary' });
export type AreaSummary = z.infer<typeof areaSummary>;

export const areaLink = areaSummary
  .extend({
    date: z.string().describe('Date of the change'),
    kind: z.enum(['merge', 'split', 'rename', 'recode', 'transfer']),
    share: z.enum(['full', 'partial']).describe('Whether the whole old unit went into the new one'),
    inReferenceData: z
      .boolean()
      .describe('False for a predecessor outside the bundled lists (old Gia Lai, code 64)'),
  })
  .meta({ id: 'AreaSuccession' });
export type AreaLink = z.infer<typeof areaLink>;

export const areaDetail = areaSummary
  .extend({
    source: z.string().nullable(),
    ancestors: z.array(areaSummary).describe('Parent chain on the same date, nearest first'),
    children: z.array(areaSummary),
    predecessors: z.array(areaLink),
    successors: z.array(areaLink),
    versions: z.array(areaSummary).describe('Every unit that has carried this code, oldest first'),
    centroid: z.object({ lat: z.number(), lon: z.number() }).nullable(),
    boundary: z.unknown().nullable().describe('GeoJSON geometry, where bundled'),
  })
  .meta({ id: 'Area' });
export type AreaDetail = z.infer<typeof areaDetail>;

export const areaList = z
  .object({ items: z.array(areaSummary), nextCursor: z.string().nullable() })
  .meta({ id: 'AreaList' });

export const areaResolveQuery = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('A unit’s name as written in a spreadsheet: "TP. Quy Nhơn", "H. Vân Canh", "P. Nhon Binh"'),
  parent: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('The parent unit (code or name), to tell apart units of the same name'),
  at: isoDate.optional().describe('The date the name refers to (units in force then); default: any date'),
  level: areaLevel.optional().describe('Only units of this level'),
});

export const areaResolution = z
  .object({
    best: areaSummary.nullable(),
    confidence: z.number().describe('0–1: 1 exact, ≈0.9 without accents or type, ≤0.7 a typo'),
    ambiguous: z.boolean().describe('Several units match equally well: add the parent or level'),
    message: z.string().optional(),
    alternatives: z.array(areaSummary.extend({ confidence: z.number(), reason: z.string() })),
  })
  .meta({ id: 'AreaResolution' });
