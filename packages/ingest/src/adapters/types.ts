import type { AreaLevel, DatasetInput, TableSchemaInput } from '@kho/schema';
import type { AreaRef } from '../load/area-resolver';
import type { Cell, SourceRow } from '../read/types';

/** One problem with one row (or cell), as the report shows it. */
export interface RowProblem {
  row: number;
  column?: string;
  value?: string;
  message: string;
  suggestion?: string;
}

export interface ObservationDraft {
  row: number;
  indicator: { code?: string; name?: string; nameEn?: string; unit?: string; additive?: boolean };
  area: AreaRef;
  period: Cell;
  value: Cell;
  flag?: string | null;
  dimensions: Record<string, string>;
  attributes: Record<string, unknown>;
  /** Which source column each part came from, for the report. */
  columns: { indicator?: string; area?: string; period?: string; value?: string };
}

export interface RecordDraft {
  row: number;
  /** Raw cells by Table Schema field name. */
  fields: Record<string, Cell>;
  /** Source column of each field, for the report. */
  columns: Record<string, string>;
  area?: AreaRef;
  areaColumn?: string;
}

/** How a file's columns map onto the model, decided once from its header. */
export type Plan =
  | {
      kind: 'indicators';
      /** Canonical role → source column, shown in the report. */
      columns: Record<string, string>;
      toDrafts(row: SourceRow): ObservationDraft[];
    }
  | {
      kind: 'table';
      columns: Record<string, string>;
      /** Fields typed by the Table Schema; `inferred` when it was derived from this file. */
      tableSchema: TableSchemaInput;
      inferred: boolean;
      toDraft(row: SourceRow): RecordDraft;
    };

/** A mapping file (`--mapping`) overrides what an adapter recognises. */
export interface Mapping {
  /** Source column → role or field name. */
  columns?: Record<string, string>;
  /** Values for roles that have no column (e.g. one indicator, one area, one period for the whole file). */
  defaults?: Record<string, string>;
  dimensions?: string[];
  wide?: 'period' | 'indicator';
  areaLevel?: AreaLevel;
  areaDate?: string;
  primaryKey?: string[];
}

export interface PlanContext {
  headers: string[];
  mapping?: Mapping;
  /** The dataset's Table Schema, when it has one. */
  tableSchema?: TableSchemaInput | null;
  /** For inference: a second pass over the file's rows. */
  sample?: () => AsyncIterable<SourceRow>;
}

export interface Adapter {
  name: string;
  description: string;
  /** Metadata for a dataset created by its first load (`--meta` overrides). */
  defaults: Omit<DatasetInput, 'description' | 'keywords' | 'license' | 'access' | 'sources'> &
    Partial<Pick<DatasetInput, 'description' | 'keywords'>>;
  plan(ctx: PlanContext): Promise<Plan>;
}
