import { AreaResolver } from '@kho/ingest';
import { AREA_LEVELS, type AreaLink, queryOne, sql, todayInVietnam } from '@kho/schema';
import { GraphQLError } from 'graphql';
import { builder } from '../../graphql/builder';
import {
  type AreaRow,
  areasByCodes,
  childrenOf,
  dateWithin,
  findAreaVersion,
  listAreaRows,
  predecessorsOf,
  successorsOf,
} from './areas.queries';

/** A unit version, with the date its relatives are read at. */
type AreaShape = AreaRow & { at: string };
/**
 * The row with its date. Object.assign, not `{ ...r, at }`: on Node 20 a property added after a
 * spread cost ~1.4 µs per object against 0.12 µs (micro-benchmark in docs/benchmarks.md), and
 * an area tree makes one per unit.
 */
export const withDate = (r: AreaRow, at?: string): AreaShape =>
  Object.assign({}, r, { at: dateWithin(r, at) });
const keyOf = (code: string, at: string) => `${code}|${at}`;
const parseKey = (k: string) => {
  const [code, at] = k.split('|') as [string, string];
  return { code, at };
};

/** GraphQL enum values are upper case; they map to the lower-case values REST uses. */
export function upperEnum<T extends string>(values: readonly T[]) {
  return Object.fromEntries(values.map((v) => [v.replace(/-/g, '_').toUpperCase(), { value: v }])) as Record<
    string,
    { value: T }
  >;
}

export const AreaLevel = builder.enumType('AreaLevel', { values: upperEnum(AREA_LEVELS) });
const SuccessionKind = builder.enumType('SuccessionKind', {
  values: upperEnum(['merge', 'split', 'rename', 'recode', 'transfer'] as const),
});
const Share = builder.enumType('Share', { values: upperEnum(['full', 'partial'] as const) });

/** Global ids name a unit version: code@validFrom (empty validFrom: in force before the bundled history). */
export const Area = builder.loadableNodeRef<AreaShape, string>('Area', {
  id: { resolve: (a) => `${a.code}@${a.valid_from ?? ''}` },
  load: async (keys: string[], ctx) => {
    const rows = await Promise.all(
      keys.map(async (k) => {
        const [code, from] = k.split('@') as [string, string];
        return queryOne<AreaRow>(
          ctx.db,
          sql`select id, code, name, type, level, parent_code, valid_from, valid_to from areas
              where code = ${code} and valid_from is not distinct from ${from || null}::date`,
        );
      }),
    );
    return rows.map((r, i) => (r ? withDate(r) : new Error(`No area ${keys[i]}`)));
  },
});

const AreaSuccession = builder.objectRef<AreaLink & { fromId: number }>('AreaSuccession').implement({
  description: 'A link across a boundary change: which unit became which, when, and how',
  fields: (t) => ({
    date: t.field({ type: 'Date', resolve: (l) => l.date }),
    kind: t.field({ type: SuccessionKind, resolve: (l) => l.kind }),
    share: t.field({
      type: Share,
      resolve: (l) => l.share,
      description: 'Whether the whole old unit went there',
    }),
    code: t.exposeString('code'),
    name: t.exposeString('name'),
    inReferenceData: t.exposeBoolean('inReferenceData', {
      description: 'False for a predecessor outside the bundled lists (old Gia Lai, code 64)',
    }),
    area: t.loadable({
      type: Area,
      nullable: true,
      description: 'The linked unit, on the date it was in force',
      load: async (keys: string[], ctx) => {
        const parsed = keys.map(parseKey);
        const rows = await areasByCodes(ctx.db, parsed);
        return rows.map((r, i) => (r ? withDate(r, parsed[i]!.at) : null));
      },
      // A predecessor is read on its last day, a successor on the day of the change.
      resolve: (l) =>
        l.inReferenceData
          ? keyOf(l.code, l.validTo === l.date ? dateWithin({ valid_to: l.validTo }) : l.date)
          : null,
    }),
  }),
});

Area.implement({
  description:
    'An administrative unit as it was during one validity period (codes are reused across reforms)',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'GSO code' }),
    name: t.exposeString('name'),
    type: t.exposeString('type', {
      description: 'Tỉnh, Thành phố, Thị xã, Huyện, Phường, Xã, Thị trấn, Đặc khu',
    }),
    level: t.field({ type: AreaLevel, resolve: (a) => a.level }),
    parentCode: t.exposeString('parent_code', { nullable: true }),
    validFrom: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day in force; null: before the bundled history starts',
      resolve: (a) => a.valid_from,
    }),
    validTo: t.field({
      type: 'Date',
      nullable: true,
      description: 'First day no longer in force (exclusive); null: in force today',
      resolve: (a) => a.valid_to,
    }),
    parent: t.loadable({
      type: Area,
      nullable: true,
      load: async (keys: string[], ctx) => {
        const rows = await areasByCodes(ctx.db, keys.map(parseKey));
        return rows.map((r, i) => (r ? withDate(r, parseKey(keys[i]!).at) : null));
      },
      resolve: (a) => (a.parent_code ? keyOf(a.parent_code, a.at) : null),
    }),
    children: t.loadableList({
      type: Area,
      description: 'Units directly below, on the same date',
      load: async (keys: string[], ctx) => {
        const lists = await childrenOf(ctx.db, keys.map(parseKey));
        return lists.map((rows, i) => rows.map((r) => withDate(r, parseKey(keys[i]!).at)));
      },
      resolve: (a) => keyOf(a.code, a.at),
    }),
    predecessors: t.loadableList({
      type: AreaSuccession,
      load: async (ids: number[], ctx) => {
        const m = await predecessorsOf(ctx.db, ids);
        return ids.map((id) => (m.get(id) ?? []).map((l) => ({ ...l, fromId: id })));
      },
      resolve: (a) => a.id,
    }),
    successors: t.loadableList({
      type: AreaSuccession,
      load: async (ids: number[], ctx) => {
        const m = await successorsOf(ctx.db, ids);
        return ids.map((id) => (m.get(id) ?? []).map((l) => ({ ...l, fromId: id })));
      },
      resolve: (a) => a.id,
    }),
  }),
});

builder.queryFields((t) => ({
  areas: t.field({
    type: [Area],
    description: 'Units in force on a date (default today), like GET /v1/areas; at most 500',
    args: {
      level: t.arg({ type: AreaLevel }),
      parent: t.arg.string({ description: 'Code of a unit: only units inside it' }),
      at: t.arg({ type: 'Date' }),
      q: t.arg.string({ description: 'Accent-insensitive name search' }),
    },
    complexity: (args) => ({ field: 1, multiplier: args.level === 'commune' || !args.level ? 50 : 15 }),
    resolve: async (_r, args, ctx) => {
      const at = args.at ?? todayInVietnam();
      const page = await listAreaRows(ctx.db, {
        level: args.level ?? undefined,
        parent: args.parent ?? undefined,
        at,
        q: args.q ?? undefined,
        limit: 500,
      });
      return page.rows.map((r) => withDate(r, at));
    },
  }),
  area: t.field({
    type: Area,
    nullable: true,
    description: 'The unit a code named on a date (default today, else its last version)',
    args: { code: t.arg.string({ required: true }), at: t.arg({ type: 'Date' }) },
    resolve: async (_r, args, ctx) => {
      const r = await findAreaVersion(ctx.db, args.code, args.at ?? undefined);
      return r ? withDate(r, args.at ?? undefined) : null;
    },
  }),
}));

type MatchShape = { area: AreaRow; confidence: number; reason: string };

const AreaMatch = builder.objectRef<MatchShape>('AreaMatch').implement({
  description: 'A unit a name may mean, with how sure the match is',
  fields: (t) => ({
    area: t.field({ type: Area, resolve: (m) => withDate(m.area) }),
    confidence: t.exposeFloat('confidence', {
      description: '0–1: 1 exact, ≈0.9 without accents or type, ≤0.7 a typo',
    }),
    reason: t.exposeString('reason'),
  }),
});

const AreaResolution = builder
  .objectRef<{
    best: MatchShape | null;
    ambiguous: boolean;
    message: string | null;
    alternatives: MatchShape[];
  }>('AreaResolution')
  .implement({
    description: 'Which unit a written name means, like GET /v1/areas/resolve',
    fields: (t) => ({
      best: t.field({ type: AreaMatch, nullable: true, resolve: (r) => r.best }),
      ambiguous: t.exposeBoolean('ambiguous', {
        description: 'Several units match equally well: add parent or level',
      }),
      message: t.exposeString('message', { nullable: true }),
      alternatives: t.field({ type: [AreaMatch], resolve: (r) => r.alternatives }),
    }),
  });

builder.queryFields((t) => ({
  resolveArea: t.field({
    type: AreaResolution,
    description:
      'Match a name as agencies write it ("TP. Quy Nhơn", "H. Vân Canh") to GSO units, optionally on a date',
    args: {
      name: t.arg.string({ required: true }),
      parent: t.arg.string(),
      at: t.arg({ type: 'Date' }),
      level: t.arg({ type: AreaLevel }),
    },
    resolve: async (_r, args, ctx) => {
      // A GraphQLError: a plain Error is masked as an internal "Unexpected error.".
      if (!args.name.trim() || args.name.length > 200)
        throw new GraphQLError('name: 1–200 characters', { extensions: { code: 'BAD_USER_INPUT' } });
      const resolver = await AreaResolver.load(ctx.db);
      const r = resolver.resolveName(args.name, {
        ...(args.parent ? { parent: args.parent } : {}),
        ...(args.at ? { at: args.at } : {}),
        ...(args.level ? { level: args.level } : {}),
      });
      const toRow = (m: (typeof r.alternatives)[number]): MatchShape => ({
        area: {
          id: m.area.id,
          code: m.area.code,
          name: m.area.name,
          type: m.area.type,
          level: m.area.level,
          parent_code: m.area.parentCode,
          valid_from: m.area.validFrom,
          valid_to: m.area.validTo,
        },
        confidence: m.confidence,
        reason: m.reason,
      });
      return {
        best: r.best ? toRow(r.best) : null,
        ambiguous: r.ambiguous,
        message: r.message ?? null,
        alternatives: r.alternatives.map(toRow),
      };
    },
  }),
}));
