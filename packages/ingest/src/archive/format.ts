/**
 * A Kho dataset archive: gzip'd NDJSON, one object per line, in this order:
 *   {"kind":"kho-archive","format":1,"exportedAt":…,"dataset":{…metadata row…}}
 *   {"kind":"indicator",…}        indicator definitions the rows use (observation datasets)
 *   {"kind":"ingest",…}           the load history
 *   {"kind":"version",…}          every published version with its counts
 *   {"kind":"row",…}              every row of every version (version_from/version_to kept)
 *   {"kind":"end","rows":N}       written last: an archive without it was cut short
 * Areas travel as (code, validFrom), not ids, so an archive loads into another warehouse that
 * has the same reference units.
 */
export const ARCHIVE_FORMAT = 1;

export type ArchiveLine =
  | { kind: 'kho-archive'; format: number; exportedAt: string; dataset: Record<string, unknown> }
  | {
      kind: 'indicator';
      code: string;
      name: string;
      name_en: string | null;
      unit: string;
      additive: boolean;
      description: string | null;
    }
  | { kind: 'ingest'; [k: string]: unknown }
  | { kind: 'version'; [k: string]: unknown }
  | { kind: 'row'; [k: string]: unknown }
  | { kind: 'end'; rows: number };
