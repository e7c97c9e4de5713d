import type { TableSchemaInput } from '@kho/schema';
import { foldForSearch } from '../../normalise/text';
import { FileProblem, type SourceRow } from '../../read/types';
import { COMMON_SYNONYMS, matchColumns, type Synonyms } from '../columns';
import type { Adapter, Plan, PlanContext, RecordDraft } from '../types';
import { inferTableSchema } from './infer';

export interface RecordAdapterOptions {
  name: string;
  description: string;
  defaults: Adapter['defaults'];
  /** A fixed Table Schema for this sector (used when the dataset has none yet). */
  tableSchema?: TableSchemaInput;
  /** Header names per schema field, beyond the field's own name and title. */
  synonyms?: Synonyms;
  /** Turns a sector's raw cells into the schema's canonical values (e.g. "THCS" → lower-secondary). */
  normalise?: (fields: RecordDraft['fields']) => void;
}

const AREA_ROLES = ['areaCode', 'area'];

/** Any table typed by the dataset's Frictionless Table Schema (inferred on the first load when there is none). */
export function recordTableAdapter(options: RecordAdapterOptions): Adapter {
  return {
    name: options.name,
    description: options.description,
    defaults: options.defaults,
    async plan(ctx: PlanContext): Promise<Plan> {
      const mapping = ctx.mapping ?? {};
      const renamed = mapping.columns ?? {};
      let schema = ctx.tableSchema ?? options.tableSchema ?? null;
      let inferred = false;
      if (!schema) {
        if (!ctx.sample) throw new Error('inference needs the rows');
        const raw = await inferTableSchema(ctx.headers, ctx.sample());
        // A column renamed by the mapping carries its new name into the schema.
        schema = {
          ...raw,
          fields: raw.fields.map((f) => ({ ...f, name: renamed[f.name] ?? f.name })),
          ...(mapping.primaryKey
            ? { primaryKey: mapping.primaryKey }
            : raw.primaryKey
              ? { primaryKey: raw.primaryKey.map((k) => renamed[k] ?? k) }
              : {}),
        };
        inferred = true;
      }
      // Schema field → source column: the mapping, then the field's name or title, then sector synonyms.
      const columns: Record<string, string> = {};
      const folded = new Map(ctx.headers.map((h) => [foldForSearch(h), h]));
      for (const [col, field] of Object.entries(renamed)) if (ctx.headers.includes(col)) columns[field] = col;
      for (const f of schema.fields) {
        if (columns[f.name]) continue;
        const candidates = [f.name, f.title ?? '', ...(options.synonyms?.[f.name] ?? [])].map(foldForSearch);
        const col = candidates
          .map((c) => folded.get(c))
          .find((c) => c && !Object.values(columns).includes(c));
        if (col) columns[f.name] = col;
      }
      const missing = schema.fields.filter(
        (f) => !columns[f.name] && (f.constraints?.required || schema!.primaryKey?.includes(f.name)),
      );
      if (missing.length) {
        throw new FileProblem(
          `Missing required column(s): ${missing.map((f) => (f.title ? `${f.name} (${f.title})` : f.name)).join(', ')}. The file's columns: ${ctx.headers.join(', ')}.`,
          1,
          "Rename the columns to the data dictionary's field names, or pass a --mapping file.",
        );
      }
      const unmatched = ctx.headers.filter((h) => !Object.values(columns).includes(h));
      const areaCols = matchColumns(
        ctx.headers,
        AREA_ROLES,
        {
          areaCode: COMMON_SYNONYMS.areaCode!,
          area: [...COMMON_SYNONYMS.area!, 'city', 'quan', 'thanh pho'],
        },
        Object.fromEntries(Object.entries(renamed).filter(([, r]) => AREA_ROLES.includes(r))),
      );
      const areaColumn = areaCols.areaCode ?? areaCols.area;
      const plan: Plan = {
        kind: 'table',
        columns: {
          ...columns,
          ...(areaColumn ? { area: areaColumn } : {}),
          ...(unmatched.length ? { ignored: unmatched.join(', ') } : {}),
        },
        tableSchema: schema,
        inferred,
        toDraft(row: SourceRow): RecordDraft {
          const fields: RecordDraft['fields'] = {};
          for (const f of schema!.fields)
            fields[f.name] = columns[f.name] ? (row.cells[columns[f.name]!] ?? null) : null;
          options.normalise?.(fields);
          const areaValue = areaColumn ? row.cells[areaColumn] : null;
          const text = areaValue === null || areaValue === undefined ? '' : String(areaValue).trim();
          return {
            row: row.row,
            fields,
            columns,
            ...(text
              ? {
                  area: areaCols.areaCode
                    ? { code: text }
                    : { name: text, ...(mapping.areaLevel ? { level: mapping.areaLevel } : {}) },
                  areaColumn,
                }
              : {}),
          };
        },
      };
      return plan;
    },
  };
}

export const recordsAdapter = recordTableAdapter({
  name: 'records',
  description:
    "Any table (a registry of facilities, schools, hotels …), typed by the dataset's Table Schema; inferred on the first load when it has none",
  defaults: { title: 'Bảng dữ liệu', publisher: 'CTK', themes: ['population'] },
});
