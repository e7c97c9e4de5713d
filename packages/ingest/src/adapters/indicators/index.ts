import { parsePeriod } from '../../normalise/period';
import { foldForSearch } from '../../normalise/text';
import type { Cell, SourceRow } from '../../read/types';
import { COMMON_SYNONYMS, matchColumns, requireColumns, type Synonyms } from '../columns';
import type { Adapter, Mapping, ObservationDraft, Plan, PlanContext } from '../types';

const ROLES = [
  'indicatorCode',
  'indicatorEn',
  'indicator',
  'unit',
  'additive',
  'areaCode',
  'areaLevel',
  'area',
  'value',
  'period',
  'flag',
  'sourceUrl',
  'quote',
];
const LABELS: Record<string, string> = {
  indicator: 'indicator (Chỉ tiêu)',
  indicatorCode: 'indicator code (Mã chỉ tiêu)',
  area: 'area (Địa bàn)',
  areaCode: 'area code (Mã địa bàn)',
  period: 'period (Kỳ / Năm)',
  value: 'value (Giá trị)',
};

export const DIMENSION_SYNONYMS: Synonyms = {
  sex: ['gioi tinh', 'sex', 'gender'],
  crop: ['cay trong', 'loai cay', 'crop'],
  season: ['vu', 'mua vu', 'season'],
  schoolLevel: ['cap hoc', 'bac hoc', 'school level', 'school_level'],
  livestock: ['vat nuoi', 'loai vat nuoi', 'livestock'],
  residence: ['thanh thi nong thon', 'khu vuc', 'residence', 'urban rural'],
};

/** "Dân số (người)" → name "Dân số", unit "người". */
export function splitUnit(header: string): { name: string; unit?: string } {
  const m = /^(.*?)\s*\(([^()]{1,30})\)\s*$/.exec(header);
  return m ? { name: m[1]!, unit: m[2]! } : { name: header };
}

/** A cell as text, trimmed and in NFC (a decomposed file must give the same rows as a composed one). */
const cellText = (c: Cell | undefined) =>
  c === null || c === undefined ? '' : String(c).trim().normalize('NFC');

export interface IndicatorAdapterOptions {
  name: string;
  description: string;
  defaults: Adapter['defaults'];
  /** Extra header names for this sector. */
  synonyms?: Synonyms;
  dimensions?: Synonyms;
  /** Folded indicator names/headers → indicator code, unit and English name for this sector. */
  knownIndicators?: Record<string, { code: string; nameEn?: string; unit?: string; additive?: boolean }>;
}

/**
 * Any indicator table: long (one value per row: indicator, area, period, value, unit) or
 * wide (one column per period, or one column per indicator), Vietnamese or English headers.
 */
export function indicatorTableAdapter(options: IndicatorAdapterOptions): Adapter {
  const synonyms: Synonyms = { ...COMMON_SYNONYMS };
  for (const [role, names] of Object.entries(options.synonyms ?? {}))
    synonyms[role] = [...(synonyms[role] ?? []), ...names];
  const dimensionSynonyms = { ...DIMENSION_SYNONYMS, ...(options.dimensions ?? {}) };
  const known = options.knownIndicators ?? {};
  const memo = new Map<string, ObservationDraft['indicator']>();

  const indicatorOf = (
    name: string | undefined,
    code: string | undefined,
    nameEn: string | undefined,
    unit: string | undefined,
    additive?: boolean,
  ) => {
    const key = `${name}\u0001${code}\u0001${nameEn}\u0001${unit}\u0001${additive}`;
    const hit = memo.get(key);
    if (hit) return hit;
    const k = name ? known[foldForSearch(name)] : undefined;
    const made = {
      ...(code || k?.code ? { code: code || k!.code } : {}),
      ...(name ? { name } : {}),
      ...(nameEn || k?.nameEn ? { nameEn: nameEn || k!.nameEn } : {}),
      ...(unit || k?.unit ? { unit: unit || k!.unit } : {}),
      ...(additive !== undefined ? { additive } : k?.additive !== undefined ? { additive: k.additive } : {}),
    };
    // The same object for the same indicator on every row: builders cache what they derive from it.
    if (memo.size < 100_000) memo.set(key, made);
    return made;
  };
  const additiveOf = (c: Cell | undefined) => {
    const t = foldForSearch(cellText(c));
    return t === '' ? undefined : ['true', 'yes', 'co', '1', 'x'].includes(t);
  };

  return {
    name: options.name,
    description: options.description,
    defaults: options.defaults,
    async plan(ctx: PlanContext): Promise<Plan> {
      const mapping: Mapping = ctx.mapping ?? {};
      const explicitRoles = Object.fromEntries(
        Object.entries(mapping.columns ?? {}).filter(([, role]) => ROLES.includes(role)),
      );
      const found = matchColumns(ctx.headers, ROLES, synonyms, explicitRoles);
      const defaults = mapping.defaults ?? {};
      const used = new Set(Object.values(found));
      const dimensionColumns: Record<string, string> = {};
      for (const col of mapping.dimensions ?? []) dimensionColumns[col] = col;
      for (const [col, role] of Object.entries(mapping.columns ?? {}))
        if (role.startsWith('dimension:')) dimensionColumns[role.slice(10)] = col;
      const byDim = matchColumns(
        ctx.headers.filter((h) => !used.has(h)),
        Object.keys(dimensionSynonyms),
        dimensionSynonyms,
      );
      for (const [dim, col] of Object.entries(byDim)) dimensionColumns[dim] = col;
      for (const col of Object.values(dimensionColumns)) used.add(col);

      const rest = ctx.headers.filter((h) => !used.has(h));
      const periodHeaders = rest.filter((h) => parsePeriod(h) !== null);
      const wide =
        mapping.wide ??
        (found.value ? undefined : periodHeaders.length && !found.period ? 'period' : 'indicator');

      const dimensionEntries = Object.entries(dimensionColumns);
      const areaColumns = found.area || found.areaCode ? { area: (found.areaCode ?? found.area)! } : {};
      const levelDefault = mapping.areaLevel || defaults.areaLevel || undefined;
      // Drafts are built with every property written out: `{ ...base, indicator, … }` on each
      // row cost about a microsecond per added property in V8 (the clone's map is not reused),
      // a fifth of a long table's load time.
      const draftOf = (
        b: ReturnType<typeof base>,
        indicator: ObservationDraft['indicator'],
        period: Cell,
        value: Cell,
        attributes: Record<string, unknown>,
        columns: ObservationDraft['columns'],
      ): ObservationDraft => ({
        row: b.row,
        area: b.area,
        flag: b.flag,
        dimensions: b.dimensions,
        indicator,
        period,
        value,
        attributes,
        columns,
      });
      /** The row's indicator from its name/code/unit cells (and the additive cell where asked). */
      const rowIndicator = (row: SourceRow, withAdditive: boolean) => {
        const name = found.indicator ? cellText(row.cells[found.indicator]) : defaults.indicator;
        return indicatorOf(
          name || undefined,
          found.indicatorCode
            ? cellText(row.cells[found.indicatorCode]) || undefined
            : defaults.indicatorCode,
          found.indicatorEn ? cellText(row.cells[found.indicatorEn]) || undefined : undefined,
          found.unit ? cellText(row.cells[found.unit]) || undefined : defaults.unit,
          withAdditive && found.additive ? additiveOf(row.cells[found.additive]) : undefined,
        );
      };
      const base = (row: SourceRow) => {
        const dimensions: Record<string, string> = {};
        for (const [dim, col] of dimensionEntries) {
          const v = cellText(row.cells[col]);
          if (v !== '') dimensions[dim] = v;
        }
        return {
          row: row.row,
          area: {
            code: found.areaCode ? cellText(row.cells[found.areaCode]) || undefined : defaults.areaCode,
            name: found.area ? cellText(row.cells[found.area]) || undefined : defaults.area,
            level: ((found.areaLevel ? cellText(row.cells[found.areaLevel]) : '') || levelDefault) as never,
          },
          flag: found.flag ? cellText(row.cells[found.flag]) || null : (defaults.flag ?? null),
          dimensions,
          columns: areaColumns,
        };
      };
      const attributeHeaders = ctx.headers.filter((h) => !used.has(h));
      const attributesOf = (row: SourceRow, skip: Set<string>) => {
        const attrs: Record<string, unknown> = {};
        if (found.sourceUrl) {
          const v = cellText(row.cells[found.sourceUrl]);
          if (v) attrs.source = v;
        }
        if (found.quote) {
          const v = cellText(row.cells[found.quote]);
          if (v) attrs.quote = v;
        }
        for (const h of attributeHeaders) {
          if (skip.size && skip.has(h)) continue;
          const v = row.cells[h];
          if (v !== null && v !== undefined && v !== '')
            attrs[h] = typeof v === 'string' ? v.normalize('NFC') : v;
        }
        return attrs;
      };
      const NO_SKIP = new Set<string>();
      const areaRequired = [['area', 'areaCode']];

      if (!wide) {
        requireColumns(
          found,
          [['indicator', 'indicatorCode'], ...areaRequired, ['period'], ['value']].filter(
            (alts) => !alts.some((r) => defaults[r]),
          ),
          ctx.headers,
          LABELS,
        );
        const columns = {
          ...found,
          ...Object.fromEntries(Object.entries(dimensionColumns).map(([d, c]) => [`dimension:${d}`, c])),
        };
        const longColumns = {
          ...areaColumns,
          indicator: found.indicatorCode ?? found.indicator,
          period: found.period,
          value: found.value,
        };
        return {
          kind: 'indicators',
          columns,
          toDrafts(row) {
            const b = base(row);
            const indicator = rowIndicator(row, true);
            return [
              draftOf(
                b,
                indicator,
                found.period ? (row.cells[found.period] ?? null) : (defaults.period ?? null),
                row.cells[found.value!] ?? null,
                attributesOf(row, NO_SKIP),
                longColumns,
              ),
            ];
          },
        };
      }

      if (wide === 'period') {
        requireColumns(
          found,
          [['indicator', 'indicatorCode'], ...areaRequired].filter((alts) => !alts.some((r) => defaults[r])),
          ctx.headers,
          LABELS,
        );
        const periodSet = new Set(periodHeaders);
        return {
          kind: 'indicators',
          columns: { ...found, periods: periodHeaders.join(', ') },
          toDrafts(row) {
            const b = base(row);
            const indicator = rowIndicator(row, false);
            const attributes = attributesOf(row, periodSet);
            return periodHeaders
              .filter((h) => cellText(row.cells[h]) !== '')
              .map((h) =>
                draftOf(b, indicator, h, row.cells[h] ?? null, attributes, {
                  ...b.columns,
                  indicator: found.indicatorCode ?? found.indicator,
                  period: h,
                  value: h,
                }),
              );
          },
        };
      }

      // Wide by indicator: every remaining column is an indicator, its header the name (and unit).
      requireColumns(
        found,
        [...areaRequired, ['period']].filter((alts) => !alts.some((r) => defaults[r])),
        ctx.headers,
        LABELS,
      );
      const indicatorHeaders = rest;
      if (!indicatorHeaders.length) {
        requireColumns(found, [['value']], ctx.headers, LABELS);
      }
      const indicators = new Map(
        indicatorHeaders.map((h) => {
          const { name, unit } = splitUnit(h);
          return [h, indicatorOf(name, undefined, undefined, unit ?? defaults.unit)] as const;
        }),
      );
      return {
        kind: 'indicators',
        columns: { ...found, indicators: indicatorHeaders.join(', ') },
        toDrafts(row) {
          const b = base(row);
          const period = found.period ? (row.cells[found.period] ?? null) : (defaults.period ?? null);
          return indicatorHeaders
            .filter((h) => cellText(row.cells[h]) !== '')
            .map((h) =>
              draftOf(
                b,
                indicators.get(h)!,
                period,
                row.cells[h] ?? null,
                {},
                {
                  ...b.columns,
                  indicator: h,
                  period: found.period,
                  value: h,
                },
              ),
            );
        },
      };
    },
  };
}

export const indicatorsAdapter = indicatorTableAdapter({
  name: 'indicators',
  description:
    'Any indicator table: long (indicator, area, period, value, unit) or wide (a column per period or per indicator)',
  defaults: { title: 'Chỉ tiêu thống kê', publisher: 'CTK', themes: ['population'] },
});
