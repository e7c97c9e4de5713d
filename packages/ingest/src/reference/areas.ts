import { type Executor, pgArray, query, queryOne, sql } from '@kho/schema';
import { foldForSearch } from '../normalise/text';
import { toSuccessionRows, toUnitRows, validateAreaList } from '../adapters/areas/validate';
import { type CsvRow, orNull, readReferenceCsv } from './files';

export const AREA_FILES = ['areas-52-units.csv', 'areas-52-successions.csv', 'sources.csv'];

/**
 * Loads a temporal unit list and its successions (Kho's own reference format) into areas and
 * area_successions. Unit versions are upserted by (code, validFrom), so a corrected list
 * updates names in place; successions are replaced for the dates the list covers.
 */
export async function loadAreaList(tx: Executor, units: CsvRow[], successions: CsvRow[], sources: CsvRow[]) {
  const sourceTitle = new Map(sources.map((s) => [s['key']!, s['title']!]));
  const title = (key: string | undefined) => (key ? (sourceTitle.get(key) ?? key) : null);
  for (const u of units) {
    await query(
      tx,
      sql`insert into areas (code, name, type, level, parent_code, valid_from, valid_to, search_text, source)
          values (${u['code']}, ${u['name']}, ${u['type']}, ${u['level']}, ${orNull(u['parent_code'])},
                  ${orNull(u['valid_from'])}, ${orNull(u['valid_to'])}, ${foldForSearch(u['name']!)}, ${title(u['source'])})
          on conflict (code, valid_from) do update set name = excluded.name, type = excluded.type,
            level = excluded.level, parent_code = excluded.parent_code, valid_to = excluded.valid_to,
            search_text = excluded.search_text, source = excluded.source`,
    );
  }
  const dates = [...new Set(successions.map((s) => s['date']!))];
  if (dates.length) await query(tx, sql`delete from area_successions where date = any(${pgArray(dates)}::date[])`);
  for (const s of successions) {
    // From: the version of from_code that ended on the date; to: the version of to_code in force on it.
    const to = await queryOne<{ id: number }>(
      tx,
      sql`select id from areas where code = ${s['to_code']} and (valid_from is null or valid_from <= ${s['date']}::date)
          and (valid_to is null or valid_to > ${s['date']}::date)`,
    );
    if (!to) throw new Error(`succession on ${s['date']}: no unit ${s['to_code']} in force`);
    const from = await queryOne<{ id: number }>(
      tx,
      sql`select id from areas where code = ${s['from_code']} and valid_to = ${s['date']}::date`,
    );
    await query(
      tx,
      sql`insert into area_successions (from_area_id, from_code, from_name, to_area_id, date, kind, share, source)
          values (${from?.id ?? null}, ${s['from_code']}, ${s['from_name']}, ${to.id}, ${s['date']}, ${s['kind']},
                  ${s['share']}, ${title(s['source'])})`,
    );
  }
  return { units: units.length, successions: successions.length };
}

/** The bundled Bình Định / Gia Lai history, checked by the areas adapter's rules before it is written. */
export async function loadBundledAreas(tx: Executor) {
  const units = readReferenceCsv('areas-52-units.csv');
  const successions = readReferenceCsv('areas-52-successions.csv');
  const problems = validateAreaList(toUnitRows(units), toSuccessionRows(successions));
  if (problems.length) {
    throw new Error(`bundled area list is invalid: ${problems.slice(0, 5).map((p) => `row ${p.row} ${p.column}: ${p.message}`).join('; ')}`);
  }
  return loadAreaList(tx, units, successions, readReferenceCsv('sources.csv'));
}
