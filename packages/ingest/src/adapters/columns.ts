import { foldForSearch } from '../normalise/text';
import { FileProblem } from '../read/types';

/** Role → the header names (Vietnamese and English, folded) that mean it. */
export type Synonyms = Record<string, string[]>;

export const COMMON_SYNONYMS: Synonyms = {
  indicator: ['chi tieu', 'ten chi tieu', 'indicator', 'indicator name', 'noi dung', 'chi so'],
  indicatorCode: ['ma chi tieu', 'indicator code', 'indicator_code', 'code chi tieu'],
  indicatorEn: ['indicator en', 'indicator_en', 'ten tieng anh', 'english name'],
  unit: ['don vi', 'don vi tinh', 'dvt', 'unit', 'units'],
  additive: ['additive', 'cong don', 'cong don duoc', 'cong gop duoc'],
  area: [
    'dia ban',
    'dia phuong',
    'don vi hanh chinh',
    'area',
    'area name',
    'area_name',
    'huyen',
    'xa',
    'quan huyen',
    'xa phuong',
    'phuong xa',
    'tinh',
    'district',
    'commune',
    'ward',
    'province',
    'location',
  ],
  areaCode: ['ma dia ban', 'ma don vi hanh chinh', 'ma dvhc', 'area code', 'area_code', 'ma xa', 'ma huyen'],
  areaLevel: ['cap', 'cap hanh chinh', 'area level', 'area_level', 'level'],
  period: [
    'ky',
    'ky bao cao',
    'thoi gian',
    'thoi diem',
    'nam',
    'period',
    'year',
    'date',
    'ngay',
    'quy',
    'thang',
    'time',
  ],
  value: ['gia tri', 'so lieu', 'value', 'so luong', 'tri so'],
  flag: ['co', 'trang thai', 'flag', 'status', 'ghi chu trang thai'],
  sourceUrl: ['nguon', 'nguon du lieu', 'source', 'source url', 'source_url', 'url'],
  quote: ['trich dan', 'quote', 'ghi chu', 'note', 'notes'],
  lat: ['vi do', 'lat', 'latitude'],
  lon: ['kinh do', 'lon', 'lng', 'long', 'longitude'],
  name: ['ten', 'ten co so', 'ten don vi', 'name', 'ten goi'],
  address: ['dia chi', 'address'],
};

/**
 * Matches header names to roles: the mapping file first, then exact (folded) synonyms. Each
 * column plays at most one role; roles are tried in the order given.
 */
export function matchColumns(
  headers: string[],
  roles: string[],
  synonyms: Synonyms,
  explicit: Record<string, string> = {},
): Record<string, string> {
  const found: Record<string, string> = {};
  const used = new Set<string>();
  for (const [column, role] of Object.entries(explicit)) {
    if (!headers.includes(column)) {
      throw new FileProblem(
        `The mapping names the column "${column}", which the file does not have. Its columns: ${headers.join(', ')}.`,
      );
    }
    found[role] = column;
    used.add(column);
  }
  const folded = headers.map((h) => foldForSearch(h));
  for (const role of roles) {
    if (found[role]) continue;
    const names = synonyms[role] ?? [];
    const i = folded.findIndex((f, idx) => !used.has(headers[idx]!) && names.includes(f));
    if (i >= 0) {
      found[role] = headers[i]!;
      used.add(headers[i]!);
    }
  }
  return found;
}

export function requireColumns(
  found: Record<string, string>,
  required: string[][],
  headers: string[],
  labels: Record<string, string>,
) {
  const missing = required.filter((alternatives) => !alternatives.some((r) => found[r]));
  if (missing.length) {
    const names = missing.map((alts) => alts.map((r) => labels[r] ?? r).join(' or ')).join('; ');
    throw new FileProblem(
      `Missing required column(s): ${names}. The file's columns: ${headers.join(', ')}.`,
      1,
      'Rename the column to one of the recognised names (see docs/publishing.md) or pass a --mapping file.',
    );
  }
}
