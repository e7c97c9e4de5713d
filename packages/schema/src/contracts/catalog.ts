import { z } from 'zod';
import { cursor, limit } from './common';
import {
  ACCESS_LEVELS,
  datasetId,
  publisherCode,
  THEMES,
  tableSchemaField,
  UPDATE_FREQUENCIES,
} from './datasets';

export const publisher = z
  .object({
    code: z.string(),
    name: z.string().describe('Name in Vietnamese'),
    nameEn: z.string(),
    sector: z.string(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    successorCode: z.string().nullable().describe('The department it became part of (2025 mergers)'),
    datasetCount: z.number().int().describe('Datasets you can see'),
  })
  .meta({ id: 'Publisher' });

export const distribution = z
  .object({
    format: z.enum(['csv', 'json', 'ndjson', 'geojson', 'xlsx']),
    mediaType: z.string(),
    title: z.string(),
    url: z.string(),
  })
  .meta({ id: 'Distribution' });

const publisherRef = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

export const datasetSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    titleEn: z.string().nullable(),
    description: z.string(),
    publisher: publisherRef,
    themes: z.array(z.string()),
    keywords: z.array(z.string()),
    access: z.enum(ACCESS_LEVELS),
    kind: z.enum(['indicators', 'table']),
    license: z.string(),
    version: z.number().int(),
    rowCount: z.number().int().describe('Rows (records or observations) in the current version'),
    issued: z.string(),
    modified: z.string(),
  })
  .meta({ id: 'DatasetSummary' });
export type DatasetSummary = z.infer<typeof datasetSummary>;

export const datasetDetail = datasetSummary
  .extend({
    descriptionEn: z.string().nullable(),
    updateFrequency: z.string().nullable(),
    temporal: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
    spatial: z.object({ code: z.string(), name: z.string() }).nullable(),
    tableSchema: z
      .object({ fields: z.array(tableSchemaField), primaryKey: z.array(z.string()).optional() })
      .nullable()
      .describe('The data dictionary (Frictionless Table Schema)'),
    sources: z.array(z.object({ title: z.string(), url: z.string().optional() })),
    contactEmail: z.string().nullable(),
    distributions: z.array(distribution),
    indicators: z
      .array(
        z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), unit: z.string() }),
      )
      .describe('For indicator datasets: the indicators it holds'),
  })
  .meta({ id: 'Dataset' });
export type DatasetDetail = z.infer<typeof datasetDetail>;

export const DATASET_SORTS = ['-modified', 'modified', 'title', '-title', 'id'] as const;

/** A comma-separated list parameter ("health,education"), each item checked. */
const csvList = <T extends string>(item: z.ZodType<T, string>) =>
  z
    .string()
    .max(1000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(20));

export const datasetSearchQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words to find, accent-insensitive: "y te" finds "Y tế"'),
  theme: csvList(z.enum(THEMES)).optional().describe('One or more themes, comma-separated'),
  publisher: csvList(publisherCode).optional().describe('Publisher codes, comma-separated (SYT, STTTT …)'),
  keyword: z.string().trim().min(1).max(100).optional().describe('An exact keyword'),
  access: csvList(z.enum(ACCESS_LEVELS))
    .optional()
    .describe('open, shared, restricted (the last two need a key)'),
  kind: z
    .enum(['indicators', 'table'])
    .optional()
    .describe('indicators (values by area and period) or table (rows with their own fields)'),
  sort: z
    .enum(DATASET_SORTS)
    .default('-modified')
    .describe('Order: -modified (newest first), modified, title, -title, id'),
  limit: limit(100, 20).describe('Page size, 1–100'),
  cursor: cursor.optional(),
});
export type DatasetSearchQuery = z.infer<typeof datasetSearchQuery>;

const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const datasetSearchResult = z
  .object({
    items: z.array(datasetSummary),
    nextCursor: z.string().nullable(),
    total: z.number().int().describe('Datasets matching the filters'),
    facets: z.object({ theme: facet, publisher: facet, access: facet }),
  })
  .meta({ id: 'DatasetSearchResult' });

export const datasetIdParam = z.object({ id: datasetId.describe('Dataset id, e.g. health-facilities') });

export { UPDATE_FREQUENCIES };
