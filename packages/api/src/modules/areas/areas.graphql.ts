import { AREA_LEVELS, type AreaLink, todayInVietnam } from '@kho/schema';
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
const withDate = (r: AreaRow, at?: string): AreaShape => ({ ...r, at: dateWithin(r, at) });
const keyOf = (code: string, at: string) => `${code}|${at}`;
const parseKey = (k: string) => {
  const [code, at] = k.split('|') as [string, string];
  return { code, at };
};

export const AreaLevel = builder.enumType('AreaLevel', { values: AREA_LEVELS });
const SuccessionKind = builder.enumType('SuccessionKind', {
  values: ['merge', 'split', 'rename', 'recode', 'transfer'] as const,
});
const Share = builder.enumType('Share', { values: ['full', 'partial'] as const });

export const Area = builder.objectRef<AreaShape>('Area');

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
    area: t.field({
      type: Area,
      nullable: true,
      description: 'The linked unit, on the date it was in force',
      resolve: async (l, _a, ctx) => {
        if (!l.inReferenceData) return null;
        const r = await findAreaVersion(
          ctx.db,
          l.code,
          l.validTo === l.date ? dateWithin({ valid_to: l.validTo }) : l.date,
        );
        return r ? withDate(r) : null;
      },
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
