import { z } from 'zod';
import { areaCode } from './areas';
import { cursor, limit } from './common';

const number = String.raw`-?\d+(?:\.\d+)?`;

/** Parameters of GET /v1/datasets/{id}/records; any other parameter filters a field: `beds=gte:100`. */
export const recordsQuery = z
  .object({
    select: z.string().max(2000).optional().describe('Fields to return, comma-separated (default all)'),
    q: z.string().trim().min(1).max(200).optional().describe('Words to find in the row, accent-insensitive'),
    sort: z
      .string()
      .max(500)
      .optional()
      .describe('Fields to sort by, comma-separated; -field for descending: sort=-beds,name'),
    limit: limit(1000, 100).describe('Rows per page, 1–1000'),
    cursor: cursor.optional(),
    version: z.coerce
      .number({ error: 'version is a whole number' })
      .int()
      .min(1)
      .optional()
      .describe('Read an earlier version of the dataset (default: the current one)'),
    area: areaCode.optional().describe('Only rows in this unit or any unit below it (GSO code)'),
    bbox: z
      .string()
      .regex(new RegExp(`^${number},${number},${number},${number}$`), 'bbox is minLon,minLat,maxLon,maxLat')
      .optional()
      .describe('Only rows whose point lies in this box: minLon,minLat,maxLon,maxLat'),
    near: z
      .string()
      .regex(new RegExp(`^${number},${number},\\d+(?:\\.\\d+)?$`), 'near is lat,lon,metres')
      .optional()
      .describe('Only rows within a distance of a point: lat,lon,metres (e.g. 13.77,109.22,2000)'),
    group_by: z
      .string()
      .max(500)
      .optional()
      .describe('Group rows by these fields (comma-separated); with agg'),
    agg: z
      .string()
      .max(500)
      .optional()
      .describe('Aggregates per group: count, sum:field, avg:field, min:field, max:field (comma-separated)'),
    total: z.enum(['true', 'false']).optional().describe('true: also count all matching rows'),
  })
  .catchall(
    z
      .union([z.string().max(20_000), z.array(z.string().max(20_000)).max(20)])
      .describe('A filter on a field: op:value with op eq ne lt lte gt gte in nin like isnull'),
  );
export type RecordsQuery = z.infer<typeof recordsQuery>;

export const recordsPage = z
  .object({
    items: z
      .array(z.record(z.string(), z.unknown()))
      .describe('Rows: the fields of the data dictionary, plus _id'),
    nextCursor: z.string().nullable(),
    version: z.number().int().describe('The dataset version these rows belong to'),
    total: z.number().int().optional(),
  })
  .meta({ id: 'RecordsPage' });
