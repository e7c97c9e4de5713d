import { type Observation, observationsQuery } from '@kho/schema';
import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { builder, pageSize } from '../../graphql/builder';
import { selectedFields } from '../../graphql/selection';
import { Area, AreaLevel, withDate } from '../areas/areas.graphql';
import { areasByCodes } from '../areas/areas.queries';
import { auditDatasetRows } from '../audit/audit.service';
import { Dataset } from '../catalog/catalog.graphql';
import { getDataset } from '../catalog/catalog.queries';
import {
  listIndicators,
  listObservations,
  type ObservationKey,
  observationsForAreas,
} from './observations.queries';

type IndicatorShape = Awaited<ReturnType<typeof listIndicators>>['items'][number];

export const Indicator = builder.loadableNodeRef<IndicatorShape, string>('Indicator', {
  id: { resolve: (i) => i.code },
  load: async (codes: string[], ctx) => {
    const found = await Promise.all(
      codes.map((code) => listIndicators(ctx.db, { code, limit: 1 }, ctx.principal)),
    );
    return found.map((r, i) => r.items[0] ?? new GraphQLError(`No indicator ${codes[i]}`));
  },
});

const Boundaries = builder.enumType('Boundaries', {
  values: { AS_RECORDED: { value: 'as_recorded' }, CURRENT: { value: 'current' } } as const,
});

export const ObservationRef = builder.objectRef<Observation>('Observation').implement({
  description: 'One value of an indicator for an area and a period',
  fields: (t) => ({
    indicatorCode: t.exposeString('indicator'),
    indicatorName: t.exposeString('indicatorName'),
    unit: t.exposeString('unit'),
    areaCode: t.exposeString('areaCode'),
    areaName: t.exposeString('areaName'),
    areaLevel: t.exposeString('areaLevel'),
    periodStart: t.field({ type: 'Date', resolve: (o) => o.periodStart }),
    periodEnd: t.field({ type: 'Date', resolve: (o) => o.periodEnd }),
    period: t.exposeString('period', { nullable: true, description: 'The period as published' }),
    granularity: t.exposeString('granularity'),
    value: t.exposeFloat('value'),
    flag: t.exposeString('flag', {
      nullable: true,
      description: 'provisional, estimated, lower_bound, approximate, target',
    }),
    dimensions: t.field({ type: 'JSON', resolve: (o) => o.dimensions }),
    source: t.exposeString('source', { nullable: true }),
    derivedFrom: t.stringList({
      nullable: true,
      description: 'With boundaries CURRENT: the old units summed into this one',
      resolve: (o) => o.derived?.from ?? null,
    }),
    indicator: t.field({ type: Indicator, resolve: (o) => o.indicator }),
    dataset: t.field({ type: Dataset, resolve: (o) => o.dataset }),
    area: t.loadable({
      type: Area,
      nullable: true,
      description: 'The unit as it was at the end of the period',
      load: async (keys: string[], ctx) => {
        const parsed = keys.map((k) => {
          const [code, at] = k.split('|') as [string, string];
          return { code, at };
        });
        const rows = await areasByCodes(ctx.db, parsed);
        return rows.map((r, i) => (r ? withDate(r, parsed[i]!.at) : null));
      },
      resolve: (o) => `${o.areaCode}|${o.periodEnd}`,
    }),
  }),
});

Indicator.implement({
  description: 'A statistical indicator, visible through the datasets you may see',
  fields: (t) => ({
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    nameEn: t.exposeString('nameEn', { nullable: true }),
    unit: t.exposeString('unit'),
    additive: t.exposeBoolean('additive', { description: 'Values may be summed over areas' }),
    periodStart: t.field({ type: 'Date', resolve: (i) => i.periodStart }),
    periodEnd: t.field({ type: 'Date', resolve: (i) => i.periodEnd }),
    datasets: t.field({
      type: [Dataset],
      resolve: async (i, _a, ctx) =>
        (
          await Promise.all(
            i.datasets.map((id) => getDataset(ctx.db, id, ctx.principal, ctx.publicUrl).catch(() => null)),
          )
        ).filter((d): d is NonNullable<typeof d> => !!d),
    }),
  }),
});

const observationArgs = (t: Parameters<Parameters<typeof builder.queryFields>[0]>[0]) => ({
  dataset: t.arg.string(),
  indicator: t.arg.stringList(),
  area: t.arg.string({ description: 'GSO code' }),
  descendants: t.arg.boolean({ description: 'Include every unit below area' }),
  level: t.arg({ type: AreaLevel }),
  periodFrom: t.arg.string({ description: '2022, 2022-05 or 2022-05-31' }),
  periodTo: t.arg.string(),
  dimensions: t.arg({ type: 'JSON', description: 'e.g. {"sex": "Nam"}' }),
  boundaries: t.arg({ type: Boundaries, defaultValue: 'as_recorded' }),
});

builder.queryFields((t) => ({
  indicators: t.field({
    type: [Indicator],
    description: 'The indicators held by datasets you may see, like GET /v1/indicators',
    args: { q: t.arg.string(), dataset: t.arg.string() },
    resolve: async (_r, args, ctx) =>
      (
        await listIndicators(
          ctx.db,
          {
            limit: 500,
            ...(args.q ? { q: args.q } : {}),
            ...(args.dataset ? { dataset: args.dataset } : {}),
          },
          ctx.principal,
        )
      ).items,
  }),
  indicator: t.field({
    type: Indicator,
    nullable: true,
    description: 'One indicator by code; null when no dataset you may see holds it',
    args: { code: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) =>
      (await listIndicators(ctx.db, { code: args.code, limit: 1 }, ctx.principal)).items[0] ?? null,
  }),
  observations: t.connection(
    {
      type: ObservationRef,
      description:
        'Indicator values like GET /v1/observations; boundaries CURRENT re-aggregates old units into today’s where that is sound',
      args: observationArgs(t),
      complexity: (args) => ({ field: 2, multiplier: Math.min(args.first ?? 100, 1000) / 5 }),
      resolve: async (_r, args, ctx) => {
        if (args.last || args.before) throw new GraphQLError('Page forward with first and after');
        const dims = args.dimensions ?? {};
        if (typeof dims !== 'object' || Array.isArray(dims))
          throw new GraphQLError('dimensions is an object such as {"sex": "Nam"}');
        const parsed = observationsQuery.safeParse({
          ...(args.dataset ? { dataset: args.dataset } : {}),
          ...(args.indicator?.length ? { indicator: args.indicator.join(',') } : {}),
          ...(args.area ? { area: args.area } : {}),
          ...(args.descendants ? { descendants: 'true' } : {}),
          ...(args.level ? { level: args.level } : {}),
          ...(args.periodFrom ? { period_from: args.periodFrom } : {}),
          ...(args.periodTo ? { period_to: args.periodTo } : {}),
          ...Object.fromEntries(
            Object.entries(dims as Record<string, unknown>).map(([k, v]) => [`dim.${k}`, String(v)]),
          ),
          boundaries: args.boundaries ?? 'as_recorded',
          limit: String(pageSize(args.first)),
          ...(args.after ? { cursor: args.after } : {}),
        });
        if (!parsed.success)
          throw new GraphQLError(
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
            { extensions: { code: 'BAD_USER_INPUT' } },
          );
        const page = await listObservations(ctx.db, parsed.data, ctx.principal);
        await auditDatasetRows(
          ctx.writer,
          ctx,
          'graphql',
          page.items.map((o) => o.dataset),
        );
        return {
          edges: page.items.map((node, i) => ({ cursor: page.cursors[i]!, node })),
          pageInfo: {
            hasNextPage: !!page.nextCursor,
            hasPreviousPage: !!args.after,
            startCursor: page.cursors[0] ?? null,
            endCursor: page.cursors[page.cursors.length - 1] ?? null,
          },
          notes: page.notes ?? [],
        };
      },
    },
    {
      name: 'ObservationConnection',
      fields: (c) => ({
        notes: c.field({
          type: 'JSON',
          description: 'With boundaries CURRENT: units that could not be mapped, and why',
          resolve: (conn) => (conn as unknown as { notes: unknown[] }).notes,
        }),
      }),
    },
    { name: 'ObservationEdge' },
  ),
}));

/** The Observation keys each field of the type reads (nested objects: the keys they are found by). */
const FIELD_KEYS: Record<string, ObservationKey[]> = {
  indicatorCode: ['indicator'],
  indicatorName: ['indicatorName'],
  unit: ['unit'],
  areaCode: ['areaCode'],
  areaName: ['areaName'],
  areaLevel: ['areaLevel'],
  periodStart: ['periodStart'],
  periodEnd: ['periodEnd'],
  period: ['period'],
  granularity: ['granularity'],
  value: ['value'],
  flag: ['flag'],
  dimensions: ['dimensions'],
  source: ['source'],
  derivedFrom: [],
  indicator: ['indicator'],
  dataset: ['dataset'],
  area: ['areaCode', 'periodEnd'],
  __typename: [],
};

/**
 * The keys the selection under a field of Observation lists reads, through fragments; undefined
 * (every key) when it names a field this table does not know.
 */
export function selectedKeys(info: GraphQLResolveInfo): ObservationKey[] | undefined {
  const keys = new Set<ObservationKey>();
  for (const name of selectedFields(info)) {
    const k = FIELD_KEYS[name];
    if (!k) return undefined;
    for (const key of k) keys.add(key);
  }
  return [...keys];
}

builder.objectField(Area, 'observations', (t) =>
  t.loadableList({
    type: ObservationRef,
    description: 'Indicator values recorded for this unit (this version of it), at most 1000',
    byPath: true,
    args: {
      indicator: t.arg.string(),
      periodFrom: t.arg.string(),
      periodTo: t.arg.string(),
    },
    load: async (keys: string[], ctx, args, info) => {
      // The same bounds as periodFrom/periodTo of Query.observations (raw text reached ::date: an internal error).
      for (const [name, value] of [
        ['periodFrom', args.periodFrom],
        ['periodTo', args.periodTo],
      ] as const) {
        const bound = observationsQuery.shape.period_from.safeParse(value ?? undefined);
        if (!bound.success)
          throw new GraphQLError(`${name}: ${bound.error.issues[0]?.message ?? 'invalid'}`, {
            extensions: { code: 'BAD_USER_INPUT' },
          });
      }
      // Keys are "id|code": the code lets the statement use the (indicator, area code, period) index.
      const areas = keys.map((k) => {
        const bar = k.indexOf('|');
        return { id: Number(k.slice(0, bar)), code: k.slice(bar + 1) };
      });
      const m = await observationsForAreas(
        ctx.db,
        areas,
        { ...args, limitPerArea: 1000 },
        ctx.principal,
        selectedKeys(info),
      );
      return areas.map((a) => m.get(a.id) ?? []);
    },
    resolve: (a) => `${a.id}|${a.code}`,
  }),
);
