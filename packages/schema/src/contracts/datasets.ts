import { z } from 'zod';
import { areaCode } from './areas';
import { isoDate } from './common';

export const THEMES = [
  'health',
  'education',
  'tourism',
  'agriculture',
  'industry-trade',
  'investment',
  'digital',
  'population',
  'environment',
  'transport',
] as const;
export const theme = z.enum(THEMES);
export const ACCESS_LEVELS = ['open', 'shared', 'restricted'] as const;
export const accessLevel = z.enum(ACCESS_LEVELS);
export const UPDATE_FREQUENCIES = ['daily', 'weekly', 'monthly', 'quarterly', 'annual', 'irregular'] as const;

export const datasetId = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$/,
    'a dataset id is a slug: lower-case letters, digits and hyphens, 1–100 characters, e.g. health-facilities',
  );
export const publisherCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,19}$/, 'a publisher code such as SYT or STTTT');

export const FIELD_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'geopoint',
  'object',
  'array',
] as const;
export const tableSchemaField = z.object({
  name: z.string().min(1).max(100),
  type: z.enum(FIELD_TYPES).default('string'),
  title: z.string().max(300).optional(),
  description: z.string().max(2000).optional(),
  unit: z.string().max(50).optional(),
  format: z.string().max(50).optional(),
  decimalChar: z.string().length(1).optional(),
  groupChar: z.string().max(1).optional(),
  constraints: z
    .object({
      required: z.boolean().optional(),
      unique: z.boolean().optional(),
      minimum: z.union([z.number(), z.string()]).optional(),
      maximum: z.union([z.number(), z.string()]).optional(),
      enum: z
        .array(z.union([z.string(), z.number()]))
        .max(1000)
        .optional(),
      pattern: z.string().max(500).optional(),
    })
    .optional(),
});
/** A Frictionless Table Schema (the data dictionary). */
export const tableSchema = z
  .object({
    fields: z.array(tableSchemaField).min(1).max(500),
    primaryKey: z
      .union([z.string(), z.array(z.string()).min(1)])
      .optional()
      .transform((v) => (typeof v === 'string' ? [v] : v)),
    missingValues: z.array(z.string()).optional(),
  })
  .refine((s) => new Set(s.fields.map((f) => f.name)).size === s.fields.length, 'field names must be unique')
  .refine(
    (s) => (s.primaryKey ?? []).every((k) => s.fields.some((f) => f.name === k)),
    'primaryKey names a field that does not exist',
  );

const source = z.object({ title: z.string().min(1).max(500), url: z.string().url().max(2000).optional() });

/**
 * Dataset metadata as publishers write it: POST /v1/datasets, `kho ingest --meta`, GraphQL
 * createDataset. `theme` is accepted as a shorthand for a one-item `themes`.
 */
export const datasetInput = z
  .object({
    title: z.string().trim().min(3).max(300),
    titleEn: z.string().trim().min(3).max(300).optional(),
    description: z.string().max(20_000).default(''),
    descriptionEn: z.string().max(20_000).optional(),
    publisher: publisherCode,
    themes: z.array(theme).min(1).max(10).optional(),
    theme: theme.optional(),
    keywords: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    license: z.string().max(100).default('CC-BY-4.0'),
    access: accessLevel.default('open'),
    updateFrequency: z.enum(UPDATE_FREQUENCIES).optional(),
    temporalStart: isoDate.optional(),
    temporalEnd: isoDate.optional(),
    spatialCode: areaCode.optional(),
    tableSchema: tableSchema.optional(),
    sources: z.array(source).max(200).default([]),
    contactEmail: z.string().email().optional(),
  })
  .strict()
  .transform(({ theme: one, themes, ...rest }) => ({ ...rest, themes: themes ?? (one ? [one] : []) }));
export type DatasetInput = z.output<typeof datasetInput>;

/** POST /v1/datasets: the metadata plus the dataset's id and kind. */
export const datasetCreate = z
  .object({ id: datasetId, kind: z.enum(['indicators', 'table']) })
  .and(datasetInput)
  .meta({ id: 'DatasetCreate' });

/** PATCH /v1/datasets/{id}: any metadata field; data arrives through ingest. */
export const datasetPatch = z
  .object({
    title: z.string().trim().min(3).max(300),
    titleEn: z.string().trim().min(3).max(300).nullable(),
    description: z.string().max(20_000),
    descriptionEn: z.string().max(20_000).nullable(),
    publisher: publisherCode,
    themes: z.array(theme).min(1).max(10),
    keywords: z.array(z.string().trim().min(1).max(100)).max(50),
    license: z.string().max(100),
    access: accessLevel,
    updateFrequency: z.enum(UPDATE_FREQUENCIES).nullable(),
    temporalStart: isoDate.nullable(),
    temporalEnd: isoDate.nullable(),
    spatialCode: areaCode.nullable(),
    tableSchema: tableSchema,
    sources: z.array(source).max(200),
    contactEmail: z.string().email().nullable(),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'nothing to change')
  .meta({ id: 'DatasetPatch' });
export type DatasetPatch = z.output<typeof datasetPatch>;
export type TableSchemaInput = Omit<z.output<typeof tableSchema>, 'primaryKey'> & { primaryKey?: string[] };

/** The data dictionary of every indicator dataset: one row per observation. */
export const OBSERVATION_TABLE_SCHEMA: TableSchemaInput = {
  fields: [
    { name: 'indicator', type: 'string', title: 'Mã chỉ tiêu / indicator code' },
    { name: 'indicatorName', type: 'string', title: 'Tên chỉ tiêu / indicator name' },
    { name: 'areaCode', type: 'string', title: 'Mã đơn vị hành chính (GSO) / area code' },
    { name: 'areaName', type: 'string', title: 'Đơn vị hành chính / area' },
    { name: 'periodStart', type: 'date', title: 'Từ ngày / period start' },
    { name: 'periodEnd', type: 'date', title: 'Đến ngày / period end' },
    { name: 'period', type: 'string', title: 'Kỳ / period as published' },
    { name: 'value', type: 'number', title: 'Giá trị / value' },
    { name: 'unit', type: 'string', title: 'Đơn vị tính / unit' },
    {
      name: 'flag',
      type: 'string',
      title: 'Trạng thái / status flag',
      description:
        'provisional, estimated, lower_bound (the source said "more than"), approximate ("about"), target (a plan)',
    },
    { name: 'dimensions', type: 'object', title: 'Phân tổ / dimensions' },
    { name: 'source', type: 'string', title: 'Nguồn / source' },
  ],
  primaryKey: ['indicator', 'areaCode', 'periodStart', 'periodEnd', 'dimensions'],
};
