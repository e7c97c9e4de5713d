import { datasetId, recordsQuery } from '@kho/schema';
import { GraphQLError } from 'graphql';
import { builder, pageSize } from '../../graphql/builder';
import { selectedFields } from '../../graphql/selection';
import { auditRead } from '../audit/audit.service';
import { refuseProtoField } from './filters';
import { countRecords, readRecords } from './records.queries';

type FieldShape = { name: string; type: string; title?: string; unit?: string; description?: string };

const Field = builder.objectRef<FieldShape>('Field').implement({
  description:
    'A field of the data dictionary: name, type (string, integer, number, boolean, date …), title, unit',
  fields: (t) => ({
    name: t.exposeString('name'),
    type: t.exposeString('type'),
    title: t.exposeString('title', { nullable: true }),
    unit: t.exposeString('unit', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
  }),
});

const RecordEdge = builder
  .objectRef<{ cursor: string; node: Record<string, unknown> }>('RecordEdge')
  .implement({
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      node: t.field({
        type: 'JSON',
        description: 'The row: the fields of the data dictionary, plus _id',
        resolve: (e) => e.node,
      }),
    }),
  });

const RecordsPageInfo = builder
  .objectRef<{ hasNextPage: boolean; endCursor: string | null }>('RecordsPageInfo')
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

type RecordsShape = {
  fields: FieldShape[];
  edges: { cursor: string; node: Record<string, unknown> }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  version: number;
  count: () => Promise<number>;
};

const RecordsConnection = builder.objectRef<RecordsShape>('RecordsConnection').implement({
  description: 'Rows of a dataset, typed by its data dictionary',
  fields: (t) => ({
    fields: t.field({ type: [Field], resolve: (r) => r.fields }),
    edges: t.field({ type: [RecordEdge], resolve: (r) => r.edges }),
    pageInfo: t.field({ type: RecordsPageInfo, resolve: (r) => r.pageInfo }),
    version: t.exposeInt('version', { description: 'The dataset version these rows belong to' }),
    totalCount: t.int({
      description: 'All rows matching the filter (one extra count query)',
      resolve: (r) => r.count(),
    }),
  }),
});

builder.queryFields((t) => ({
  records: t.field({
    type: RecordsConnection,
    description:
      'Rows of a dataset with the REST filters: filter is an object of field → "op:value" (e.g. {"beds": "gte:100"})',
    args: {
      datasetId: t.arg.string({ required: true }),
      filter: t.arg({
        type: 'JSON',
        description: 'Field filters, e.g. {"beds": "gte:100", "type": "in:hospital,clinic"}',
      }),
      q: t.arg.string({ description: 'Words to find, accent-insensitive' }),
      sort: t.arg.string({ description: 'e.g. "-beds,name"' }),
      first: t.arg.int({ description: 'Page size, 1–1000 (default 100)' }),
      after: t.arg.string(),
      version: t.arg.int({ description: 'An earlier version' }),
    },
    complexity: (args) => ({ field: 5, multiplier: Math.min(args.first ?? 100, 1000) / 10 }),
    resolve: async (_r, args, ctx, info) => {
      const id = datasetId.safeParse(args.datasetId);
      if (!id.success)
        throw new GraphQLError(`datasetId: ${id.error.issues[0]!.message}`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      const filter = args.filter ?? {};
      if (
        typeof filter !== 'object' ||
        Array.isArray(filter) ||
        Object.values(filter as object).some((v) => typeof v !== 'string')
      ) {
        throw new GraphQLError('filter is an object of field → "op:value" strings', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      refuseProtoField(filter as object);
      // The same zod contract as REST validates the whole request.
      const parsed = recordsQuery.safeParse({
        ...(filter as Record<string, string>),
        limit: String(pageSize(args.first)),
        ...(args.q ? { q: args.q } : {}),
        ...(args.sort ? { sort: args.sort } : {}),
        ...(args.after ? { cursor: args.after } : {}),
        ...(args.version ? { version: String(args.version) } : {}),
        // totalCount asked: counted with the page, one statement (after a cursor, on its own).
        ...(selectedFields(info).has('totalCount') ? { total: 'true' } : {}),
      });
      if (!parsed.success) {
        throw new GraphQLError(
          parsed.error.issues.map((i) => `${i.path.join('.') || 'records'}: ${i.message}`).join('; '),
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
      }
      const { dataset: d, source, page } = await readRecords(ctx.db, id.data, ctx.principal, parsed.data);
      const cursors = page.cursors?.() ?? [];
      await auditRead(ctx.writer, ctx, 'graphql', [
        { datasetId: d.id, access: d.access, rows: page.items.length },
      ]);
      return {
        fields: (d.table_schema?.fields ??
          source.fields.map((f) => ({ name: f.name, type: f.type }))) as FieldShape[],
        edges: page.items.map((node, i) => ({ cursor: cursors[i]!, node })),
        pageInfo: { hasNextPage: !!page.nextCursor, endCursor: cursors[cursors.length - 1] ?? null },
        version: page.version,
        count: async () => page.total ?? countRecords(ctx.db, source, d, parsed.data),
      };
    },
  }),
}));
