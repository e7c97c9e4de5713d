import { z } from 'zod';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar date, YYYY-MM-DD, that exists (2022-02-30 is refused). */
export const isoDate = z
  .string()
  .regex(ISO_DATE, { error: 'expected a date as YYYY-MM-DD', abort: true })
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'not a calendar date');

export const limit = (max: number, fallback: number) =>
  z.coerce
    .number({ error: `limit must be a whole number between 1 and ${max}` })
    .int(`limit must be a whole number between 1 and ${max}`)
    .min(1, `limit must be a whole number between 1 and ${max}`)
    .max(max, `limit must be a whole number between 1 and ${max}`)
    .default(fallback);

export const cursor = z.string().max(2000).describe("Opaque cursor from a previous page's nextCursor");

/** Today's date in the province (UTC+7), as YYYY-MM-DD. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ parameter: z.string().optional(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'An RFC 9457 problem detail' });
