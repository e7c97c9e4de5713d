import { type Executor, pgArray, query, queryOne, sql } from '@kho/schema';
import { parsePeriod } from '../normalise/period';
import { foldForSearch } from '../normalise/text';
import { readReferenceCsv } from './files';

export const DEMO_FILES = ['demo/digital-infrastructure-2022.csv'];

const DIGITAL_2022 = {
  id: 'digital-infrastructure-2022',
  title: 'Hạ tầng số tỉnh Bình Định, tháng 6/2022',
  titleEn: 'Digital infrastructure of Bình Định province, June 2022',
  description:
    'Các số liệu về hạ tầng số (trạm BTS, phủ sóng 3G/4G, cáp quang, nhân lực CNTT, xếp hạng chỉ số chuyển đổi số) báo cáo tại phiên họp thứ nhất của Ban Chỉ đạo Chuyển đổi số tỉnh ngày 3/6/2022. Giá trị "gần"/"khoảng" được gắn cờ xấp xỉ, "hơn" được gắn cờ cận dưới.',
  descriptionEn:
    "Digital infrastructure figures (BTS stations, 3G/4G coverage, fibre broadband, IT workforce, digital transformation index ranks) reported to the first meeting of the provincial Digital Transformation Steering Committee on 3 June 2022. Values the source called 'nearly'/'about' carry the approximate flag, 'more than' the lower-bound flag.",
  publisher: 'STTTT',
  themes: ['digital'],
  keywords: ['BTS', '3G', '4G', 'cáp quang', 'chuyển đổi số', 'digital transformation'],
};

/** The foundation's first demo dataset: the June 2022 digital infrastructure figures as observations. */
export async function loadDigitalDemo(tx: Executor): Promise<boolean> {
  const d = DIGITAL_2022;
  const exists = await queryOne(tx, sql`select 1 from datasets where id = ${d.id}`);
  if (exists) return false;
  const rows = readReferenceCsv('demo/digital-infrastructure-2022.csv');
  const sources = [...new Set(rows.map((r) => r['source']!))].map((title) => ({ title }));
  const searchText = foldForSearch([d.title, d.titleEn, d.description, d.keywords.join(' ')].join(' '));
  await query(
    tx,
    sql`insert into datasets (id, title, title_en, description, description_en, publisher_code, themes, keywords,
          access, kind, update_frequency, temporal_start, temporal_end, spatial_code, sources, version, search_text)
        values (${d.id}, ${d.title}, ${d.titleEn}, ${d.description}, ${d.descriptionEn}, ${d.publisher}, ${pgArray(d.themes)}::text[],
          ${pgArray(d.keywords)}::text[], 'open', 'indicators', 'irregular', '2021-01-01', '2022-12-31', '52', ${JSON.stringify(sources)}::jsonb, 1, ${searchText})`,
  );
  for (const r of rows) {
    await query(
      tx,
      sql`insert into indicators (code, name, name_en, unit, additive, search_text)
          values (${r['indicator_code']}, ${r['indicator']}, ${r['indicator_en']}, ${r['unit']}, ${r['additive'] === 'true'},
                  ${foldForSearch(`${r['indicator']} ${r['indicator_en']}`)})
          on conflict (code) do nothing`,
    );
    const period = parsePeriod(r['period']!);
    if (!period) throw new Error(`demo period "${r['period']}" does not parse`);
    const area = await queryOne<{ id: number }>(
      tx,
      sql`select id from areas where code = ${r['area_code']} and (valid_from is null or valid_from <= ${period.end}::date)
          and (valid_to is null or valid_to > ${period.end}::date)`,
    );
    if (!area) throw new Error(`demo area ${r['area_code']} not in force on ${period.end}`);
    await query(
      tx,
      sql`insert into observations (dataset_id, indicator_code, area_id, area_code, period_start, period_end, granularity,
            period_label, value, flag, attributes, version_from)
          values (${d.id}, ${r['indicator_code']}, ${area.id}, ${r['area_code']}, ${period.start}, ${period.end},
            ${period.granularity}, ${period.label}, ${Number(r['value'])}, ${r['flag'] || null},
            ${JSON.stringify({ source: r['source'], quote: r['quote'] })}::jsonb, 1)`,
    );
  }
  await query(
    tx,
    sql`insert into dataset_versions (dataset_id, version, row_count, added, changed, removed, note)
        values (${d.id}, 1, ${rows.length}, ${rows.length}, 0, 0, 'bundled demo data')`,
  );
  return true;
}
