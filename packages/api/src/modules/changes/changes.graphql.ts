import { GraphQLError } from 'graphql';
import { builder, pageSize } from '../../graphql/builder';
import { Dataset } from '../catalog/catalog.graphql';
import { findVisibleDataset } from '../catalog/catalog.queries';
import { type DiffChange, diffRows, listChanges } from './changes.queries';

type EventShape = Awaited<ReturnType<typeof listChanges>>['items'][number];

const ChangeEvent = builder.objectRef<EventShape>('ChangeEvent').implement({
  description:
    'Something that happened to a dataset: created, metadata updated, a version published, retired',
  fields: (t) => ({
    type: t.exposeString('type'),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    datasetId: t.exposeString('dataset'),
    publisher: t.exposeString('publisher'),
    version: t.exposeInt('version', { nullable: true }),
    counts: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Rows added, changed, removed by this version',
      resolve: (e) => e.counts,
    }),
  }),
});

/** At most this many changes from Dataset.changes; the REST diff streams them all. */
const MAX_DIFF = 1000;

builder.queryFields((t) => ({
  changes: t.connection(
    {
      type: ChangeEvent,
      description:
        'The change feed like GET /v1/changes: pass the last endCursor as `since`/`after` to get only what is new',
      args: {
        since: t.arg.string({ description: 'A cursor from an earlier call' }),
        dataset: t.arg.string(),
        publisher: t.arg.string(),
      },
      resolve: async (_r, args, ctx) => {
        if (args.last || args.before) throw new GraphQLError('Page forward with first and after');
        const since = args.after ?? args.since ?? undefined;
        const r = await listChanges(
          ctx.db,
          {
            limit: pageSize(args.first, 100),
            ...(since ? { since } : {}),
            ...(args.dataset ? { dataset: args.dataset } : {}),
            ...(args.publisher ? { publisher: args.publisher } : {}),
          },
          ctx.principal,
        );
        return {
          edges: r.items.map((e) => ({ cursor: e.cursor, node: e })),
          pageInfo: {
            hasNextPage: r.hasMore,
            hasPreviousPage: !!since,
            startCursor: r.items[0]?.cursor ?? null,
            endCursor: r.nextCursor,
          },
        };
      },
    },
    { name: 'ChangeConnection' },
    { name: 'ChangeEdge' },
  ),
}));

builder.objectField(Dataset, 'changes', (t) =>
  t.field({
    type: 'JSON',
    description: `Rows added, changed (before and after) and removed between two versions; at most ${MAX_DIFF} (GET /v1/datasets/{id}/changes streams all)`,
    args: { from: t.arg.int({ required: true }), to: t.arg.int({ required: true }) },
    complexity: 50,
    resolve: async (d, args, ctx) => {
      const row = await findVisibleDataset(ctx.db, d.id, ctx.principal);
      const out: DiffChange[] = [];
      for await (const c of diffRows(ctx.db, row, args.from, args.to)) {
        if (out.length >= MAX_DIFF) return { changes: out, truncated: true };
        out.push(c);
      }
      return { changes: out, truncated: false };
    },
  }),
);
