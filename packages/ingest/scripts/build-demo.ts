/**
 * Builds the demo datasets (reference/demo/*.csv and their manifest datasets.json) from the
 * published facts in ../shared/data: our own formats — a long indicator table (one row per
 * figure, each keeping its source URL and the source's own words) and sector registries —
 * written by this script only. Run: pnpm --filter @kho/ingest demo:build [--shared <dir>] [--out <dir>]
 *
 * Choices about ambiguous source rows are made here, in the open, and printed when it runs:
 * - "[lower bound …]" / "[approximate …]" in a source's indicator text become the flag column;
 *   "target"/"plan" rows get the flag target (a target that also says "more than" keeps target,
 *   the quote keeps the words); "(estimate)" rows get estimated; "(prel.)" provisional.
 * - Rows with no value are dropped, and so are rows whose period cannot be dated ("not
 *   stated", "not shown" with no period in the text, "c.2013"). "c.2018"-style years are
 *   dropped too: the flag describes the value, not the date, so a guessed year cannot be
 *   marked honestly, and the one "c.2018" row is a multi-year average.
 * - Where two sources give the same figure for the same period, the later or official one is
 *   kept and the other dropped as superseded (listed below, with the reason).
 * - Figures published in another unit than the indicator's are converted (638,8 nghìn tấn →
 *   638 800 tấn); the quote keeps the original.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parsePeriodCell } from '../src/load/periods';
import { toNumber } from '../src/load/values';
import { parseAreaName } from '../src/normalise/area-name';
import { cleanText, foldForSearch } from '../src/normalise/text';
import { stringify } from '../src/read/csv-write';

const argShared = process.argv.indexOf('--shared');
const SHARED = resolve(
  argShared > 0 ? process.argv[argShared + 1]! : join(import.meta.dirname, '../../../../shared/data'),
);
const argOut = process.argv.indexOf('--out');
const OUT = argOut > 0 ? resolve(process.argv[argOut + 1]!) : join(import.meta.dirname, '../reference/demo');
type Row = Record<string, string>;
/** A new file in place of the old one (never writing through a hard link to the old one). */
function writeFile(path: string, text: string) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}
const read = (path: string): Row[] =>
  parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true });

const units = read(join(import.meta.dirname, '../reference/areas-52-units.csv'));
const inForce = (u: Row, date: string) =>
  (!u.valid_from || u.valid_from <= date) && (!u.valid_to || u.valid_to > date);
/** Exact (folded) name of a unit valid on the date; the ingest resolver does the fuzzy work. */
function areaCode(name: string, level: string, date: string): string {
  const want = foldForSearch(name);
  const hits = units.filter(
    (u) =>
      u.level === level &&
      inForce(u, date) &&
      (foldForSearch(u.name!) === want || foldForSearch(u.name!.slice(u.type!.length)) === want),
  );
  if (hits.length !== 1) throw new Error(`area "${name}" on ${date}: ${hits.length} matches`);
  return hits[0]!.code!;
}
const unitName = (code: string, date: string) => {
  const u = units.find((x) => x.code === code && inForce(x, date));
  if (!u) throw new Error(`no unit ${code} on ${date}`);
  return u.name!;
};
function flagOf(text: string): string {
  if (/\[approximate/i.test(text)) return 'approximate';
  if (/\[lower bound/i.test(text)) return 'lower_bound';
  return '';
}
const slug = (s: string) => foldForSearch(s).replace(/ /g, '-');
const log: string[] = [];

// ---------------------------------------------------------------------------------------------
// 1. The briefing to the Digital Transformation Steering Committee, 3 June 2022 (unchanged).

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
const briefingRows = briefing.map((r) => {
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
const briefingCols = [
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
writeFile(join(OUT, 'digital-infrastructure-2022.csv'), stringify(briefingRows, briefingCols));
log.push(`digital-infrastructure-2022.csv: ${briefingRows.length} figures`);

// ---------------------------------------------------------------------------------------------
// 2. Sector indicator tables from stats/*.csv.

interface IndicatorDef {
  vi: string;
  en: string;
  unit: string;
  additive: boolean;
}
/** How one source indicator text becomes our indicator: code, dimensions, unit conversion, flag. */
interface Rule {
  code: string;
  dims?: Record<string, string>;
  /** A flag that the text does not carry. */
  flag?: string;
  /** A note for the period label ("Tết Quý Mão", "tiến độ đến 13/7/2023"). */
  periodNote?: string;
}
interface Drop {
  when: (r: Row) => boolean;
  reason: string;
}
interface SourceRef {
  title: string;
  url: string;
}

/** The source's indicator text without its qualifier marker. */
const bare = (text: string) => cleanText(text.replace(/\s*\[(approximate|lower bound)[^\]]*\]/gi, ''));

/** Published units written in the indicator's unit (the quote keeps the original). */
const CONVERSIONS: Record<string, [string, number]> = {
  'nghìn tấn': ['tấn', 1000],
  'nghìn tỷ đồng': ['tỷ đồng', 1000],
};

const PERIOD_NOTES: Record<string, string> = {
  '2/9 holiday': 'dịp lễ 2/9',
};
const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/** How the stats files write periods → how we write them (Vietnamese, as our loader reads them). */
const PERIOD_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^\d{4}$/, (m) => m[0]],
  [/^\d{4}-\d{2}-\d{2}$/, (m) => m[0]],
  [/^(\d{4}) \(target\)$/, (m) => `${m[1]} (kế hoạch)`],
  [/^(\d{4}) \(prel\.\)$/, (m) => `${m[1]} (sơ bộ)`],
  [/^(\d{4})-(\d{2})$/, (m) => `tháng ${+m[2]!}/${m[1]}`],
  [
    /^(\d{4})-(\d{2}) \((.+)\)$/,
    (m) => {
      const note = PERIOD_NOTES[m[3]!];
      if (!note) throw new Error(`period note "${m[3]}" has no Vietnamese`);
      return `tháng ${+m[2]!}/${m[1]} (${note})`;
    },
  ],
  [/^(\d{4})-Q([1-4])$/, (m) => `quý ${ROMAN[+m[2]!]}/${m[1]}`],
  // "2018-01/2018-09": the first n months of a year.
  [/^(\d{4})-01\/\1-(\d{2})$/, (m) => (+m[2]! === 3 ? `quý I/${m[1]}` : `${+m[2]!} tháng đầu năm ${m[1]}`)],
  [/^\d{4}-\d{2}-\d{2}\/\d{4}-\d{2}-\d{2}$/, (m) => m[0]],
  [/^(\d{4})-(\d{4})$/, (m) => `giai đoạn ${m[1]}–${m[2]}`],
  [/^(\d{4})-(\d{4}) \(annual\)$/, (m) => `${m[1]}–${m[2]} (bình quân năm)`],
  [/^(\d{4})-(\d{4}) school year$/, (m) => `${m[1]}-09/${m[2]}-05 (năm học ${m[1]}–${m[2]})`],
  [/^(Đông Xuân|Hè Thu|Mùa) (\d{4})(?:-(\d{4}))?$/, (m) => `vụ ${m[1]} ${m[2]}${m[3] ? `–${m[3]}` : ''}`],
];

/** A published period written as our loader reads it, or null when it cannot be dated. */
function vnPeriod(text: string): string | null {
  const s = cleanText(text);
  if (/^(not (stated|shown)|c\.)/i.test(s)) return null;
  for (const [re, write] of PERIOD_RULES) {
    const m = re.exec(s);
    if (m) return write(m);
  }
  throw new Error(`period "${s}": no rule to write it`);
}

/** The flag of a figure: target, then the source's qualifier, then estimate / preliminary. */
function flagFor(text: string, period: string, rule: Rule): string {
  if (rule.flag !== undefined) return rule.flag;
  if (/\(target\)/.test(period) || /\btarget\b|\(plan\b/i.test(text)) return 'target';
  const q = flagOf(text);
  if (q) return q;
  if (/\bestimate\b/i.test(text)) return 'estimated';
  if (/\(prel\.\)/.test(period)) return 'provisional';
  return '';
}

/** A number as our loader reads it back (a decimal comma where a point would read as thousands). */
function writeNumber(v: number): string {
  const n = Number(v.toPrecision(12));
  for (const s of [String(n), String(n).replace('.', ',')]) {
    const back = toNumber(s);
    if (back.ok && back.value === n) return s;
  }
  throw new Error(`cannot write ${v}`);
}

const hostOf = (url: string) => new URL(url).hostname.replace(/^www\./, '').replace(/\.$/, '');

/** Every distinct source URL, titled by its site and the source's date. */
function sourcesOf(rows: { source?: string; source_date?: string }[]): SourceRef[] {
  const seen = new Map<string, SourceRef>();
  for (const r of rows) {
    if (!r.source || seen.has(r.source)) continue;
    seen.set(r.source, {
      title: `${hostOf(r.source)}${r.source_date ? ` (${r.source_date})` : ''}`,
      url: r.source,
    });
  }
  return [...seen.values()];
}

const INDICATOR_COLUMNS = ['indicator_code', 'indicator', 'indicator_en', 'unit', 'additive'] as const;
const TAIL_COLUMNS = [
  'area_code',
  'area_name',
  'area_level',
  'period',
  'value',
  'flag',
  'source',
  'source_date',
  'quote',
  'source_indicator',
] as const;

interface IndicatorTable {
  file: string;
  rows: Record<string, string>[];
  sources: SourceRef[];
  indicators: number;
}

/**
 * One stats file → our long indicator table. Every source row is accounted for: kept under a
 * rule, or dropped with a reason (printed).
 */
function indicatorTable(options: {
  input: string;
  output: string;
  defs: Record<string, IndicatorDef>;
  rules: Record<string, Rule>;
  drops?: Drop[];
  dims?: string[];
  /** Units are read on this date (figures of the former Tỉnh Bình Định that reach past June 2025). */
  areaDate?: string;
  /** Rows of other files appended (already our format). */
  extra?: Record<string, string>[];
}): IndicatorTable {
  const dims = options.dims ?? [];
  const dropped = new Map<string, number>();
  const drop = (reason: string) => dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
  const rows: Record<string, string>[] = [];
  for (const r of read(join(SHARED, 'stats', options.input))) {
    const custom = options.drops?.find((d) => d.when(r));
    if (custom) {
      drop(custom.reason);
      continue;
    }
    if (cleanText(r.value ?? '') === '') {
      drop('no value');
      continue;
    }
    const written = vnPeriod(r.period!);
    if (written === null) {
      drop(`period cannot be dated ("${r.period}")`);
      continue;
    }
    const text = r.indicator!;
    const rule = options.rules[bare(text)];
    if (!rule) throw new Error(`${options.input}: no rule for "${bare(text)}"`);
    const def = options.defs[rule.code];
    if (!def) throw new Error(`${options.input}: no indicator ${rule.code}`);
    const period = rule.periodNote ? `${written} (${rule.periodNote})` : written;
    const parsed = parsePeriodCell(period);
    if (!parsed.ok) throw new Error(`${options.input}: the loader cannot read the period "${period}"`);
    const at = options.areaDate ?? parsed.period.end;
    const date = options.areaDate ?? (at < '2025-07-01' ? at : parsed.period.start);
    const level = r.area_level!;
    const code = areaCode(r.area_name!, level, date);
    const conversion = CONVERSIONS[r.unit ?? ''];
    if (conversion && conversion[0] !== def.unit)
      throw new Error(`${options.input}: ${r.unit} → ${def.unit}?`);
    const value = Number(r.value) * (conversion?.[1] ?? 1);
    if (!Number.isFinite(value)) throw new Error(`${options.input}: value "${r.value}"`);
    rows.push({
      indicator_code: rule.code,
      indicator: def.vi,
      indicator_en: def.en,
      unit: def.unit,
      additive: String(def.additive),
      ...Object.fromEntries(dims.map((d) => [d, rule.dims?.[d] ?? ''])),
      area_code: code,
      area_name: unitName(code, date),
      area_level: level,
      period,
      value: writeNumber(value),
      flag: flagFor(text, r.period!, rule),
      source: r.source_url!,
      source_date: r.source_date ?? '',
      quote: r.quote ?? '',
      source_indicator: cleanText(text),
    });
  }
  if (options.extra) rows.push(...options.extra);
  // One figure per indicator, area, period and dimensions: the loader would reject a repeat.
  const keys = new Set<string>();
  for (const r of rows) {
    const key = [r.indicator_code, r.area_code, r.period, ...dims.map((d) => r[d])].join('|');
    if (keys.has(key)) throw new Error(`${options.output}: two figures for ${key}`);
    keys.add(key);
  }
  const columns = [...INDICATOR_COLUMNS, ...dims, ...TAIL_COLUMNS];
  writeFile(join(OUT, options.output), stringify(rows, columns));
  const notes = [...dropped].map(([reason, n]) => `${n} ${reason}`).join('; ');
  log.push(
    `${options.output}: ${rows.length} figures, ${new Set(rows.map((r) => r.indicator_code)).size} indicators${notes ? `; dropped ${notes}` : ''}`,
  );
  return {
    file: options.output,
    rows,
    sources: sourcesOf(rows),
    indicators: new Set(rows.map((r) => r.indicator_code)).size,
  };
}

const def = (vi: string, en: string, unit: string, additive: boolean): IndicatorDef => ({
  vi,
  en,
  unit,
  additive,
});

// Health (stats/health.csv): the statistical yearbook 2023 and two hospital figures.
const health = indicatorTable({
  input: 'health.csv',
  output: 'health-statistics.csv',
  defs: {
    'health.doctors-per-10000': def(
      'Số bác sĩ bình quân 1 vạn dân',
      'doctors per 10,000 inhabitants',
      'bác sĩ/vạn dân',
      false,
    ),
    'health.beds-per-10000': def(
      'Số giường bệnh bình quân 1 vạn dân',
      'patient beds per 10,000 inhabitants',
      'giường/vạn dân',
      false,
    ),
    'health.under5-stunting-rate': def(
      'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi (chiều cao theo tuổi)',
      'under-5 stunting rate (height-for-age)',
      '%',
      false,
    ),
    'health.under5-underweight-rate': def(
      'Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể nhẹ cân (cân nặng theo tuổi)',
      'under-5 underweight rate (weight-for-age)',
      '%',
      false,
    ),
    'health.commune-health-stations': def(
      'Số trạm y tế xã, phường, thị trấn',
      'commune, ward and township health stations',
      'trạm',
      true,
    ),
    'health.health-establishments': def(
      'Số cơ sở y tế (bệnh viện, phòng khám đa khoa khu vực, trạm y tế xã)',
      'health establishments (hospitals, regional polyclinics, commune health stations)',
      'cơ sở',
      true,
    ),
    'health.health-workforce': def(
      'Nhân lực y tế (ngành y và ngành dược)',
      'health workforce (medical and pharmaceutical)',
      'người',
      true,
    ),
    'health.hospitals': def(
      'Số bệnh viện (kể cả trung tâm y tế cấp huyện)',
      'hospitals (incl. district health centres)',
      'bệnh viện',
      true,
    ),
    'health.medical-staff': def('Nhân lực ngành y', 'medical staff', 'người', true),
    'health.patient-beds': def('Số giường bệnh', 'patient beds', 'giường', true),
    'health.pharmaceutical-staff': def('Nhân lực ngành dược', 'pharmaceutical staff', 'người', true),
    'health.regional-polyclinics': def(
      'Số phòng khám đa khoa khu vực',
      'regional polyclinics',
      'phòng khám',
      true,
    ),
    'health.provincial-hospital-expansion-beds': def(
      'Số giường bệnh khu mở rộng Bệnh viện Đa khoa tỉnh (hợp tác công tư)',
      'beds of the expansion wing of the provincial general hospital (public–private partnership)',
      'giường',
      true,
    ),
    'health.thu-phuc-hospital-licensed-beds': def(
      'Số giường bệnh được cấp phép, Bệnh viện Đa khoa Thu Phúc',
      'licensed beds, Thu Phúc General Hospital (private)',
      'giường',
      true,
    ),
  },
  rules: {
    'doctors per 10,000 inhabitants': { code: 'health.doctors-per-10000' },
    'patient beds per 10,000 inhabitants': { code: 'health.beds-per-10000' },
    'under-5 stunting (height-for-age)': { code: 'health.under5-stunting-rate' },
    'under-5 underweight (weight-for-age)': { code: 'health.under5-underweight-rate' },
    'commune/ward/township health stations': { code: 'health.commune-health-stations' },
    'health establishments (hospitals + regional polyclinics + commune health stations)': {
      code: 'health.health-establishments',
    },
    'health workforce (medical + pharmaceutical)': { code: 'health.health-workforce' },
    'hospitals (incl. district/town/city health centres)': { code: 'health.hospitals' },
    'medical staff (ngành y)': { code: 'health.medical-staff' },
    'patient beds': { code: 'health.patient-beds' },
    'pharmaceutical staff (ngành dược)': { code: 'health.pharmaceutical-staff' },
    'regional polyclinics': { code: 'health.regional-polyclinics' },
    'expansion wing beds, Bệnh viện Đa khoa tỉnh Bình Định (PPP)': {
      code: 'health.provincial-hospital-expansion-beds',
    },
    'private hospital licensed beds (BV Đa khoa Thu Phúc, 420 Nguyễn Thái Học, Quy Nhơn)': {
      code: 'health.thu-phuc-hospital-licensed-beds',
    },
  },
});

// Education (stats/education.csv): schools and teachers by level are one indicator with a
// school_level dimension; the rows without one are all levels.
const LEVEL = (level: string) => ({ school_level: level });
const education = indicatorTable({
  input: 'education.csv',
  output: 'education-statistics.csv',
  dims: ['school_level'],
  defs: {
    'edu.thpt-graduation-rate-general': def(
      'Tỷ lệ học sinh tốt nghiệp THPT (hệ giáo dục phổ thông)',
      'upper secondary graduation rate (general education stream)',
      '%',
      false,
    ),
    'edu.thpt-graduation-rate': def(
      'Tỷ lệ tốt nghiệp THPT toàn tỉnh',
      'upper secondary graduation rate (whole province)',
      '%',
      false,
    ),
    'edu.schools': def('Số trường học', 'schools', 'trường', true),
    'edu.schools-national-standard': def(
      'Số trường đạt chuẩn quốc gia',
      'schools meeting national standards',
      'trường',
      true,
    ),
    'edu.teachers': def('Số giáo viên', 'teachers', 'người', true),
    'edu.kindergarten-children': def(
      'Số trẻ em đi học mẫu giáo',
      'children attending kindergartens',
      'trẻ',
      true,
    ),
    'edu.national-excellent-student-prizes': def(
      'Số học sinh lớp 12 đạt giải học sinh giỏi quốc gia',
      'national excellent-student prizes (grade 12)',
      'học sinh',
      true,
    ),
    'edu.pupils-school-year-opening': def(
      'Số học sinh các cấp dự lễ khai giảng năm học',
      'pupils (all levels) at the opening of the school year',
      'học sinh',
      true,
    ),
    'edu.pupils-provincial-ethnic-boarding-school': def(
      'Số học sinh Trường Phổ thông Dân tộc nội trú tỉnh',
      'pupils, provincial ethnic-minority boarding school',
      'học sinh',
      true,
    ),
    'edu.pupils-le-quy-don-gifted-school': def(
      'Số học sinh Trường THPT Chuyên Lê Quý Đôn',
      'pupils, Lê Quý Đôn upper secondary school for the gifted',
      'học sinh',
      true,
    ),
  },
  rules: {
    'high-school graduation rate (general education)': { code: 'edu.thpt-graduation-rate-general' },
    'high-school graduation rate (national exam)': { code: 'edu.thpt-graduation-rate' },
    'upper secondary schools (THPT) count mentioned in exam report': {
      code: 'edu.schools',
      dims: LEVEL('Trung học phổ thông'),
    },
    'national excellent-student prizes (grade 12)': { code: 'edu.national-excellent-student-prizes' },
    'schools meeting national standards': { code: 'edu.schools-national-standard' },
    'boarding students, Trường Phổ thông dân tộc nội trú tỉnh': {
      code: 'edu.pupils-provincial-ethnic-boarding-school',
    },
    'children attending kindergartens': { code: 'edu.kindergarten-children' },
    'general-education classroom teachers (total)': {
      code: 'edu.teachers',
      dims: LEVEL('Phổ thông (tiểu học, THCS, THPT)'),
    },
    'kindergartens (mầm non)': { code: 'edu.schools', dims: LEVEL('Mầm non') },
    'lower secondary schools (THCS)': { code: 'edu.schools', dims: LEVEL('Trung học cơ sở') },
    'lower secondary teachers': { code: 'edu.teachers', dims: LEVEL('Trung học cơ sở') },
    'lower+upper secondary combined schools': { code: 'edu.schools', dims: LEVEL('THCS và THPT') },
    'preschool teachers': { code: 'edu.teachers', dims: LEVEL('Mầm non') },
    'primary schools (tiểu học)': { code: 'edu.schools', dims: LEVEL('Tiểu học') },
    'primary teachers': { code: 'edu.teachers', dims: LEVEL('Tiểu học') },
    'primary+lower secondary combined schools': { code: 'edu.schools', dims: LEVEL('Tiểu học và THCS') },
    'schools (all levels)': { code: 'edu.schools' },
    'students (all levels) entering school year': { code: 'edu.pupils-school-year-opening' },
    'upper secondary schools (THPT)': { code: 'edu.schools', dims: LEVEL('Trung học phổ thông') },
    'upper secondary teachers': { code: 'edu.teachers', dims: LEVEL('Trung học phổ thông') },
    'students, Trường THPT Chuyên Lê Quý Đôn': { code: 'edu.pupils-le-quy-don-gifted-school' },
  },
});

// Tourism (stats/tourism.csv). Full-year figures are one series per indicator (visitor
// arrivals 2018, 2019, 2023, 2024 under tourism.visitor-arrivals); figures for part of a year
// are their own indicators: cumulative from January (-ytd), a month, a holiday; plans are
// -target indicators. Site figures carry a `site` dimension.
const TET_2022 = 'Tết Nhâm Dần';
const TET_2023 = 'Tết Quý Mão';
const SITE = (site: string) => ({ site });
const tourism = indicatorTable({
  input: 'tourism.csv',
  output: 'tourism-statistics.csv',
  dims: ['site'],
  areaDate: '2025-06-30',
  defs: {
    'tourism.visitor-arrivals': def('Lượt khách du lịch', 'visitor arrivals', 'lượt khách', true),
    'tourism.visitor-arrivals-ytd': def(
      'Lượt khách du lịch lũy kế từ đầu năm',
      'visitor arrivals, cumulative from January',
      'lượt khách',
      true,
    ),
    'tourism.visitor-arrivals-month': def(
      'Lượt khách du lịch trong tháng',
      'visitor arrivals in the month',
      'lượt khách',
      true,
    ),
    'tourism.visitor-arrivals-holiday': def(
      'Lượt khách du lịch dịp lễ, Tết',
      'visitor arrivals during a holiday',
      'lượt khách',
      true,
    ),
    'tourism.international-arrivals': def(
      'Lượt khách quốc tế',
      'international visitor arrivals',
      'lượt khách',
      true,
    ),
    'tourism.international-arrivals-ytd': def(
      'Lượt khách quốc tế lũy kế từ đầu năm',
      'international visitor arrivals, cumulative from January',
      'lượt khách',
      true,
    ),
    'tourism.international-arrivals-month': def(
      'Lượt khách quốc tế trong tháng',
      'international visitor arrivals in the month',
      'lượt khách',
      true,
    ),
    'tourism.domestic-arrivals': def('Lượt khách nội địa', 'domestic visitor arrivals', 'lượt khách', true),
    'tourism.domestic-arrivals-ytd': def(
      'Lượt khách nội địa lũy kế từ đầu năm',
      'domestic visitor arrivals, cumulative from January',
      'lượt khách',
      true,
    ),
    'tourism.revenue': def('Doanh thu du lịch', 'tourism revenue', 'tỷ đồng', true),
    'tourism.revenue-ytd': def(
      'Doanh thu du lịch lũy kế từ đầu năm',
      'tourism revenue, cumulative from January',
      'tỷ đồng',
      true,
    ),
    'tourism.revenue-month': def(
      'Doanh thu du lịch trong tháng',
      'tourism revenue in the month',
      'tỷ đồng',
      true,
    ),
    'tourism.revenue-holiday': def(
      'Doanh thu du lịch dịp lễ, Tết',
      'tourism revenue during a holiday',
      'tỷ đồng',
      true,
    ),
    'tourism.overnight-guests': def(
      'Lượt khách lưu trú qua đêm',
      'overnight guests at accommodation',
      'lượt khách',
      true,
    ),
    'tourism.overnight-guests-holiday': def(
      'Lượt khách lưu trú dịp lễ, Tết',
      'guests at accommodation during a holiday',
      'lượt khách',
      true,
    ),
    'tourism.day-visitors': def(
      'Lượt khách tham quan trong ngày',
      'day visitors (sites, landmarks, shopping centres)',
      'lượt khách',
      true,
    ),
    'tourism.site-visitors-holiday': def(
      'Lượt khách đến các khu, điểm du lịch dịp lễ, Tết',
      'visitors at tourist sites during a holiday',
      'lượt khách',
      true,
    ),
    'tourism.hotels': def('Số khách sạn', 'hotels (all classes)', 'khách sạn', true),
    'tourism.hotel-rooms': def('Số phòng khách sạn', 'hotel rooms', 'phòng', true),
    'tourism.grdp-share': def(
      'Tỷ trọng đóng góp của du lịch vào GRDP',
      'tourism contribution to GRDP',
      '%',
      false,
    ),
    'tourism.mice-events': def(
      'Số hội nghị, hội thảo (du lịch MICE)',
      'conferences and seminars hosted (MICE)',
      'hội nghị, hội thảo',
      true,
    ),
    'tourism.approved-investment-projects': def(
      'Số dự án du lịch được chấp thuận chủ trương đầu tư',
      'tourism investment projects approved',
      'dự án',
      true,
    ),
    'tourism.visitor-arrivals-target': def(
      'Kế hoạch lượt khách du lịch',
      'visitor arrivals, target',
      'lượt khách',
      true,
    ),
    'tourism.international-arrivals-target': def(
      'Kế hoạch lượt khách quốc tế',
      'international visitor arrivals, target',
      'lượt khách',
      true,
    ),
    'tourism.revenue-target': def('Kế hoạch doanh thu du lịch', 'tourism revenue, target', 'tỷ đồng', true),
  },
  rules: {
    'approved tourism investment projects 2016-2018': { code: 'tourism.approved-investment-projects' },
    'hotel rooms': { code: 'tourism.hotel-rooms' },
    'hotels (all classes)': { code: 'tourism.hotels' },
    'international visitor arrivals (full year, estimate)': { code: 'tourism.international-arrivals' },
    'tourism revenue (full year, estimate)': { code: 'tourism.revenue' },
    'visitor arrivals (full year, estimate)': { code: 'tourism.visitor-arrivals' },
    'international visitor arrivals (first 9 months, estimate)': {
      code: 'tourism.international-arrivals-ytd',
    },
    'visitor arrivals (first 9 months)': { code: 'tourism.visitor-arrivals-ytd' },
    'tourism contribution to GRDP': { code: 'tourism.grdp-share' },
    'tourism revenue (full year, pre-Covid)': { code: 'tourism.revenue' },
    'visitor arrivals (full year, pre-Covid)': { code: 'tourism.visitor-arrivals' },
    'tourism revenue (first 5 months)': { code: 'tourism.revenue-ytd' },
    'visitor arrivals (first 5 months)': { code: 'tourism.visitor-arrivals-ytd' },
    'international visitor arrivals (month)': { code: 'tourism.international-arrivals-month' },
    'visitors during 2/9 holiday (estimate)': { code: 'tourism.site-visitors-holiday' },
    'tourism revenue (month)': { code: 'tourism.revenue-month' },
    'tourism revenue (month, estimate)': { code: 'tourism.revenue-month' },
    'visitor arrivals (month, estimate)': { code: 'tourism.visitor-arrivals-month' },
    'target: international visitor arrivals (plan)': { code: 'tourism.international-arrivals-target' },
    'target: tourism revenue (plan)': { code: 'tourism.revenue-target' },
    'target: visitor arrivals (plan)': { code: 'tourism.visitor-arrivals-target' },
    'tourism revenue (Tết holiday 2022, estimate)': { code: 'tourism.revenue-holiday', periodNote: TET_2022 },
    'visitor arrivals (Tết holiday 31/1-6/2/2022)': {
      code: 'tourism.visitor-arrivals-holiday',
      periodNote: TET_2022,
    },
    'tourism revenue (Q1)': { code: 'tourism.revenue-ytd' },
    'visitor arrivals (Q1, to late March)': {
      code: 'tourism.visitor-arrivals-ytd',
      periodNote: 'đến cuối tháng 3',
    },
    'international visitor arrivals (first 6 months, estimate)': {
      code: 'tourism.international-arrivals-ytd',
    },
    'tourism revenue (first 6 months, estimate)': { code: 'tourism.revenue-ytd' },
    'visitor arrivals (first 6 months)': { code: 'tourism.visitor-arrivals-ytd' },
    'domestic visitor arrivals (first 9 months)': { code: 'tourism.domestic-arrivals-ytd' },
    'MICE conferences hosted': { code: 'tourism.mice-events' },
    'tourism revenue (full year)': { code: 'tourism.revenue' },
    'visitor arrivals (estimate, full year)': { code: 'tourism.visitor-arrivals' },
    'overnight guests at accommodation (Tết 2023, estimate)': {
      code: 'tourism.overnight-guests-holiday',
      periodNote: TET_2023,
    },
    'tourism revenue (Tết holiday 20-26/1/2023, estimate)': {
      code: 'tourism.revenue-holiday',
      periodNote: TET_2023,
    },
    'visitor arrivals (Tết holiday 20-26/1/2023)': {
      code: 'tourism.visitor-arrivals-holiday',
      periodNote: TET_2023,
    },
    'day visitors (full year)': { code: 'tourism.day-visitors' },
    'domestic visitor arrivals (full year, estimate)': { code: 'tourism.domestic-arrivals' },
    'overnight guests at accommodation (full year)': { code: 'tourism.overnight-guests' },
    'tourism revenue (Q1, estimate)': { code: 'tourism.revenue-ytd' },
    'visitor arrivals (Q1, estimate)': { code: 'tourism.visitor-arrivals-ytd' },
    'tourism revenue (first 9 months, estimate)': { code: 'tourism.revenue-ytd' },
    'target: visitor arrivals by 2025': { code: 'tourism.visitor-arrivals-target' },
    'visitors at Eo Gió (Tết holiday 20-26/1/2023, estimate)': {
      code: 'tourism.site-visitors-holiday',
      dims: SITE('Eo Gió'),
      periodNote: TET_2023,
    },
    'visitors at FLC Quy Nhơn wildlife park (Tết 2023)': {
      code: 'tourism.site-visitors-holiday',
      dims: SITE('Công viên động vật hoang dã FLC Quy Nhơn'),
      periodNote: TET_2023,
    },
    'visitors at Hầm Hồ Rosa Alba (Tết 2023, estimate)': {
      code: 'tourism.site-visitors-holiday',
      dims: SITE('Khu du lịch Hầm Hô'),
      periodNote: TET_2023,
    },
    'visitors at Kỳ Co - Nhơn Lý (Tết 2023)': {
      code: 'tourism.site-visitors-holiday',
      dims: SITE('Kỳ Co – Nhơn Lý'),
      periodNote: TET_2023,
    },
    'visitors at Quy Nhơn Science Discovery Centre (Tết 2023)': {
      code: 'tourism.site-visitors-holiday',
      dims: SITE('Trung tâm Khám phá khoa học Quy Nhơn'),
      periodNote: TET_2023,
    },
  },
  drops: [
    {
      when: (r) => r.indicator === 'tourism revenue (estimate, full year)' && r.period === '2023',
      reason:
        'superseded (2023 revenue: the December 2023 estimate of 16 400 tỷ đồng, superseded by the 16 405 the Department of Tourism reported for 2023 a year later)',
    },
    {
      when: (r) =>
        r.indicator!.startsWith('tourism revenue (Q1, estimate)') && r.period === '2022-01/2022-03',
      reason:
        'superseded (Q1 2022 revenue: the 26 March estimate of nearly 1 300 tỷ đồng, superseded by the 1 312 reported after the quarter)',
    },
  ],
});

// Agriculture (stats/agriculture.csv): crop, season and livestock dimensions where the text names them.
const RICE = (season?: string) => ({ crop: 'Lúa', ...(season ? { season } : {}) });
const agriculture = indicatorTable({
  input: 'agriculture.csv',
  output: 'agriculture-statistics.csv',
  dims: ['crop', 'season', 'livestock'],
  defs: {
    'agri.rice-planted-area': def('Diện tích gieo trồng lúa', 'rice planted area', 'ha', true),
    'agri.rice-planted-area-annual-average': def(
      'Diện tích lúa bình quân năm',
      'rice area, annual average',
      'ha',
      true,
    ),
    'agri.rice-output': def('Sản lượng lúa', 'rice output', 'tấn', true),
    'agri.rice-yield': def('Năng suất lúa', 'rice yield', 'tạ/ha', false),
    'agri.crop-output': def('Sản lượng cây trồng', 'crop output', 'tấn', true),
    'agri.annual-crop-area': def(
      'Diện tích gieo trồng cây hằng năm',
      'annual crop cultivated area',
      'ha',
      true,
    ),
    'agri.perennial-crop-area': def('Diện tích cây lâu năm', 'perennial crop area', 'ha', true),
    'agri.pig-heads': def('Tổng đàn lợn', 'pig herd', 'con', true),
    'agri.cattle-insemination': def('Số bò thịt được phối giống', 'beef cattle inseminated', 'con', true),
    'agri.fisheries-output': def('Tổng sản lượng thủy sản', 'fisheries output', 'tấn', true),
    'agri.fisheries-capture-output': def(
      'Sản lượng thủy sản khai thác',
      'capture fisheries output',
      'tấn',
      true,
    ),
    'agri.aquaculture-output': def('Sản lượng thủy sản nuôi trồng', 'aquaculture output', 'tấn', true),
    'agri.ocean-tuna-catch': def('Sản lượng cá ngừ đại dương khai thác', 'ocean tuna catch', 'tấn', true),
    'agri.fishing-vessels': def('Số tàu cá', 'fishing vessels', 'tàu', true),
    'agri.agricultural-land': def('Diện tích đất nông nghiệp', 'agricultural land', 'ha', true),
    'agri.forestry-land': def('Diện tích đất lâm nghiệp', 'forestry land', 'ha', true),
    'agri.forestry-land-share': def(
      'Tỷ lệ đất lâm nghiệp trong diện tích tự nhiên',
      'forestry land, share of the natural area (not forest cover)',
      '%',
      false,
    ),
    'agri.aff-value-added-growth': def(
      'Tốc độ tăng giá trị tăng thêm ngành nông, lâm nghiệp và thủy sản',
      'agriculture, forestry and fisheries value-added growth',
      '%',
      false,
    ),
    'agri.aff-grdp-share': def(
      'Tỷ trọng nông, lâm nghiệp và thủy sản trong GRDP (giá hiện hành)',
      'agriculture, forestry and fisheries share of GRDP (current prices)',
      '%',
      false,
    ),
    'agri.new-rural-communes-target': def(
      'Kế hoạch số xã đạt chuẩn nông thôn mới',
      'communes meeting the new-rural-area standard, target',
      'xã',
      true,
    ),
    'agri.fisheries-output-target': def(
      'Kế hoạch tổng sản lượng thủy sản',
      'fisheries output, target',
      'tấn',
      true,
    ),
    'agri.aquaculture-output-target': def(
      'Kế hoạch sản lượng thủy sản nuôi trồng',
      'aquaculture output, target',
      'tấn',
      true,
    ),
    'agri.ocean-tuna-catch-target': def(
      'Kế hoạch sản lượng cá ngừ đại dương khai thác',
      'ocean tuna catch, target',
      'tấn',
      true,
    ),
  },
  rules: {
    'rice area per year (approx.; secondary: thesis)': {
      code: 'agri.rice-planted-area-annual-average',
      dims: RICE(),
    },
    'rice yield average (secondary: thesis)': { code: 'agri.rice-yield', dims: RICE() },
    'aquaculture output': { code: 'agri.aquaculture-output' },
    'fisheries capture output': { code: 'agri.fisheries-capture-output' },
    'fisheries output total': { code: 'agri.fisheries-output' },
    'ocean tuna catch': { code: 'agri.ocean-tuna-catch' },
    'annual crop cultivated area': { code: 'agri.annual-crop-area' },
    'paddy output (estimate; secondary: thesis citing provincial report)': {
      code: 'agri.rice-output',
      dims: RICE(),
    },
    'perennial tree area': { code: 'agri.perennial-crop-area' },
    'seafood output (estimate)': { code: 'agri.fisheries-output' },
    'total pig herd': { code: 'agri.pig-heads', dims: { livestock: 'Lợn' } },
    'fishing vessels': { code: 'agri.fishing-vessels' },
    'beef cattle artificially inseminated': {
      code: 'agri.cattle-insemination',
      dims: { livestock: 'Bò thịt' },
    },
    'new-rural-area (NTM) communes target end-2021': { code: 'agri.new-rural-communes-target' },
    'agricultural land': { code: 'agri.agricultural-land' },
    'forestry land': { code: 'agri.forestry-land' },
    'forestry land share of natural area (NOT forest cover %)': { code: 'agri.forestry-land-share' },
    'agriculture, forestry & fisheries value-added growth': { code: 'agri.aff-value-added-growth' },
    'fisheries capture output (estimate)': { code: 'agri.fisheries-capture-output' },
    'fisheries output total (estimate)': { code: 'agri.fisheries-output' },
    // Published as 638,8 nghìn tấn: written in tonnes, the indicator's unit (see CONVERSIONS).
    'rice production (full year, estimate)': { code: 'agri.rice-output', dims: RICE() },
    'share of agriculture, forestry & fisheries in GRDP (current prices)': { code: 'agri.aff-grdp-share' },
    'vegetables production (estimate)': { code: 'agri.crop-output', dims: { crop: 'Rau các loại' } },
    'aquaculture output target (plan, not actual)': { code: 'agri.aquaculture-output-target' },
    'fisheries output target (plan, not actual)': { code: 'agri.fisheries-output-target' },
    'ocean tuna catch target (plan, not actual)': { code: 'agri.ocean-tuna-catch-target' },
    'rice sown area, summer-autumn crop (Hè Thu, as of 13/7/2023)': {
      code: 'agri.rice-planted-area',
      dims: RICE('Hè Thu'),
      periodNote: 'tiến độ gieo sạ đến 13/7/2023',
    },
    'rice sown area, winter-spring crop 2021-2022 (as of end Jan 2022)': {
      code: 'agri.rice-planted-area',
      dims: RICE('Đông Xuân'),
      periodNote: 'tiến độ gieo sạ đến cuối tháng 1/2022',
    },
    'rice production, winter-spring crop (Đông Xuân, estimate)': {
      code: 'agri.rice-output',
      dims: RICE('Đông Xuân'),
    },
  },
});

// Digital transformation (stats/digital.csv); the 2022 briefing stays its own dataset above.
const digital = indicatorTable({
  input: 'digital.csv',
  output: 'digital-transformation.csv',
  dims: ['operator'],
  areaDate: '2025-06-30',
  defs: {
    'digital.ict-index-rank': def(
      'Xếp hạng chỉ số sẵn sàng ứng dụng CNTT, chính phủ điện tử (Vietnam ICT Index)',
      'ICT application and e-government readiness rank (Vietnam ICT Index)',
      'hạng/63',
      false,
    ),
    'digital.ict-index-score': def(
      'Điểm chỉ số sẵn sàng ứng dụng CNTT, chính phủ điện tử (Vietnam ICT Index)',
      'ICT application and e-government readiness score (Vietnam ICT Index)',
      'điểm (0–1)',
      false,
    ),
    'digital.communes-with-e-office': def(
      'Số xã, phường, thị trấn đã triển khai Văn phòng điện tử',
      'communes, wards and townships with the e-office system',
      'xã',
      true,
    ),
    'digital.dti-rank': def(
      'Xếp hạng chỉ số chuyển đổi số cấp tỉnh (DTI)',
      'DTI provincial digital transformation index rank',
      'hạng/63',
      false,
    ),
    'pci.rank': def(
      'Xếp hạng chỉ số năng lực cạnh tranh cấp tỉnh (PCI)',
      'Provincial Competitiveness Index (PCI) rank',
      'hạng/63',
      false,
    ),
    'pci.score': def('Điểm chỉ số năng lực cạnh tranh cấp tỉnh (PCI)', 'PCI score', 'điểm', false),
    'pci.top30-position': def(
      'Thứ hạng trong nhóm 30 tỉnh, thành phố có chất lượng điều hành tốt nhất (PCI)',
      'position in the PCI list of the 30 best-governed provinces',
      'hạng',
      false,
    ),
    'digital.tthc-connected-systems': def(
      'Số cơ sở dữ liệu, phần mềm chuyên ngành kết nối với hệ thống giải quyết thủ tục hành chính',
      'specialised databases and software connected to the administrative-procedure system',
      'CSDL/phần mềm',
      true,
    ),
    'digital.mobile-coverage-commune-centres': def(
      'Tỷ lệ phủ sóng 3G/4G tại trung tâm xã, thị trấn',
      '3G/4G coverage of commune and township centres',
      '%',
      false,
    ),
    'digital.mobile-coverage-villages': def(
      'Tỷ lệ thôn được phủ sóng 3G/4G',
      '3G/4G coverage of villages',
      '%',
      false,
    ),
    'digital.5g-stations': def('Số trạm 5G', '5G base stations', 'trạm', true),
    'digital.fibre-commune-coverage': def(
      'Tỷ lệ xã, phường, thị trấn có hạ tầng cáp quang băng rộng',
      'communes with fibre broadband',
      '%',
      false,
    ),
    'digital.fibre-village-coverage': def(
      'Tỷ lệ thôn có hạ tầng cáp quang băng rộng',
      'villages with fibre broadband',
      '%',
      false,
    ),
    'digital.smartphone-households': def(
      'Tỷ lệ hộ gia đình có điện thoại thông minh',
      'households with a smartphone',
      '%',
      false,
    ),
    'digital.villages-without-fibre': def(
      'Số thôn chưa có hạ tầng cáp quang',
      'villages without fibre infrastructure',
      'thôn',
      true,
    ),
    'digital.service-index-score': def(
      'Điểm chỉ số phục vụ người dân, doanh nghiệp',
      'service-to-citizens-and-business index score',
      'điểm',
      false,
    ),
    'digital.service-index-rank': def(
      'Xếp hạng chỉ số phục vụ người dân, doanh nghiệp',
      'service-to-citizens-and-business index rank',
      'hạng/63',
      false,
    ),
    'digital.fibre-household-coverage-target': def(
      'Mục tiêu tỷ lệ hộ gia đình được phủ cáp quang băng rộng',
      'households passed by fibre broadband, target',
      '%',
      false,
    ),
    'digital.4g-population-coverage-target': def(
      'Mục tiêu tỷ lệ dân số được phủ sóng 4G',
      'population covered by 4G, target',
      '%',
      false,
    ),
  },
  rules: {
    'ICT application / e-government readiness rank (Bộ TT&TT)': { code: 'digital.ict-index-rank' },
    'ICT application / e-government readiness score (Bộ TT&TT)': { code: 'digital.ict-index-score' },
    'communes/wards/townships with e-office (Văn phòng điện tử) deployed': {
      code: 'digital.communes-with-e-office',
    },
    'PCI (Provincial Competitiveness Index) rank': { code: 'pci.rank' },
    'DTI provincial digital transformation index rank': { code: 'digital.dti-rank' },
    'PCI position in top-30 list': { code: 'pci.top30-position' },
    'PCI score': { code: 'pci.score' },
    'specialised databases/software connected to provincial TTHC information system': {
      code: 'digital.tthc-connected-systems',
    },
    '3G/4G coverage of commune/township centres': { code: 'digital.mobile-coverage-commune-centres' },
    '3G/4G coverage of villages (thôn)': { code: 'digital.mobile-coverage-villages' },
    'Viettel 5G base stations': { code: 'digital.5g-stations', dims: { operator: 'Viettel' } },
    'fibre broadband coverage of communes/wards/townships': { code: 'digital.fibre-commune-coverage' },
    'fibre broadband coverage of villages (thôn)': { code: 'digital.fibre-village-coverage' },
    'households with a smartphone': { code: 'digital.smartphone-households' },
    'villages without fibre infrastructure (Vân Canh, An Lão, Vĩnh Thạnh)': {
      code: 'digital.villages-without-fibre',
    },
    'Service-to-citizens-and-business index (Chỉ số phục vụ người dân, doanh nghiệp) score': {
      code: 'digital.service-index-score',
    },
    'Service-to-citizens-and-business index rank': { code: 'digital.service-index-rank' },
    'target: fibre broadband households coverage (plan to 2025)': {
      code: 'digital.fibre-household-coverage-target',
    },
    'target: population covered by 4G (plan to 2025)': { code: 'digital.4g-population-coverage-target' },
  },
});

// Population, labour and economy (stats/population.csv).
const population = indicatorTable({
  input: 'population.csv',
  output: 'population-economy.csv',
  dims: ['sex', 'residence'],
  defs: {
    'pop.average-population': def('Dân số trung bình', 'average population', 'người', true),
    'pop.average-population-pre-2019-series': def(
      'Dân số trung bình (số liệu trước khi hiệu chỉnh theo Tổng điều tra 2019)',
      'average population (older series, before the 2019 census revision)',
      'người',
      true,
    ),
    'pop.labour-force': def(
      'Lực lượng lao động từ 15 tuổi trở lên',
      'labour force aged 15 and over',
      'người',
      true,
    ),
    'pop.population-density': def('Mật độ dân số', 'population density', 'người/km2', false),
    'pop.urban-population-share': def('Tỷ lệ dân số thành thị', 'urban population share', '%', false),
    'pop.commune-units': def(
      'Số đơn vị hành chính cấp xã',
      'commune-level administrative units',
      'đơn vị',
      true,
    ),
    'pop.district-units': def(
      'Số đơn vị hành chính cấp huyện',
      'district-level administrative units',
      'đơn vị',
      true,
    ),
    'pop.natural-area': def('Diện tích đất tự nhiên', 'natural land area', 'ha', true),
    'econ.grdp': def(
      'Tổng sản phẩm trên địa bàn (GRDP)',
      'gross regional domestic product (GRDP; price basis not stated by the sources)',
      'tỷ đồng',
      true,
    ),
    'econ.grdp-growth': def(
      'Tốc độ tăng GRDP (giá so sánh 2010)',
      'GRDP growth (constant 2010 prices)',
      '%',
      false,
    ),
    'econ.grdp-per-capita': def('GRDP bình quân đầu người', 'GRDP per capita', 'triệu đồng/người', false),
    'econ.income-per-capita-annual': def(
      'Thu nhập bình quân đầu người một năm',
      'average income per capita per year',
      'triệu đồng/người/năm',
      false,
    ),
    'econ.income-per-capita-monthly': def(
      'Thu nhập bình quân đầu người một tháng (giá hiện hành)',
      'monthly income per capita (current prices)',
      'nghìn đồng/người/tháng',
      false,
    ),
    'econ.multidimensional-poverty-rate': def(
      'Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều',
      'multidimensional poverty rate (households)',
      '%',
      false,
    ),
  },
  rules: {
    'average population (older series, before 2019 census revision)': {
      code: 'pop.average-population-pre-2019-series',
    },
    'average population': { code: 'pop.average-population' },
    'labour force aged 15+': { code: 'pop.labour-force' },
    'labour force aged 15+ (estimate)': { code: 'pop.labour-force' },
    'population density': { code: 'pop.population-density' },
    'urban population share': { code: 'pop.urban-population-share' },
    // 2020: "nearly 50 trillion VND" (nghìn tỷ đồng), written in tỷ đồng (see CONVERSIONS).
    'GRDP (estimate)': { code: 'econ.grdp' },
    'commune-level administrative units': { code: 'pop.commune-units' },
    'district-level administrative units': { code: 'pop.district-units' },
    'natural land area': { code: 'pop.natural-area' },
    'GRDP growth (constant 2010 prices, estimate)': { code: 'econ.grdp-growth' },
    'GRDP per capita (estimate)': { code: 'econ.grdp-per-capita' },
    'average income per capita per year': { code: 'econ.income-per-capita-annual' },
    'monthly income per capita (current prices)': { code: 'econ.income-per-capita-monthly' },
    'multidimensional poverty rate (households)': { code: 'econ.multidimensional-poverty-rate' },
    'average female population': { code: 'pop.average-population', dims: { sex: 'Nữ' } },
    'average male population': { code: 'pop.average-population', dims: { sex: 'Nam' } },
    'average rural population': { code: 'pop.average-population', dims: { residence: 'Nông thôn' } },
    'average urban population': { code: 'pop.average-population', dims: { residence: 'Thành thị' } },
    'GRDP growth (constant 2010 prices)': { code: 'econ.grdp-growth' },
  },
  drops: [
    {
      when: (r) =>
        r.indicator === 'average population' &&
        r.period === '2019' &&
        r.source_url!.includes('binhdinh.gov.vn/dan-so'),
      reason:
        'superseded (2019 average population: the provincial portal’s rounded 1 487 900, superseded by the statistical yearbook’s 1 487 817)',
    },
    {
      when: (r) => r.indicator === 'population (census 1/4/2019)',
      reason:
        'left to the census dataset (citypopulation.de, a secondary compilation whose district figures differ from the GSO table in population-census-2019)',
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// 3. The 2019 census by commune (samples/binhdinh-census2019-population-urban-rural-by-commune.csv):
// names with leading spaces and "(Tổng số)" resolved to the GSO codes in force on 2019-04-01.

const CENSUS_DATE = '2019-04-01';
const CENSUS_URL = 'https://github.com/hgscarlette/vn-demographic';
const census = read(join(SHARED, 'samples', 'binhdinh-census2019-population-urban-rural-by-commune.csv'));
function censusUnit(text: string, level: string, parent: string | null): Row {
  const { type, key } = parseAreaName(text);
  const hits = units.filter(
    (u) =>
      u.level === level &&
      inForce(u, CENSUS_DATE) &&
      (parent === null || u.parent_code === parent) &&
      foldForSearch(u.name!) === foldForSearch(`${type ?? ''} ${key}`),
  );
  if (hits.length !== 1) throw new Error(`census: "${text}" (${level} of ${parent}): ${hits.length} matches`);
  return hits[0]!;
}
const CENSUS_INDICATORS = [
  ['tong_so', 'pop.population', 'Dân số', 'population'],
  ['thanh_thi', 'pop.urban-population', 'Dân số thành thị', 'urban population'],
  ['nong_thon', 'pop.rural-population', 'Dân số nông thôn', 'rural population'],
] as const;
const censusRows: Record<string, string>[] = [];
let censusEmpty = 0;
let district: Row | null = null;
const totals = new Map<string, number>();
for (const r of census) {
  const [l1, l2, l3] = [r.level1 ?? '', r.level2 ?? '', r.level3 ?? ''];
  let unit: Row;
  if (cleanText(l1) && !cleanText(l2)) unit = censusUnit(l1, 'province', null);
  else if (cleanText(l2) && /Tổng số/.test(l2)) {
    unit = censusUnit(l2, 'district', '52');
    district = unit;
  } else {
    if (cleanText(l2) && censusUnit(l2, 'district', '52').code !== district?.code)
      throw new Error(`census: commune row under "${l2}" outside its district block`);
    unit = censusUnit(l3, 'commune', district!.code!);
    totals.set(district!.code!, (totals.get(district!.code!) ?? 0) + Number(r.tong_so));
  }
  for (const [column, code, vi, en] of CENSUS_INDICATORS) {
    const value = cleanText(r[column] ?? '');
    if (!value) {
      censusEmpty++;
      continue;
    }
    censusRows.push({
      indicator_code: code,
      indicator: vi,
      indicator_en: en,
      unit: 'người',
      additive: 'true',
      area_code: unit.code!,
      area_name: unit.name!,
      area_level: unit.level!,
      period: CENSUS_DATE,
      value,
      source: CENSUS_URL,
      source_area: cleanText(l3 || l2 || l1),
    });
  }
}
// The communes add up to their district's total, the districts to the province's: the names
// were read into the right units.
const provinceTotal = censusRows.find(
  (r) => r.area_level === 'province' && r.indicator_code === 'pop.population',
);
const districtSum = censusRows
  .filter((r) => r.area_level === 'district' && r.indicator_code === 'pop.population')
  .reduce((a, r) => a + Number(r.value), 0);
if (Number(provinceTotal?.value) !== districtSum)
  throw new Error(`census: districts add up to ${districtSum}`);
for (const r of censusRows) {
  if (
    r.area_level === 'district' &&
    r.indicator_code === 'pop.population' &&
    totals.get(r.area_code!) !== Number(r.value)
  )
    throw new Error(
      `census: communes of ${r.area_name} add up to ${totals.get(r.area_code!)}, not ${r.value}`,
    );
}
writeFile(
  join(OUT, 'population-census-2019.csv'),
  stringify(censusRows, [
    'indicator_code',
    'indicator',
    'indicator_en',
    'unit',
    'additive',
    'area_code',
    'area_name',
    'area_level',
    'period',
    'value',
    'source',
    'source_area',
  ]),
);
const censusUnits = new Set(censusRows.map((r) => r.area_code)).size;
log.push(
  `population-census-2019.csv: ${censusRows.length} figures for ${censusUnits} units; dropped ${censusEmpty} empty cells (communes with no urban or no rural population)`,
);

// ---------------------------------------------------------------------------------------------
// 4. Registries from OpenStreetMap points: health facilities and schools. Each point's district
// (before the July 2025 reform) is found from its coordinates in the official district boundaries.

type Ring = number[][];
const gis = JSON.parse(
  readFileSync(join(SHARED, 'areas', 'binhdinh-52-dvhcvn-gis-districts.json'), 'utf8'),
) as {
  level2s: { level2_id: string; name: string; coordinates: Ring[][] }[];
};
function inRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]! as [number, number];
    const [xj, yj] = ring[j]! as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function districtAt(lat: number, lon: number): Row | null {
  const hits = gis.level2s.filter((d) =>
    d.coordinates.some(
      (poly) => inRing(lon, lat, poly[0]!) && !poly.slice(1).some((h) => inRing(lon, lat, h)),
    ),
  );
  if (hits.length > 1) throw new Error(`point ${lat},${lon} in ${hits.length} districts`);
  if (!hits.length) return null;
  return units.find(
    (u) => u.code === hits[0]!.level2_id && u.level === 'district' && inForce(u, '2025-06-30'),
  )!;
}
const coord = (v: string) => String(Number(Number(v).toFixed(7)));
const OSM_URL = 'https://github.com/realitechteam/OpenData-Vietnam';

interface Registry {
  file: string;
  rows: Record<string, string>[];
}
function osmRegistry(options: {
  inputs: string[];
  output: string;
  kindColumn: string;
  exclude: Record<string, string>;
}): Registry {
  const rows: Record<string, string>[] = [];
  const dropped = new Map<string, number>();
  for (const input of options.inputs) {
    for (const r of read(join(SHARED, 'samples', input))) {
      const tag = r.subcategory!;
      const reason = options.exclude[tag] ?? (cleanText(r.name ?? '') ? null : 'no name');
      if (reason) {
        dropped.set(reason, (dropped.get(reason) ?? 0) + 1);
        continue;
      }
      const d = districtAt(Number(r.lat), Number(r.lon));
      const street = cleanText(r.address ?? '');
      rows.push({
        source_id: `${r.osm_type ?? r.type}/${r.osm_id}`,
        name: cleanText(r.name!),
        name_en: cleanText(r.name_en ?? ''),
        [options.kindColumn]: tag,
        address: cleanText([r.housenumber ?? '', street].join(' ')),
        area_code: d?.code ?? '',
        area: d?.name ?? '',
        lat: coord(r.lat!),
        lon: coord(r.lon!),
        phone: cleanText(r.phone ?? ''),
        source: OSM_URL,
      });
    }
  }
  rows.sort((a, b) => a.source_id!.localeCompare(b.source_id!));
  const columns = [
    'source_id',
    'name',
    'name_en',
    options.kindColumn,
    'address',
    'area_code',
    'area',
    'lat',
    'lon',
    'phone',
    'source',
  ];
  writeFile(join(OUT, options.output), stringify(rows, columns));
  const notes = [...dropped].map(([reason, n]) => `${n} ${reason}`).join('; ');
  log.push(`${options.output}: ${rows.length} places${notes ? `; left out ${notes}` : ''}`);
  return { file: options.output, rows };
}
const healthFacilities = osmRegistry({
  inputs: ['binhdinh-osm-hospitals.csv', 'binhdinh-osm-healthcare.csv'],
  output: 'health-facilities.csv',
  kindColumn: 'type',
  exclude: { veterinary: 'veterinary station (animal health, not a health facility)' },
});
const schools = osmRegistry({
  inputs: ['binhdinh-osm-education.csv'],
  output: 'schools.csv',
  kindColumn: 'level',
  exclude: {},
});

// ---------------------------------------------------------------------------------------------
// 5. Tourist attractions named in the Tết 2023 report, as a tourism registry.

const attractionSource =
  'https://nongnghiep.vn/gan-150000-luot-khach-du-lich-den-binh-dinh-trong-dip-tet-quy-mao-2023-d342731.html';
const tourismFacts = read(join(SHARED, 'stats', 'tourism.csv'));
const quoteOf = (prefix: string) => {
  const r = tourismFacts.find((x) => x.indicator!.startsWith(prefix));
  if (!r) throw new Error(`tourism.csv: no "${prefix}"`);
  return { quote: r.quote!, area: r.area_name!, source: r.source_url! };
};
const ATTRACTIONS: [string, string, string][] = [
  ['Eo Gió', 'Thắng cảnh', 'visitors at Eo Gió'],
  ['Kỳ Co – Nhơn Lý', 'Bãi biển', 'visitors at Kỳ Co'],
  ['Khu du lịch Hầm Hô', 'Khu du lịch', 'visitors at Hầm Hồ'],
  ['Công viên động vật hoang dã FLC Quy Nhơn', 'Công viên động vật', 'visitors at FLC'],
  ['Trung tâm Khám phá khoa học Quy Nhơn', 'Trung tâm khám phá khoa học', 'visitors at Quy Nhơn Science'],
];
const attractionRows = ATTRACTIONS.map(([name, type, prefix]) => {
  const fact = quoteOf(prefix);
  if (fact.source !== attractionSource) throw new Error(`attraction ${name}: another source`);
  const code = areaCode(fact.area, 'district', '2023-01-26');
  return {
    name,
    category: 'Điểm tham quan',
    type,
    area_code: code,
    area: unitName(code, '2023-01-26'),
    source: fact.source,
    note: `Tết Quý Mão 2023: ${fact.quote}`,
  };
});
writeFile(
  join(OUT, 'tourism-attractions.csv'),
  stringify(attractionRows, ['name', 'category', 'type', 'area_code', 'area', 'source', 'note']),
);
log.push(`tourism-attractions.csv: ${attractionRows.length} attractions`);

// ---------------------------------------------------------------------------------------------
// 6. Industrial zones and clusters (stats/facilities.csv): one row per zone, its facts in columns.

const facilities = read(join(SHARED, 'stats', 'facilities.csv'));
const TYPE_VI: Record<string, string> = {
  'economic-zone': 'Khu kinh tế',
  'industrial-zone': 'Khu công nghiệp',
  'industrial-urban-zone': 'Khu công nghiệp – đô thị',
  'industrial-cluster': 'Cụm công nghiệp',
};
interface Zone {
  id: string;
  name: string;
  type: keyof typeof TYPE_VI;
  /** The facilities.csv row(s) the record is made from: facility name (+ attribute). */
  from: string;
  status?: string;
  areaBasis?: string;
  address?: string;
  note?: { from: string; text: string };
}
const LISTED_2024 = 'có trong danh sách 10 khu công nghiệp hiện có của tỉnh (TTXVN, 3/2024)';
const ZONES: Zone[] = [
  {
    id: 'kkt-nhon-hoi',
    name: 'Khu kinh tế Nhơn Hội',
    type: 'economic-zone',
    from: 'Khu kinh tế Nhơn Hội',
    areaBasis: 'diện tích ban đầu (hơn 12.000 ha, khoảng năm 2010)',
    note: {
      from: 'Khu kinh tế Nhơn Hội (sau điều chỉnh)',
      text: 'Sau khi bổ sung 2.308 ha khu Becamex – Bình Định, tổng diện tích chừng 14.308 ha (nguồn thứ cấp, cần kiểm chứng)',
    },
  },
  {
    id: 'kcn-phu-tai',
    name: 'Khu công nghiệp Phú Tài',
    type: 'industrial-zone',
    from: 'KCN Phú Tài',
    status: 'đang hoạt động, đã lấp đầy',
  },
  {
    id: 'kcn-long-my',
    name: 'Khu công nghiệp Long Mỹ',
    type: 'industrial-zone',
    from: 'KCN Long Mỹ',
    status: 'đang hoạt động, đã lấp đầy',
  },
  {
    id: 'kcn-nhon-hoa',
    name: 'Khu công nghiệp Nhơn Hòa',
    type: 'industrial-zone',
    from: 'KCN Nhơn Hòa',
    status: LISTED_2024,
  },
  {
    id: 'kcn-binh-nghi',
    name: 'Khu công nghiệp Bình Nghi (Bình Nghi – Nhơn Tân)',
    type: 'industrial-zone',
    from: 'KCN Bình Nghi (Bình Nghi - Nhơn Tân)',
    status: 'bổ sung vào quy hoạch các KCN năm 2010',
    areaBasis: 'diện tích quy hoạch (danh mục năm 2010)',
  },
  {
    id: 'kcn-cat-trinh',
    name: 'Khu công nghiệp Cát Trinh',
    type: 'industrial-zone',
    from: 'KCN Cát Trinh',
    status: 'bổ sung vào quy hoạch các KCN năm 2010',
    areaBasis: 'diện tích quy hoạch (danh mục năm 2010)',
  },
  {
    id: 'kcn-hoa-hoi',
    name: 'Khu công nghiệp Hòa Hội',
    type: 'industrial-zone',
    from: 'KCN Hòa Hội',
    status: LISTED_2024,
  },
  {
    id: 'kcn-do-thi-becamex-a',
    name: 'Khu công nghiệp – Đô thị Becamex A (Phân khu 7, KKT Nhơn Hội)',
    type: 'industrial-urban-zone',
    from: 'KCN - Đô thị Becamex A (Phân khu 7, KKT Nhơn Hội)',
    status: 'đã duyệt quy hoạch phân khu tỷ lệ 1/2000',
    areaBasis: 'diện tích lập quy hoạch phân khu tỷ lệ 1/2000',
  },
  ...['A', 'B', 'C'].map(
    (x): Zone => ({
      id: `kcn-nhon-hoi-${x.toLowerCase()}`,
      name: `Khu công nghiệp Nhơn Hội ${x}`,
      type: 'industrial-zone',
      from: 'KCN Nhơn Hội A / B / C',
      status: LISTED_2024,
    }),
  ),
  {
    id: 'kcn-phu-my',
    name: 'Khu công nghiệp Phù Mỹ',
    type: 'industrial-zone',
    from: 'KCN Phù Mỹ (dự án)',
    status: 'dự án xây dựng mới (công bố 3/2024)',
    areaBasis: 'diện tích dự kiến',
  },
  {
    id: 'khu-cn-do-thi-dich-vu-nhon-hoi',
    name: 'Khu công nghiệp, đô thị và dịch vụ (Nhơn Hội, Nhơn Lý, Nhơn Hải, Hải Cảng)',
    type: 'industrial-urban-zone',
    from: 'Khu công nghiệp, đô thị và dịch vụ (quy hoạch 2020)',
    status: 'đồ án quy hoạch xây dựng được phê duyệt (8/2020)',
    areaBasis: 'diện tích đất tự nhiên của khu quy hoạch',
  },
];
const INVESTOR_CALL: Record<string, string> = {
  'chưa đầu tư hạ tầng': 'kêu gọi đầu tư: chưa đầu tư hạ tầng',
  'mở rộng có tính độc lập': 'kêu gọi đầu tư: mở rộng có tính độc lập',
  'vốn nhà nước đầu tư một phần hạ tầng': 'kêu gọi đầu tư: vốn nhà nước đầu tư một phần hạ tầng',
};
for (const r of facilities) {
  if (!r.facility_type!.startsWith('industrial cluster (cụm công nghiệp)')) continue;
  const status = INVESTOR_CALL[r.value!];
  if (!status) throw new Error(`facilities.csv: investor-call group "${r.value}"`);
  ZONES.push({
    id: slug(r.facility_name!),
    name: r.facility_name!.replace(/^CCN /, 'Cụm công nghiệp '),
    type: 'industrial-cluster',
    from: r.facility_name!,
    status,
  });
}
/** ">12000", "~3520" → the number and its flag. */
function qualified(text: string): { value: string; flag: string } {
  const m = /^([>~]?)\s*(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return { value: '', flag: '' };
  return {
    value: writeNumber(Number(m[2])),
    flag: m[1] === '>' ? 'lower_bound' : m[1] === '~' ? 'approximate' : '',
  };
}
const zoneRows = ZONES.map((z) => {
  const facts = facilities.filter((r) => r.facility_name === z.from);
  if (facts.length !== 1) throw new Error(`facilities.csv: ${facts.length} rows for "${z.from}"`);
  const f = facts[0]!;
  const areaFact = f.unit === 'ha' ? qualified(f.value!) : { value: '', flag: '' };
  // "about 3,520 ha" in the English source: approximate.
  const areaFlag = areaFact.flag || (/\babout\b/.test(f.quote!) && areaFact.value ? 'approximate' : '');
  const level = f.area_name === 'Bình Định' ? 'province' : 'district';
  const code = areaCode(f.area_name!, level, '2025-06-30');
  const address = /not stated|district only|^$/.test(f.address!) ? '' : f.address!;
  const note = z.note ? facilities.find((r) => r.facility_name === z.note!.from) : undefined;
  return {
    id: z.id,
    name: z.name,
    type: z.type,
    type_vi: TYPE_VI[z.type]!,
    status: z.status ?? '',
    address,
    area: unitName(code, '2025-06-30'),
    area_ha: areaFact.value,
    area_flag: areaFlag,
    area_basis: areaFact.value ? (z.areaBasis ?? '') : '',
    source: f.source_url!,
    source_date: f.source_date!,
    quote: f.quote!,
    note: note ? z.note!.text : '',
    note_source: note?.source_url ?? '',
    note_quote: note?.quote ?? '',
  };
});
const zoneColumns = [
  'id',
  'name',
  'type',
  'type_vi',
  'status',
  'address',
  'area',
  'area_ha',
  'area_flag',
  'area_basis',
  'source',
  'source_date',
  'quote',
  'note',
  'note_source',
  'note_quote',
] as const;
writeFile(join(OUT, 'industrial-zones.csv'), stringify(zoneRows, zoneColumns));
const facilitiesLeftOut = facilities.filter(
  (r) => !ZONES.some((z) => z.from === r.facility_name || z.note?.from === r.facility_name),
);
log.push(
  `industrial-zones.csv: ${zoneRows.length} zones and clusters (facilities.csv rows not in it: ${facilitiesLeftOut.length} — hospitals and schools are in the health and education datasets, the Thaco pig farm is agriculture, the aggregates follow)`,
);

// Planning targets among the aggregates (the dated ones); "310 / 216" style cells are split.
const PLANNING: Record<string, [string, string, string, string][]> = {
  'industrial parks planned by 2030': [
    ['ind.industrial-parks-planned', 'Số khu công nghiệp theo quy hoạch', 'industrial parks planned', 'KCN'],
  ],
  'planned IP area by 2030': [
    [
      'ind.industrial-park-area-planned',
      'Diện tích khu công nghiệp theo quy hoạch',
      'industrial park area planned',
      'ha',
    ],
  ],
  'industrial clusters planned by 2030 / area': [
    [
      'ind.industrial-clusters-planned',
      'Số cụm công nghiệp theo quy hoạch',
      'industrial clusters planned',
      'CCN',
    ],
    [
      'ind.industrial-cluster-area-planned',
      'Diện tích cụm công nghiệp theo quy hoạch',
      'industrial cluster area planned',
      'ha',
    ],
  ],
  'planned IZs / total area': [
    ['ind.industrial-parks-planned', 'Số khu công nghiệp theo quy hoạch', 'industrial parks planned', 'KCN'],
    [
      'ind.industrial-park-area-planned',
      'Diện tích khu công nghiệp theo quy hoạch',
      'industrial park area planned',
      'ha',
    ],
  ],
};
const planningRows: Record<string, string>[] = [];
let aggregatesUndated = 0;
for (const r of facilities) {
  if (!/aggregate/.test(r.facility_name!)) continue;
  const plan = PLANNING[r.attribute!];
  if (!plan) {
    // Operating zones and clusters (7 zones, 44 clusters …): the sources show no date.
    if (!/^not shown/.test(r.source_date!)) throw new Error(`facilities.csv: no rule for "${r.attribute}"`);
    aggregatesUndated++;
    continue;
  }
  const year = /2010 plan/.test(r.facility_name!) ? '2020' : '2030';
  const parts = r.value!.split('/').map((p) => p.trim());
  if (parts.length !== plan.length)
    throw new Error(`facilities.csv: "${r.value}" for ${plan.length} figures`);
  plan.forEach(([code, vi, en, unit], i) => {
    const { value } = qualified(parts[i]!);
    planningRows.push({
      indicator_code: code,
      indicator: vi,
      indicator_en: en,
      unit,
      additive: 'true',
      area_code: '52',
      area_name: unitName('52', '2025-06-30'),
      area_level: 'province',
      period: `${year} (kế hoạch)`,
      value,
      // A plan; "about" stays in the quote.
      flag: 'target',
      source: r.source_url!,
      source_date: r.source_date!,
      quote: r.quote!,
      source_indicator: `${r.facility_name}: ${r.attribute}`,
    });
  });
}
writeFile(
  join(OUT, 'industrial-zones-planning.csv'),
  stringify(planningRows, [...INDICATOR_COLUMNS, ...TAIL_COLUMNS]),
);
log.push(
  `industrial-zones-planning.csv: ${planningRows.length} planning figures; dropped ${aggregatesUndated} aggregates whose period cannot be dated (source date not shown)`,
);

// ---------------------------------------------------------------------------------------------
// 7. The manifest.

const SPATIAL = '52';
const osmSources = [
  { title: 'OpenStreetMap points in Bình Định, via realitechteam/OpenData-Vietnam (ODbL 1.0)', url: OSM_URL },
  { title: 'OpenStreetMap copyright and licence', url: 'https://www.openstreetmap.org/copyright' },
  {
    title:
      'District boundaries of Bình Định (gis.chinhphu.vn, via daohoangson/dvhcvn data/gis/52.json), used to place each point in its district',
    url: 'https://github.com/daohoangson/dvhcvn',
  },
];
const manifest = [
  {
    id: 'digital-infrastructure-2022',
    file: 'digital-infrastructure-2022.csv',
    adapter: 'indicators',
    meta: {
      title: 'Hạ tầng số tỉnh Bình Định, tháng 6/2022',
      titleEn: 'Digital infrastructure of Bình Định province, June 2022',
      description:
        'Các số liệu về hạ tầng số (trạm BTS, phủ sóng 3G/4G, cáp quang, nhân lực CNTT, xếp hạng chỉ số chuyển đổi số) báo cáo tại phiên họp thứ nhất của Ban Chỉ đạo Chuyển đổi số tỉnh ngày 3/6/2022. Giá trị "gần"/"khoảng" được gắn cờ xấp xỉ (approximate), "hơn" được gắn cờ cận dưới (lower_bound).',
      descriptionEn:
        "Digital infrastructure figures (BTS stations, 3G/4G coverage, fibre broadband, IT workforce, digital transformation index ranks) reported to the first meeting of the provincial Digital Transformation Steering Committee on 3 June 2022. Values the source called 'nearly'/'about' carry the approximate flag, 'more than' the lower_bound flag.",
      publisher: 'STTTT',
      themes: ['digital'],
      keywords: ['BTS', '3G', '4G', 'cáp quang', 'chuyển đổi số', 'digital transformation'],
      updateFrequency: 'irregular',
      spatialCode: '52',
      sources: [
        {
          title:
            'Báo Bình Định: report to the first meeting of the provincial Digital Transformation Steering Committee, 3 June 2022',
        },
      ],
    },
  },
  {
    id: 'health-statistics',
    file: health.file,
    adapter: 'indicators',
    meta: {
      title: 'Y tế tỉnh Bình Định: cơ sở, giường bệnh, nhân lực và dinh dưỡng trẻ em',
      titleEn: 'Health in Bình Định: facilities, beds, workforce and child nutrition',
      description:
        'Số cơ sở y tế, giường bệnh, nhân lực y tế, số bác sĩ và giường bệnh bình quân 1 vạn dân, tỷ lệ suy dinh dưỡng trẻ em dưới 5 tuổi năm 2023 theo Niên giám thống kê tỉnh Bình Định 2023 (Cục Thống kê tỉnh), cùng hai số liệu giường bệnh của từng bệnh viện theo báo chí (khu mở rộng Bệnh viện Đa khoa tỉnh năm 2018, Bệnh viện Đa khoa Thu Phúc năm 2022). Số bệnh viện gồm cả các trung tâm y tế cấp huyện. Mỗi số liệu kèm đường dẫn nguồn và nguyên văn câu trích.',
      descriptionEn:
        'Health establishments, patient beds, health workforce, doctors and beds per 10,000 inhabitants and under-5 malnutrition rates for 2023 from the Bình Định Statistical Yearbook 2023 (provincial statistics office), with two hospital-level bed counts reported by the press (the provincial general hospital’s expansion wing in 2018, the private Thu Phúc General Hospital in 2022). Hospitals include the district health centres. Every figure keeps its source URL and the source’s own words.',
      publisher: 'SYT',
      themes: ['health'],
      keywords: ['y tế', 'giường bệnh', 'bác sĩ', 'trạm y tế', 'suy dinh dưỡng', 'health'],
      updateFrequency: 'annual',
      spatialCode: SPATIAL,
      sources: health.sources,
    },
  },
  {
    id: 'health-facilities',
    file: healthFacilities.file,
    adapter: 'health-facilities',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Cơ sở y tế tỉnh Bình Định trên OpenStreetMap',
      titleEn: 'Health facilities of Bình Định on OpenStreetMap',
      description:
        'Bệnh viện, trung tâm y tế, trạm y tế, phòng khám, nha khoa và nhà thuốc trong tỉnh Bình Định (cũ) do cộng đồng OpenStreetMap ghi nhận, với tọa độ. Loại hình được chuẩn hóa từ thẻ OSM và tên (một số trạm y tế xã được gắn thẻ hospital trên OSM). Huyện của mỗi điểm được xác định từ tọa độ theo ranh giới hành chính cấp huyện trước ngày 1/7/2025. Danh sách chưa đầy đủ: OSM chỉ có những điểm đã được vẽ (toàn tỉnh có 159 trạm y tế theo Niên giám thống kê 2023); đã bỏ 1 trạm thú y và 2 điểm không có tên. Dữ liệu © OpenStreetMap contributors, giấy phép ODbL 1.0.',
      descriptionEn:
        'Hospitals, medical centres, commune health stations, clinics, dentists and pharmacies in (former) Bình Định province as mapped on OpenStreetMap, with coordinates. Types are normalised from the OSM tag and the name (some commune health stations are tagged hospital on OSM). Each point’s district is found from its coordinates in the district boundaries before 1 July 2025. Incomplete: OSM has only what mappers drew (the yearbook counts 159 commune health stations in 2023); a veterinary station and two unnamed points were left out. Data © OpenStreetMap contributors, ODbL 1.0.',
      publisher: 'SYT',
      themes: ['health'],
      keywords: ['bệnh viện', 'trạm y tế', 'phòng khám', 'nhà thuốc', 'OpenStreetMap', 'health facilities'],
      license: 'ODbL-1.0',
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: osmSources,
    },
  },
  {
    id: 'education-statistics',
    file: education.file,
    adapter: 'indicators',
    meta: {
      title: 'Giáo dục tỉnh Bình Định: trường học, giáo viên, học sinh và kết quả thi',
      titleEn: 'Education in Bình Định: schools, teachers, pupils and exam results',
      description:
        'Số trường học và giáo viên theo cấp học năm học 2023–2024, số trẻ đi học mẫu giáo, số trường đạt chuẩn quốc gia, tỷ lệ tốt nghiệp THPT (2013, 2014, 2023) và số học sinh giỏi quốc gia, theo Niên giám thống kê tỉnh Bình Định 2023 (trang tóm tắt tiếng Anh) và báo chí. Số trường theo cấp học cộng lại 626; tổng 627 còn gồm 1 trường phổ thông nhiều cấp học không được nêu riêng. Tỷ lệ tốt nghiệp năm 2013–2014 chỉ tính hệ giáo dục phổ thông, năm 2023 tính toàn tỉnh: hai chỉ tiêu riêng. Kỳ "năm học 2023–2024" được ghi là từ tháng 9/2023 đến tháng 5/2024.',
      descriptionEn:
        'Schools and teachers by level for the 2023–2024 school year, children in kindergarten, schools meeting national standards, upper secondary graduation rates (2013, 2014, 2023) and national prizes, from the Bình Định Statistical Yearbook 2023 (English summary) and the press. The schools by level add up to 626; the total of 627 also counts one multi-level school the source does not itemise. The 2013–2014 graduation rates cover the general-education stream only, the 2023 rate the whole province: two indicators. The school year is written as September 2023 to May 2024.',
      publisher: 'SGDDT',
      themes: ['education'],
      keywords: ['giáo dục', 'trường học', 'giáo viên', 'tốt nghiệp THPT', 'education'],
      updateFrequency: 'annual',
      spatialCode: SPATIAL,
      sources: education.sources,
    },
  },
  {
    id: 'schools',
    file: schools.file,
    adapter: 'schools',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Trường học và cơ sở giáo dục tỉnh Bình Định trên OpenStreetMap',
      titleEn: 'Schools and education places of Bình Định on OpenStreetMap',
      description:
        'Các điểm giáo dục trong tỉnh Bình Định (cũ) trên OpenStreetMap: trường mầm non, thư viện, trường dạy lái xe, trung tâm ngoại ngữ, với tọa độ; cấp học được chuẩn hóa từ thẻ OSM (kindergarten → mam-non; thư viện, ngoại ngữ, lái xe → other). Huyện của mỗi điểm được xác định từ tọa độ theo ranh giới cấp huyện trước ngày 1/7/2025. Rất chưa đầy đủ: toàn tỉnh có 627 trường (Niên giám thống kê 2023) nhưng OSM mới có 5 điểm. Dữ liệu © OpenStreetMap contributors, giấy phép ODbL 1.0.',
      descriptionEn:
        'Education places in (former) Bình Định province on OpenStreetMap: kindergartens, the provincial library, a driving school and a language school, with coordinates; levels normalised from the OSM tag (kindergarten → mam-non; library, language and driving schools → other). Each point’s district is found from its coordinates in the district boundaries before 1 July 2025. Very incomplete: the province has 627 schools (yearbook 2023), OSM has 5 points. Data © OpenStreetMap contributors, ODbL 1.0.',
      publisher: 'SGDDT',
      themes: ['education'],
      keywords: ['trường học', 'mầm non', 'thư viện', 'OpenStreetMap', 'schools'],
      license: 'ODbL-1.0',
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: osmSources,
    },
  },
  {
    id: 'tourism-statistics',
    file: tourism.file,
    adapter: 'tourism',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Du lịch tỉnh Bình Định: lượt khách, doanh thu và lưu trú 2018–2025',
      titleEn: 'Tourism in Bình Định: arrivals, revenue and accommodation, 2018–2025',
      description:
        'Lượt khách du lịch (tổng, quốc tế, nội địa), doanh thu du lịch, khách lưu trú, số khách sạn và phòng, khách tại các điểm du lịch dịp Tết, và các chỉ tiêu kế hoạch, theo báo chí trích số liệu của Sở Du lịch. Số liệu cả năm của mỗi chỉ tiêu là một chuỗi thời gian (lượt khách du lịch 2018, 2019, 2023, 2024); số liệu một phần năm là chỉ tiêu riêng: lũy kế từ đầu năm (3, 5, 6, 9 tháng), trong tháng, dịp lễ Tết; kế hoạch là các chỉ tiêu "kế hoạch" (cờ target). Nhiều số liệu là ước tính (cờ estimated) hoặc "hơn/gần" (cờ lower_bound/approximate). Khi hai nguồn cho cùng một kỳ, giữ số liệu công bố sau: doanh thu 2023 là 16.405 tỷ đồng (bỏ ước tính 16.400 của tháng 12/2023), doanh thu quý I/2022 là 1.312 tỷ đồng (bỏ ước tính gần 1.300 ngày 26/3/2022). Các đơn vị hành chính được đọc theo ngày 30/6/2025 để các chỉ tiêu kế hoạch năm 2025 thuộc tỉnh Bình Định (cũ).',
      descriptionEn:
        'Visitor arrivals (total, international, domestic), tourism revenue, overnight guests, hotels and rooms, visitors at tourist sites during Tết, and plan targets, as reported by the press from Department of Tourism figures. Full-year figures form one time series per indicator (visitor arrivals 2018, 2019, 2023, 2024); figures for part of a year are separate indicators: cumulative from January (3, 5, 6, 9 months), a month, a holiday; plans are "target" indicators (flag target). Many figures are estimates (flag estimated) or "more than/nearly" (flags lower_bound/approximate). Where two sources give the same period, the later figure is kept: 2023 revenue 16,405 billion VND (the December 2023 estimate of 16,400 is left out), Q1 2022 revenue 1,312 (the 26 March estimate of nearly 1,300 is left out). Units are read as of 30 June 2025 so that the 2025 targets belong to (former) Bình Định.',
      publisher: 'SVHTTDL',
      themes: ['tourism'],
      keywords: ['du lịch', 'lượt khách', 'doanh thu du lịch', 'khách quốc tế', 'lưu trú', 'tourism'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: tourism.sources,
    },
  },
  {
    id: 'tourism-attractions',
    file: 'tourism-attractions.csv',
    adapter: 'tourism',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Một số điểm tham quan du lịch tỉnh Bình Định',
      titleEn: 'Some tourist attractions of Bình Định',
      description:
        'Năm điểm tham quan được nêu trong báo cáo lượt khách dịp Tết Quý Mão 2023 (Eo Gió, Kỳ Co – Nhơn Lý, Khu du lịch Hầm Hô, Công viên động vật hoang dã FLC Quy Nhơn, Trung tâm Khám phá khoa học Quy Nhơn), với huyện và nguyên văn câu trích; lượt khách của từng điểm nằm trong bộ dữ liệu tourism-statistics. Loại hình (thắng cảnh, bãi biển …) do Kho ghi theo tên gọi và hiểu biết chung, nguồn không nêu. Không phải danh mục đầy đủ.',
      descriptionEn:
        'The five attractions named in the Tết 2023 visitor report (Eo Gió, Kỳ Co – Nhơn Lý, Hầm Hô tourist area, FLC Quy Nhơn wildlife park, Quy Nhơn Science Discovery Centre), with district and the source’s words; each site’s visitors are in tourism-statistics. The type (scenic spot, beach …) is Kho’s, from the name and common knowledge; the source does not give it. Not a full list.',
      publisher: 'SVHTTDL',
      themes: ['tourism'],
      keywords: ['điểm du lịch', 'Eo Gió', 'Kỳ Co', 'Hầm Hô', 'tourist attractions'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: [{ title: `${hostOf(attractionSource)} (2023-01-28)`, url: attractionSource }],
    },
  },
  {
    id: 'agriculture-statistics',
    file: agriculture.file,
    adapter: 'agriculture',
    meta: {
      title: 'Nông nghiệp, lâm nghiệp và thủy sản tỉnh Bình Định',
      titleEn: 'Agriculture, forestry and fisheries in Bình Định',
      description:
        'Diện tích, sản lượng và năng suất lúa (theo vụ Đông Xuân, Hè Thu), cây hằng năm và lâu năm, rau, đàn lợn, sản lượng thủy sản khai thác và nuôi trồng, cá ngừ đại dương, tàu cá, đất nông nghiệp và lâm nghiệp, tăng trưởng và tỷ trọng ngành trong GRDP, và các chỉ tiêu kế hoạch, 2016–2024, theo Cục Thống kê tỉnh, niên giám thống kê, báo chí và một luận văn (nguồn thứ cấp). Phân tổ cây trồng, vụ và vật nuôi khi nguồn nêu rõ. Diện tích lúa vụ Hè Thu 2023 và Đông Xuân 2021–2022 là số liệu tiến độ gieo sạ tại ngày báo cáo. Sản lượng lúa 2023 công bố 638,8 nghìn tấn được ghi là 638.800 tấn. "Đất lâm nghiệp" không phải độ che phủ rừng. Đã bỏ bốn số liệu không xác định được năm ("khoảng năm 2013", "khoảng năm 2018 (bình quân)", "khoảng năm 2022").',
      descriptionEn:
        'Rice area, output and yield (by Đông Xuân and Hè Thu season), annual and perennial crops, vegetables, pigs, capture and aquaculture fisheries output, ocean tuna, fishing vessels, agricultural and forestry land, the sector’s growth and share of GRDP, and plan targets, 2016–2024, from the provincial statistics office, yearbooks, the press and a thesis (secondary). Crop, season and livestock dimensions where the source names them. The Hè Thu 2023 and Đông Xuân 2021–2022 rice areas are sowing progress on the report date. The 2023 rice output published as 638.8 thousand tonnes is written as 638,800 tonnes. Forestry land is not forest cover. Four figures with no datable year ("c.2013", "c.2018 (average)", "c.2022") were left out.',
      publisher: 'SNNMT',
      themes: ['agriculture'],
      keywords: ['nông nghiệp', 'lúa', 'thủy sản', 'cá ngừ', 'chăn nuôi', 'agriculture'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: agriculture.sources,
    },
  },
  {
    id: 'digital-transformation',
    file: digital.file,
    adapter: 'digital',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Chuyển đổi số và năng lực cạnh tranh tỉnh Bình Định 2017–2025',
      titleEn: 'Digital transformation and competitiveness of Bình Định, 2017–2025',
      description:
        'Xếp hạng chỉ số sẵn sàng ứng dụng CNTT (2017), chỉ số chuyển đổi số DTI (2022), chỉ số PCI (2021, 2022), chỉ số phục vụ người dân và doanh nghiệp (quý I/2024), phủ sóng 3G/4G, cáp quang, trạm 5G và điện thoại thông minh (2024), cùng các mục tiêu đến năm 2025, theo dti.gov.vn và báo chí. Hạng là thứ hạng trên 63 tỉnh, thành (không cộng dồn). Các đơn vị hành chính được đọc theo ngày 30/6/2025 để các mục tiêu năm 2025 thuộc tỉnh Bình Định (cũ). Số liệu báo cáo Ban Chỉ đạo Chuyển đổi số ngày 3/6/2022 nằm trong bộ dữ liệu digital-infrastructure-2022.',
      descriptionEn:
        'ICT-readiness rank (2017), the DTI digital transformation index (2022), PCI (2021, 2022), the service-to-citizens-and-business index (Q1 2024), 3G/4G, fibre, 5G and smartphone coverage (2024) and the targets for 2025, from dti.gov.vn and the press. Ranks are out of 63 provinces (not additive). Units are read as of 30 June 2025 so that the 2025 targets belong to (former) Bình Định. The figures reported to the Steering Committee on 3 June 2022 are in digital-infrastructure-2022.',
      publisher: 'SKHCN',
      themes: ['digital'],
      keywords: ['chuyển đổi số', 'DTI', 'PCI', 'cáp quang', '5G', 'digital transformation'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: digital.sources,
    },
  },
  {
    id: 'population-census-2019',
    file: 'population-census-2019.csv',
    adapter: 'indicators',
    meta: {
      title: 'Dân số tỉnh Bình Định theo Tổng điều tra dân số 1/4/2019, đến cấp xã',
      titleEn: 'Population of Bình Định by commune, 2019 census',
      description:
        'Dân số, dân số thành thị và nông thôn tại thời điểm 0 giờ ngày 1/4/2019 của tỉnh, 11 huyện, thị xã, thành phố và 159 xã, phường, thị trấn, theo Tổng điều tra dân số và nhà ở năm 2019 (Tổng cục Thống kê). Tên đơn vị trong bảng gốc (có khoảng trắng đầu dòng và hậu tố "(Tổng số)") được đối chiếu với mã đơn vị hành chính đang hiệu lực ngày 1/4/2019; cột source_area giữ tên như bảng gốc. Ô trống (xã không có dân số thành thị hoặc nông thôn) không được ghi.',
      descriptionEn:
        'Population, urban and rural population at 0:00 on 1 April 2019 for the province, its 11 districts and 159 communes, from the 2019 Population and Housing Census (GSO). The published names (with leading spaces and "(Tổng số)" suffixes) are resolved to the GSO codes in force on 1 April 2019; source_area keeps the name as published. Empty cells (communes with no urban or no rural population) are not written.',
      publisher: 'CTK',
      themes: ['population'],
      keywords: ['dân số', 'tổng điều tra 2019', 'thành thị', 'nông thôn', 'census'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: [{ title: 'GSO 2019 census by commune, via hgscarlette/vn-demographic', url: CENSUS_URL }],
    },
  },
  {
    id: 'population-economy',
    file: population.file,
    adapter: 'indicators',
    meta: {
      title: 'Dân số, lao động và kinh tế tỉnh Bình Định 2017–2024',
      titleEn: 'Population, labour and economy of Bình Định, 2017–2024',
      description:
        'Dân số trung bình (theo giới tính và thành thị/nông thôn năm 2023), mật độ dân số tỉnh và một số huyện, lực lượng lao động, diện tích tự nhiên, số đơn vị hành chính, GRDP, tăng trưởng GRDP, thu nhập bình quân và tỷ lệ hộ nghèo, theo Niên giám thống kê, Cục Thống kê tỉnh, cổng thông tin tỉnh và báo chí. Số liệu 2023 của Niên giám là sơ bộ (cờ provisional). Dân số trung bình 2017 (1.529.020) thuộc chuỗi cũ trước khi hiệu chỉnh theo Tổng điều tra 2019: chỉ tiêu riêng. GRDP 2020 ("gần 50 nghìn tỷ đồng") và 2023 không nêu giá so sánh hay giá hiện hành. Đã bỏ: số liệu trùng năm 2019 của cổng thông tin tỉnh (giữ số của Niên giám), dân số 4 huyện theo citypopulation.de (nguồn thứ cấp, khác bảng của Tổng cục Thống kê; xem population-census-2019), và 22 số liệu diện tích, dân số làm tròn không rõ năm (bảng đăng ngày 22/10/2016).',
      descriptionEn:
        'Average population (by sex and urban/rural for 2023), population density of the province and some districts, labour force, natural area, administrative units, GRDP, GRDP growth, average income and the poverty rate, from the statistical yearbook, the provincial statistics office, the provincial portal and the press. The yearbook’s 2023 figures are preliminary (flag provisional). The 2017 average population (1,529,020) belongs to the series before the 2019 census revision: a separate indicator. The 2020 (“nearly 50 trillion VND”) and 2023 GRDP figures do not say their price basis. Left out: the provincial portal’s duplicate 2019 figure (the yearbook’s is kept), four district populations from citypopulation.de (secondary, differing from the GSO table; see population-census-2019) and 22 rounded area and population figures with no reference year (a table published on 22 October 2016).',
      publisher: 'CTK',
      themes: ['population'],
      keywords: ['dân số', 'lao động', 'GRDP', 'thu nhập', 'hộ nghèo', 'population'],
      updateFrequency: 'annual',
      spatialCode: SPATIAL,
      sources: population.sources,
    },
  },
  {
    id: 'industrial-zones',
    file: 'industrial-zones.csv',
    adapter: 'records',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Khu kinh tế, khu công nghiệp và cụm công nghiệp tỉnh Bình Định',
      titleEn: 'Economic zone, industrial zones and clusters of Bình Định',
      description:
        'Danh mục Khu kinh tế Nhơn Hội, các khu công nghiệp, khu công nghiệp – đô thị và 20 cụm công nghiệp đang kêu gọi đầu tư, với tình trạng, huyện, diện tích (khi nguồn nêu) và nguồn. Cột area_flag ghi "hơn" (lower_bound) và "khoảng" (approximate); area_basis cho biết diện tích là gì (quy hoạch năm 2010, quy hoạch phân khu, dự kiến …). Một số nguồn là bản sao trên diễn đàn (f247.com) hoặc trang tổng hợp (cimigo.vn, binhdinhland.com.vn) và không ghi ngày: cần đối chiếu với Ban Quản lý Khu kinh tế và Sở Công Thương. Khu công nghiệp không nêu địa bàn được gắn với cấp tỉnh.',
      descriptionEn:
        'The Nhơn Hội economic zone, industrial zones, industrial-urban zones and 20 industrial clusters seeking investors, with status, district, area (where the source gives one) and source. area_flag marks "more than" (lower_bound) and "about" (approximate); area_basis says what the area is (2010 planning list, zoning plan, projected …). Some sources are forum copies (f247.com) or compilations (cimigo.vn, binhdinhland.com.vn) without a date: check with the Economic Zone Authority and the Department of Industry and Trade. Zones whose district the source does not give are attached to the province.',
      publisher: 'SCT',
      themes: ['industry-trade', 'investment'],
      keywords: ['khu công nghiệp', 'cụm công nghiệp', 'khu kinh tế', 'Nhơn Hội', 'industrial zones'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: sourcesOf(
        zoneRows.flatMap((r) => [
          { source: r.source, source_date: r.source_date },
          ...(r.note_source ? [{ source: r.note_source }] : []),
        ]),
      ),
    },
  },
  {
    id: 'industrial-zones-planning',
    file: 'industrial-zones-planning.csv',
    adapter: 'indicators',
    mapping: { areaDate: '2025-06-30' },
    meta: {
      title: 'Quy hoạch khu công nghiệp, cụm công nghiệp tỉnh Bình Định đến 2020 và 2030',
      titleEn: 'Industrial park and cluster planning of Bình Định to 2020 and 2030',
      description:
        'Số lượng và diện tích khu công nghiệp, cụm công nghiệp theo quy hoạch đến năm 2030 (công bố 3/2024) và theo quy hoạch năm 2010 đến năm 2020. Tất cả là chỉ tiêu kế hoạch (cờ target); "khoảng" được giữ trong câu trích. Các số liệu tổng hợp về KCN, CCN đang hoạt động (7 KCN, 44 CCN …) không ghi ngày nên không được đưa vào. Đơn vị hành chính được đọc theo ngày 30/6/2025: quy hoạch của tỉnh Bình Định (cũ).',
      descriptionEn:
        'Number and area of industrial parks and clusters planned to 2030 (announced March 2024) and in the 2010 plan to 2020. All are targets (flag target); "about" stays in the quote. The aggregates on operating zones and clusters (7 parks, 44 clusters …) have no date and are left out. Units are read as of 30 June 2025: plans of (former) Bình Định.',
      publisher: 'SCT',
      themes: ['industry-trade', 'investment'],
      keywords: ['quy hoạch', 'khu công nghiệp', 'cụm công nghiệp', 'industrial parks'],
      updateFrequency: 'irregular',
      spatialCode: SPATIAL,
      sources: sourcesOf(planningRows),
    },
  },
];
writeFile(join(OUT, 'datasets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
log.push(`datasets.json: ${manifest.length} datasets`);
console.log(`wrote to ${OUT}:\n${log.map((l) => `  ${l}`).join('\n')}`);
