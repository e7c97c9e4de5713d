import { pgArray, query, sql } from '@kho/schema';
import { builder } from '../../graphql/builder';
import { Dataset } from '../catalog/catalog.graphql';
import { findVisibleDataset, iso } from '../catalog/catalog.queries';
import { listVersions } from './versions.queries';

type VersionShape = Awaited<ReturnType<typeof listVersions>>['items'][number];

const Version = builder.objectRef<VersionShape>('DatasetVersion').implement({
  description: 'A published version of a dataset: every version stays readable',
  fields: (t) => ({
    version: t.exposeInt('version'),
    createdAt: t.field({ type: 'DateTime', resolve: (v) => v.createdAt }),
    rowCount: t.exposeInt('rowCount'),
    added: t.exposeInt('added'),
    changed: t.exposeInt('changed'),
    removed: t.exposeInt('removed'),
    fileName: t.exposeString('fileName', { nullable: true }),
  }),
});

builder.objectField(Dataset, 'versions', (t) =>
  t.loadableList({
    type: Version,
    description: 'Every version, newest first',
    load: async (ids: string[], ctx) => {
      const rows = await query<{
        dataset_id: string;
        version: number;
        created_at: string;
        row_count: number;
        added: number;
        changed: number;
        removed: number;
        ingest_id: number | null;
        file_name: string | null;
        note: string | null;
      }>(
        ctx.db,
        sql`/* versions.forDatasets */ select v.dataset_id, v.version, v.created_at, v.row_count, v.added, v.changed, v.removed, v.ingest_id, r.file_name, v.note
            from dataset_versions v left join ingest_runs r on r.id = v.ingest_id
            where v.dataset_id = any(${pgArray(ids)}::text[]) order by v.version desc`,
      );
      return ids.map((id) =>
        rows
          .filter((r) => r.dataset_id === id)
          .map((v) => ({
            version: v.version,
            createdAt: iso(v.created_at),
            rowCount: v.row_count,
            added: v.added,
            changed: v.changed,
            removed: v.removed,
            ingestId: v.ingest_id,
            fileName: v.file_name,
            note: v.note,
          })),
      );
    },
    resolve: (d) => d.id,
  }),
);

builder.queryFields((t) => ({
  versions: t.field({
    type: [Version],
    description: 'The versions of a dataset, newest first',
    args: { datasetId: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) =>
      (await listVersions(ctx.db, await findVisibleDataset(ctx.db, args.datasetId, ctx.principal))).items,
  }),
}));
