/**
 * Builds the demo datasets (reference/demo/*.csv) from the published figures in
 * ../shared/data/stats: our own long indicator format, one row per figure, each keeping its
 * source and the source's own words. Run: pnpm --filter @kho/ingest demo:build [--shared <dir>]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { cleanText, foldForSearch } from '../src/normalise/text';
import { stringify } from '../src/read/csv-write';

const argShared = process.argv.indexOf('--shared');
const SHARED = resolve(
  argShared > 0 ? process.argv[argShared + 1]! : join(import.meta.dirname, '../../../../shared/data'),
);
const argOut = process.argv.indexOf('--out');
const OUT = argOut > 0 ? resolve(process.argv[argOut + 1]!) : join(import.meta.dirname, '../reference/demo');
type Row = Record<string, string>;
const read = (path: string): Row[] =>
  parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true });

const units = read(join(import.meta.dirname, '../reference/areas-52-units.csv'));
/** Exact (folded) name of a unit valid on the date; the ingest resolver does the fuzzy work. */
function areaCode(name: string, level: string, date: string): string {
  const want = foldForSearch(name);
  const hits = units.filter(
    (u) =>
      u.level === level &&
      (!u.valid_from || u.valid_from <= date) &&
      (!u.valid_to || u.valid_to > date) &&
      (foldForSearch(u.name!) === want || foldForSearch(u.name!.slice(u.type!.length)) === want),
  );
  if (hits.length !== 1) throw new Error(`area "${name}" on ${date}: ${hits.length} matches`);
  return hits[0]!.code!;
}
function flagOf(text: string): string {
  if (/\[approximate/i.test(text)) return 'approximate';
  if (/\[lower bound/i.test(text)) return 'lower_bound';
  return '';
}
const slug = (s: string) => foldForSearch(s).replace(/ /g, '-');

// The briefing to the Digital Transformation Steering Committee, 3 June 2022.
const VI: Record<string, string> = {
  'mobile network operators active in the province':
    'Số doanh nghiệp thông tin di động hoạt động trên địa bàn',
  'mobile base transceiver stations (BTS)': 'Số trạm thu phát sóng di động (BTS)',
  '3G/4G coverage of commune and township centres': 'Tỷ lệ phủ sóng 3G/4G tại trung tâm xã, thị trấn',
  'households passed by fibre broadband': 'Tỷ lệ hộ gia đình được phủ hạ tầng băng rộng cáp quang',
  'communes with fibre broadband': 'Tỷ lệ xã có hạ tầng băng rộng cáp quang',
  'villages without mobile broadband coverage': 'Số thôn, làng chưa có sóng băng rộng di động',
  "departments and district people's committees with a network administrator":
    'Tỷ lệ sở, ngành và UBND cấp huyện có quản trị mạng',
  'universities and colleges training IT': 'Số trường đại học, cao đẳng đào tạo CNTT',
  'IT students trained per year (university and college level)':
    'Số sinh viên CNTT trình độ đại học, cao đẳng đào tạo mỗi năm',
  'digital government index rank': 'Xếp hạng chỉ số chính quyền số',
  'digital economy and digital society index rank': 'Xếp hạng chỉ số kinh tế số, xã hội số',
  'staff working in Quang Trung Software Park (TMA Bình Định and FSoft Quy Nhơn)':
    'Nhân sự làm việc tại Công viên phần mềm Quang Trung (TMA Bình Định và FSoft Quy Nhơn)',
  'provincial digital transformation task groups planned':
    'Số nhóm nhiệm vụ chuyển đổi số của tỉnh triển khai',
  'central-government digital transformation task groups to implement':
    'Số nhóm nhiệm vụ chuyển đổi số theo kế hoạch của Trung ương',
};
const ADDITIVE_UNITS = new Set([
  'operators',
  'stations',
  'villages',
  'institutions',
  'students/year',
  'people',
  'task groups',
]);

const briefing = read(join(SHARED, 'stats', 'digital-transformation-2022-briefing.csv'));
let lastSource = '';
const rows = briefing.map((r) => {
  // The file writes "same" for a source repeated from the row above.
  const source = r['source'] === 'same' ? lastSource : r['source']!;
  lastSource = source;
  const en = cleanText(r['indicator']!);
  const vi = VI[en];
  if (!vi) throw new Error(`no Vietnamese name for "${en}"`);
  const period = r['period']!;
  return {
    indicator_code: slug(en),
    indicator: vi,
    indicator_en: en,
    unit: r['unit'],
    additive: ADDITIVE_UNITS.has(r['unit']!) ? 'true' : 'false',
    area_code: areaCode(r['area_name']!, r['area_level']!, period.length === 4 ? `${period}-06-30` : period),
    area_name: r['area_name'],
    period,
    value: r['value'],
    flag: flagOf(`${r['indicator']} ${r['quote']}`),
    source,
    quote: r['quote']!.replace(/\s*\[(approximate|lower bound)[^\]]*\]/i, ''),
  };
});
const cols = [
  'indicator_code',
  'indicator',
  'indicator_en',
  'unit',
  'additive',
  'area_code',
  'area_name',
  'period',
  'value',
  'flag',
  'source',
  'quote',
] as const;
writeFileSync(join(OUT, 'digital-infrastructure-2022.csv'), stringify(rows, cols));
console.log(`wrote ${rows.length} figures to ${OUT}/digital-infrastructure-2022.csv`);
