import { type Database, query, sql } from '@kho/schema';
import type { IngestReport } from '../../load/report';
import { openTable } from '../../read/index';
import { FileProblem } from '../../read/types';
import { loadAreaList } from '../../reference/areas';
import type { CsvRow } from '../../reference/files';
import type { RowProblem } from '../types';
import { type SuccessionRow, toSuccessionRows, toUnitRows, type UnitRow, validateAreaList } from './validate';

export const AREAS_ADAPTER = {
  name: 'areas',
  description:
    'Administrative unit lists with validity dates (code, name, type, level, parent_code, valid_from, valid_to) and succession lists (date, from_code, from_name, to_code, to_name, kind, share): how another province loads its own map',
};

const UNIT_COLUMNS = ['code', 'name', 'type', 'level', 'parent_code', 'valid_from', 'valid_to'];
const SUCCESSION_COLUMNS = ['date', 'from_code', 'to_code', 'kind', 'share'];

/**
 * Loads a unit list or a succession list into the temporal area tables, all or nothing, after
 * checking it against itself and the units already there. Units are upserted by (code,
 * valid_from); a corrected list therefore fixes names and dates in place.
 */
export async function ingestAreaFile(
  database: Database,
  args: { file: string; fileName: string; label: string; dryRun: boolean; report: IngestReport },
): Promise<void> {
  const { report } = args;
  const table = await openTable(args.file, { fileName: args.fileName });
  report.file = {
    ...report.file,
    format: table.format,
    ...(table.encoding ? { encoding: table.encoding } : {}),
  };
  const isUnits = UNIT_COLUMNS.every((c) => table.headers.includes(c));
  const isSuccessions = SUCCESSION_COLUMNS.every((c) => table.headers.includes(c));
  if (!isUnits && !isSuccessions) {
    throw new FileProblem(
      `An area list has the columns ${UNIT_COLUMNS.join(', ')} (units) or ${SUCCESSION_COLUMNS.join(', ')} (successions). This file has: ${table.headers.join(', ')}.`,
      1,
      'See docs/reference-data.md for both formats.',
    );
  }
  const raw: CsvRow[] = [];
  const rowNumbers: number[] = [];
  for await (const r of table.rows) {
    report.rowsRead++;
    rowNumbers.push(r.row);
    raw.push(Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, v === null ? '' : String(v)])));
  }
  if (!raw.length) throw new FileProblem('The file has a header but no data rows.');
  const units: UnitRow[] = isUnits ? toUnitRows(raw).map((u, i) => ({ ...u, row: rowNumbers[i]! })) : [];
  const successions: SuccessionRow[] = isSuccessions
    ? toSuccessionRows(raw).map((s, i) => ({ ...s, row: rowNumbers[i]! }))
    : [];
  const known = (
    await query<UnitRow>(
      database.db,
      sql`select 0 as row, code, name, type, level, coalesce(parent_code, '') as parent_code, coalesce(valid_from::text, '') as valid_from,
            coalesce(valid_to::text, '') as valid_to, coalesce(source, '') as source from areas`,
    )
  ).map((u) => ({ ...u, row: 0 }));
  const problems: RowProblem[] = validateAreaList(units, successions, known);
  if (problems.length) {
    report.errorCount = problems.length;
    report.errors = problems.slice(0, 1000);
    report.rowsRejected = new Set(problems.map((p) => p.row)).size;
    report.status = 'rejected';
    report.message = `Rejected: ${report.rowsRejected} of ${report.rowsRead} rows have problems. Nothing was loaded.`;
    return;
  }
  if (args.dryRun) {
    report.status = 'dry-run';
    report.message = `Dry run: the ${isUnits ? 'unit' : 'succession'} list is valid (${raw.length} rows). Nothing was loaded.`;
    return;
  }
  await database.db.transaction(async (tx) => {
    await loadAreaList(tx, isUnits ? raw : [], isSuccessions ? raw : [], []);
  });
  report.status = 'loaded';
  report.rowsLoaded = raw.length;
  report.message = `Loaded ${raw.length} ${isUnits ? 'unit versions' : 'successions'} into the area reference (${args.label}).`;
}
