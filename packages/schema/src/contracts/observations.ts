import { z } from 'zod';
import { AREA_LEVELS, areaCode } from './areas';
import { cursor, isoDate, limit } from './common';

const codeList = z
  .string()
  .max(2000)
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().regex(/^[a-z0-9][a-z0-9._-]{0,119}$/, 'an indicator code, e.g. tourism.visitor-arrivals'),
      )
      .max(50),
  );

/** A period bound: a date, or a year, quarter or month that stands for its first (from) or last (to) day. */
const periodBound = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date (2022-05-31), a month (2022-05) or a year (2022)')
  .refine((s) => s.length !== 10 || isoDate.safeParse(s).success, 'not a calendar date');

export const observationsQuery = z
  .object({
    dataset: z.string().max(100).optional().describe('Only this dataset'),
    indicator: codeList.optional().describe('Indicator code(s), comma-separated'),
    area: areaCode
      .optional()
      .describe('Only this unit (GSO code); with descendants=true also every unit below it'),
    descendants: z.enum(['true', 'false']).default('false').describe('Include the units below `area`'),
    level: z.enum(AREA_LEVELS).optional().describe('Only units of this level'),
    period_from: periodBound
      .optional()
      .describe('Periods ending on or after this date (2022, 2022-05 or 2022-05-31)'),
    period_to: periodBound.optional().describe('Periods starting on or before this date'),
    flag: z
      .enum(['provisional', 'estimated', 'lower_bound', 'approximate', 'target', 'none'])
      .optional()
      .describe('Only values with this status flag; none: values without a flag'),
    boundaries: z
      .enum(['as_recorded', 'current'])
      .default('as_recorded')
      .describe(
        'current: re-aggregate additive indicators of old units into today’s units where every succession is a full merge',
      ),
    format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv'),
    limit: limit(1000, 100).describe('Rows per page, 1–1000'),
    cursor: cursor.optional(),
  })
  .catchall(z.string().max(200).describe('A dimension filter: dim.sex=Nam, dim.crop=lúa'));
export type ObservationsQuery = z.infer<typeof observationsQuery>;

export const observation = z
  .object({
    indicator: z.string(),
    indicatorName: z.string(),
    unit: z.string(),
    areaCode: z.string(),
    areaName: z.string(),
    areaLevel: z.enum(AREA_LEVELS),
    periodStart: z.string(),
    periodEnd: z.string(),
    period: z.string().nullable().describe('The period as published'),
    granularity: z.string(),
    value: z.number(),
    flag: z.string().nullable(),
    dimensions: z.record(z.string(), z.string()),
    dataset: z.string(),
    source: z.string().nullable(),
    derived: z
      .object({ from: z.array(z.string()), note: z.string() })
      .optional()
      .describe('Present when the value was re-aggregated from old units into a current one'),
  })
  .meta({ id: 'Observation' });
export type Observation = z.infer<typeof observation>;

export const observationsPage = z
  .object({
    items: z.array(observation),
    nextCursor: z.string().nullable(),
    notes: z
      .array(
        z.object({
          areaCode: z.string(),
          areaName: z.string(),
          indicator: z.string().optional(),
          reason: z.string(),
        }),
      )
      .optional()
      .describe('With boundaries=current: the units that could not be mapped to today’s, and why'),
  })
  .meta({ id: 'ObservationsPage' });

export const indicatorSummary = z
  .object({
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    unit: z.string(),
    additive: z.boolean().describe('Values may be summed over areas'),
    datasets: z.array(z.string()),
    observations: z.number().int(),
    periodStart: z.string(),
    periodEnd: z.string(),
    areaLevels: z.array(z.string()),
  })
  .meta({ id: 'Indicator' });

export const indicatorsQuery = z.object({
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Words in the indicator’s name, accent-insensitive'),
  dataset: z.string().max(100).optional().describe('Only indicators of this dataset'),
  limit: limit(500, 100).describe('Page size, 1–500'),
  cursor: cursor.optional(),
});
