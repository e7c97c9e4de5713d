import { AreaResolver } from '@kho/ingest';
import {
  areaCode,
  areaDetail,
  areaDetailQuery,
  areaList,
  areaListQuery,
  areaResolution,
  areaResolveQuery,
  type Executor,
} from '@kho/schema';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../plugins/errors';
import { getArea, listAreas, resolveArea } from './areas.queries';

/** The unit list changes only when an area list is loaded: keep the matcher for a minute. */
function cachedResolver() {
  let cached: { at: number; resolver: Promise<AreaResolver> } | undefined;
  return (db: Executor) => {
    if (!cached || Date.now() - cached.at > 60_000)
      cached = { at: Date.now(), resolver: AreaResolver.load(db) };
    return cached.resolver;
  };
}

export const areaRoutes: FastifyPluginAsyncZod = async (app) => {
  const resolverFor = cachedResolver();

  app.get(
    '/v1/areas/resolve',
    {
      schema: {
        operationId: 'resolveArea',
        tags: ['areas'],
        summary: 'Which administrative unit a name means',
        description:
          'Matches a name as agencies write it ("TP. Quy Nhơn", "H. Vân Canh", "P. Nhon Binh", with or without accents and abbreviations, "(Tổng số)" suffixes) to GSO units, optionally on a date and under a parent. Answers the best match with a confidence and the alternatives; an ambiguous name says which units it could be.',
        querystring: areaResolveQuery,
        response: { 200: areaResolution, ...errorResponses },
      },
    },
    async (request) => resolveArea(request.server.reader, resolverFor, request.query),
  );

  app.get(
    '/v1/areas',
    {
      schema: {
        operationId: 'listAreas',
        tags: ['areas'],
        summary: 'Administrative units in force on a date',
        description:
          'Lists the units (province, districts, communes) that were in force on `at` (default today). The 2025 reform abolished districts and merged communes, so the same query on 2022-06-03 and on 2026-01-01 answers different units. Paged by code with `cursor`.',
        querystring: areaListQuery,
        response: { 200: areaList, ...errorResponses },
      },
    },
    async (request) => listAreas(request.server.reader, request.query),
  );

  app.get(
    '/v1/areas/:code',
    {
      schema: {
        operationId: 'getArea',
        tags: ['areas'],
        summary: 'One administrative unit, its parents, children, predecessors and successors',
        description:
          'The unit that `code` named on `at`. Codes are reused across reforms: 21553 was Phường Nhơn Phú until 2025-07-01 and is Phường Quy Nhơn Bắc since. Predecessors and successors link across every boundary change, with the kind (merge, split, rename, recode, transfer) and share (full, partial).',
        params: z.object({ code: areaCode.describe('GSO code, e.g. 52, 540 or 21553') }),
        querystring: areaDetailQuery,
        response: { 200: areaDetail, ...errorResponses },
      },
    },
    async (request) => getArea(request.server.reader, request.params.code, request.query.at),
  );
};
