import { type Executor, query, sql } from '@kho/schema';
import { orNull, readReferenceCsv } from './files';

export async function loadBundledPublishers(tx: Executor) {
  const rows = readReferenceCsv('publishers.csv');
  for (const p of rows) {
    await query(
      tx,
      sql`insert into publishers (code, name_vi, name_en, sector, valid_from, valid_to, successor_code)
          values (${p['code']}, ${p['name_vi']}, ${p['name_en']}, ${p['sector']}, ${orNull(p['valid_from'])},
                  ${orNull(p['valid_to'])}, ${orNull(p['successor_code'])})
          on conflict (code) do update set name_vi = excluded.name_vi, name_en = excluded.name_en,
            sector = excluded.sector, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
            successor_code = excluded.successor_code`,
    );
  }
  return rows.length;
}
