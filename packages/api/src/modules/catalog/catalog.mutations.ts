import { datasetCreate, datasetPatch, queryOne, sql } from '@kho/schema';
import { GraphQLError } from 'graphql';
import { builder } from '../../graphql/builder';
import { NotFound, Problem } from '../../lib/problems';
import { audit } from '../audit/audit.service';
import { Access, Dataset, DatasetKind, Theme } from './catalog.graphql';
import { getDataset } from './catalog.queries';
import { createDatasetMetadata, patchDatasetMetadata } from './catalog.write';

const SourceInput = builder.inputType('SourceInput', {
  fields: (t) => ({ title: t.string({ required: true }), url: t.string() }),
});

const metadataFields = (
  t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0],
  required: boolean,
) => ({
  title: t.string({ required }),
  titleEn: t.string(),
  description: t.string(),
  descriptionEn: t.string(),
  publisher: t.string({ required, description: 'Publisher code, e.g. SYT' }),
  themes: t.field({ type: [Theme], required }),
  keywords: t.stringList(),
  license: t.string(),
  access: t.field({ type: Access }),
  updateFrequency: t.string({ description: 'daily, weekly, monthly, quarterly, annual, irregular' }),
  temporalStart: t.field({ type: 'Date' }),
  temporalEnd: t.field({ type: 'Date' }),
  spatialCode: t.string(),
  tableSchema: t.field({ type: 'JSON', description: 'A Frictionless Table Schema (table datasets)' }),
  sources: t.field({ type: [SourceInput] }),
  contactEmail: t.string(),
});

const DatasetCreateInput = builder.inputType('DatasetCreateInput', {
  fields: (t) => ({
    id: t.string({ required: true }),
    kind: t.field({ type: DatasetKind, required: true }),
    ...metadataFields(t, true),
  }),
});
const DatasetPatchInput = builder.inputType('DatasetPatchInput', { fields: (t) => metadataFields(t, false) });

/** GraphQL input → the zod contract's input (nulls dropped), so both surfaces share one validation. */
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

function asGraphQLError(e: unknown): never {
  if (e instanceof Problem)
    throw new GraphQLError(e.detail, { extensions: { code: e.code, status: e.status } });
  throw e;
}

builder.mutationFields((t) => ({
  createDataset: t.field({
    type: Dataset,
    description:
      'Create a dataset’s metadata (needs write:publisher:<code>); its data arrives through ingest',
    args: { input: t.arg({ type: DatasetCreateInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const parsed = datasetCreate.safeParse(defined(input));
      if (!parsed.success)
        throw new GraphQLError(
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
      await createDatasetMetadata(ctx.writer, ctx.principal, parsed.data).catch(asGraphQLError);
      await audit(ctx.writer, {
        principal: ctx.principal,
        surface: 'graphql',
        action: 'write',
        datasetId: parsed.data.id,
        requestId: ctx.requestId,
        detail: { op: 'create' },
      });
      return getDataset(ctx.writer, parsed.data.id, ctx.principal, ctx.publicUrl);
    },
  }),
  updateDataset: t.field({
    type: Dataset,
    description: 'Change a dataset’s metadata (needs write:publisher:<code>)',
    args: { id: t.arg.string({ required: true }), patch: t.arg({ type: DatasetPatchInput, required: true }) },
    resolve: async (_r, { id, patch }, ctx) => {
      const parsed = datasetPatch.safeParse(defined(patch));
      if (!parsed.success)
        throw new GraphQLError(
          parsed.error.issues.map((i) => `${i.path.join('.') || 'patch'}: ${i.message}`).join('; '),
          { extensions: { code: 'BAD_USER_INPUT' } },
        );
      const current = await queryOne<{ id: string; access: string; publisher_code: string; kind: string }>(
        ctx.writer,
        sql`select id, access, publisher_code, kind from datasets where id = ${id} and retired_at is null`,
      );
      // The same answer as for a dataset the key may not see (patchDatasetMetadata's 404).
      if (!current) asGraphQLError(new NotFound('dataset-not-found', `There is no dataset "${id}".`));
      await patchDatasetMetadata(ctx.writer, ctx.principal, id, parsed.data, current).catch(asGraphQLError);
      await audit(ctx.writer, {
        principal: ctx.principal,
        surface: 'graphql',
        action: 'write',
        datasetId: id,
        requestId: ctx.requestId,
        detail: { op: 'update', fields: Object.keys(parsed.data) },
      });
      return getDataset(ctx.writer, id, ctx.principal, ctx.publicUrl);
    },
  }),
}));
