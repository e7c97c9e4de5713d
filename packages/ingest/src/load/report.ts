import type { TableSchemaInput } from '@kho/schema';
import type { RowProblem } from '../adapters/types';

export type IngestStatus = 'loaded' | 'unchanged' | 'rejected' | 'dry-run';

/** What a load did, for the CLI (`--json`), the REST answer and the ingest run record. */
export interface IngestReport {
  dataset: string;
  ingestId: number | null;
  status: IngestStatus;
  /** The dataset's current version after this run (null: the dataset does not exist). */
  version: number | null;
  created: boolean;
  dryRun: boolean;
  unchanged: boolean;
  mode: 'replace' | 'upsert';
  adapter: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  added: number;
  changed: number;
  removed: number;
  errors: RowProblem[];
  /** All problems found; `errors` keeps the first ones. */
  errorCount: number;
  warnings: string[];
  message: string;
  file: {
    name: string;
    sha256: string;
    bytes: number;
    format?: string;
    encoding?: string;
    sheet?: string;
    delimiter?: string;
  };
  columns?: Record<string, string>;
  inferredSchema?: TableSchemaInput;
  durationMs: number;
}
