import { DATASET_SORTS, type DatasetSummary, pgArray, query, sql, THEMES } from '@kho/schema';
import { GraphQLError } from 'graphql';
import { builder, pageSize } from '../../graphql/builder';
import { visibleDatasets } from '../../lib/policy';
import { upperEnum } from '../areas/areas.graphql';
import {
  datasetCursor,
  distributions,
  findVisibleDatasetSummary,
  getDataset,
  listPublishers,
  searchDatasets,
} from './catalog.queries';

export type DatasetShape = DatasetSummary;
export type PublisherShape = {
  code: string;
  name: string;
  nameEn: string;
  sector: string;
  validFrom: string | null;
  validTo: string | null;
  successorCode: string | null;
};

export const Publisher = builder.objectRef<PublisherShape>('Publisher').implement({
  description: 'A department that publishes data',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name', { description: 'Name in Vietnamese' }),
    nameEn: t.exposeString('nameEn'),
    sector: t.exposeString('sector'),
    validFrom: t.field({ type: 'Date', nullable: true, resolve: (p) => p.validFrom }),
    validTo: t.field({ type: 'Date', nullable: true, resolve: (p) => p.validTo }),
    successorCode: t.exposeString('successorCode', {
      nullable: true,
      description: 'The department it became part of (2025 mergers)',
    }),
  }),
});

const Distribution = builder.objectRef<ReturnType<typeof distributions>[number]>('Distribution').implement({
  description:
    'A download of the whole dataset in one format (accepts the records filters as query parameters)',
  fields: (t) => ({
    format: t.exposeString('format'),
    mediaType: t.exposeString('mediaType'),
    title: t.exposeString('title'),
    url: t.exposeString('url'),
  }),
});

export const Access = builder.enumType('Access', {
  values: upperEnum(['open', 'shared', 'restricted'] as const),
});
export const DatasetKind = builder.enumType('DatasetKind', {
  values: upperEnum(['indicators', 'table'] as const),
});
const DatasetSort = builder.enumType('DatasetSort', {
  values: Object.fromEntries(
    DATASET_SORTS.map((s) => [
      s.startsWith('-') ? `${s.slice(1).toUpperCase()}_DESC` : `${s.toUpperCase()}_ASC`,
      { value: s },
    ]),
  ) as Record<string, { value: (typeof DATASET_SORTS)[number] }>,
});
export const Theme = builder.enumType('Theme', { values: upperEnum(THEMES) });

export const Dataset = builder.loadableNodeRef<DatasetShape, string>('Dataset', {
  id: { resolve: (d) => d.id },
  load: async (ids: string[], ctx) => {
    const rows = await Promise.all(
      ids.map((id) => getDataset(ctx.db, id, ctx.principal, ctx.publicUrl).catch(() => null)),
    );
    return rows.map((r, i) => r ?? new GraphQLError(`No dataset ${ids[i]}`));
  },
});

Dataset.implement({
  description: 'A published dataset: metadata (DCAT), its data dictionary, versions and downloads',
  authScopes: (d) => ({ readDataset: { id: d.id, access: d.access, publisherCode: d.publisher.code } }),
  fields: (t) => ({
    slug: t.exposeString('id', { description: 'The dataset id used in REST paths' }),
    title: t.exposeString('title'),
    titleEn: t.exposeString('titleEn', { nullable: true }),
    description: t.exposeString('description'),
    themes: t.exposeStringList('themes'),
    keywords: t.exposeStringList('keywords'),
    access: t.field({ type: Access, resolve: (d) => d.access }),
    kind: t.field({ type: DatasetKind, resolve: (d) => d.kind }),
    license: t.exposeString('license'),
    version: t.exposeInt('version', { description: 'The current version' }),
    rowCount: t.exposeInt('rowCount'),
    issued: t.field({ type: 'DateTime', resolve: (d) => d.issued }),
    modified: t.field({ type: 'DateTime', resolve: (d) => d.modified }),
    publisher: t.loadable({
      type: Publisher,
      load: async (codes: string[], ctx) => {
        const all = (await listPublishers(ctx.db, ctx.principal)).items;
        return codes.map((c) => all.find((p) => p.code === c)!);
      },
      resolve: (d) => d.publisher.code,
    }),
    distributions: t.field({
      type: [Distribution],
      resolve: (d, _a, ctx) => distributions(ctx.publicUrl, d.id),
    }),
    tableSchema: t.loadable({
      type: 'JSON',
      nullable: true,
      description: 'The data dictionary (Frictionless Table Schema)',
      load: async (ids: string[], ctx) => {
        const rows = await query<{ id: string; table_schema: unknown }>(
          ctx.db,
          sql`select id, table_schema from datasets where id = any(${pgArray(ids)}::text[])`,
        );
        return ids.map((id) => rows.find((r) => r.id === id)?.table_schema ?? null);
      },
      resolve: (d) => d.id,
    }),
  }),
});

builder.queryFields((t) => ({
  datasets: t.connection(
    {
      type: Dataset,
      description: 'The catalog, like GET /v1/datasets: only datasets you may see',
      args: {
        q: t.arg.string({ description: 'Words to find, accent-insensitive' }),
        theme: t.arg({ type: [Theme] }),
        publisher: t.arg.stringList(),
        keyword: t.arg.string(),
        access: t.arg({ type: [Access] }),
        kind: t.arg({ type: DatasetKind }),
        sort: t.arg({ type: DatasetSort, defaultValue: '-modified' }),
      },
      complexity: (args) => ({ field: 2, multiplier: Math.min(args.first ?? 20, 1000) }),
      resolve: async (_r, args, ctx) => {
        if (args.last || args.before) throw new GraphQLError('Page forward with first and after');
        const sort = args.sort ?? '-modified';
        const r = await searchDatasets(
          ctx.db,
          {
            sort,
            limit: Math.min(pageSize(args.first, 20), 100),
            ...(args.after ? { cursor: args.after } : {}),
            ...(args.q ? { q: args.q } : {}),
            ...(args.theme?.length ? { theme: args.theme } : {}),
            ...(args.publisher?.length ? { publisher: args.publisher } : {}),
            ...(args.keyword ? { keyword: args.keyword } : {}),
            ...(args.access?.length ? { access: args.access } : {}),
            ...(args.kind ? { kind: args.kind } : {}),
          },
          ctx.principal,
        );
        const edges = r.items.map((d) => ({ cursor: datasetCursor(sort, d), node: d }));
        return {
          totalCount: r.total,
          edges,
          pageInfo: {
            hasNextPage: !!r.nextCursor,
            hasPreviousPage: !!args.after,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges[edges.length - 1]?.cursor ?? null,
          },
        };
      },
    },
    {
      name: 'DatasetConnection',
      fields: (c) => ({
        totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }),
      }),
    },
    { name: 'DatasetEdge' },
  ),
  dataset: t.field({
    type: Dataset,
    nullable: true,
    description: 'One dataset by its id (slug); null when it does not exist or you may not see it',
    args: { id: t.arg.string({ required: true }) },
    // Only the summary Dataset's fields read (its table schema, versions … load on their own).
    resolve: async (_r, args, ctx) =>
      findVisibleDatasetSummary(ctx.db, args.id, ctx.principal).catch(() => null),
  }),
  publishers: t.field({
    type: [Publisher],
    description: 'The departments that publish data',
    resolve: async (_r, _a, ctx) => (await listPublishers(ctx.db, ctx.principal)).items,
  }),
}));

/** Visible datasets by id, for loaders elsewhere (indicators → datasets). */
export async function visibleDatasetIds(
  ctx: { db: import('@kho/schema').Executor; principal: import('../../lib/policy').Principal },
  ids: string[],
) {
  const rows = await query<{ id: string }>(
    ctx.db,
    sql`select d.id from datasets d where d.id = any(${pgArray(ids)}::text[]) and d.retired_at is null and ${visibleDatasets(ctx.principal)}`,
  );
  return new Set(rows.map((r) => r.id));
}
