import { foldForSearch } from '../../normalise/text';
import type { Synonyms } from '../columns';
import {
  COMMON_FIELD_SYNONYMS,
  COMMON_FIELDS,
  cellText,
  type Field,
  hasPhrase,
  registryAdapter,
} from '../health-facilities/registry';
import type { RecordDraft } from '../types';

/**
 * Canonical school levels: the four levels of the Vietnamese system, schools teaching more
 * than one of them (liên cấp), vocational colleges (giáo dục nghề nghiệp: cao đẳng, trung cấp),
 * universities, and everything else (libraries, language and driving schools, continuing
 * education centres).
 */
export const SCHOOL_LEVELS = [
  'mam-non',
  'tieu-hoc',
  'thcs',
  'thpt',
  'lien-cap',
  'nghe-nghiep',
  'dai-hoc',
  'other',
] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

type BasicLevel = 'mam-non' | 'tieu-hoc' | 'thcs' | 'thpt';
/** Folded phrases naming each of the four general levels. */
const LEVEL_PHRASES: [BasicLevel, string[]][] = [
  [
    'mam-non',
    [
      'mam non',
      'mau giao',
      'nha tre',
      'mn',
      'kindergarten',
      'preschool',
      'pre school',
      'nursery',
      'childcare',
    ],
  ],
  [
    'tieu-hoc',
    ['tieu hoc', 'th', 'cap 1', 'cap i', 'primary', 'primary school', 'elementary', 'elementary school'],
  ],
  [
    'thcs',
    [
      'trung hoc co so',
      'thcs',
      'cap 2',
      'cap ii',
      'lower secondary',
      'lower secondary school',
      'junior high',
      'junior high school',
      'middle school',
    ],
  ],
  [
    'thpt',
    [
      'trung hoc pho thong',
      'thpt',
      'cap 3',
      'cap iii',
      'upper secondary',
      'upper secondary school',
      'high school',
      'senior high',
      'senior high school',
    ],
  ],
];
const LIEN_CAP = ['lien cap', 'nhieu cap hoc', 'pho thong nhieu cap', 'combined school', 'escalator', 'k 12'];
const OTHER_LEVELS: [string[], SchoolLevel][] = [
  [['dai hoc', 'hoc vien', 'university'], 'dai-hoc'],
  [['cao dang', 'trung cap', 'giao duc nghe nghiep', 'day nghe', 'college', 'vocational'], 'nghe-nghiep'],
  [
    [
      'khac',
      'other',
      'library',
      'thu vien',
      'language school',
      'language_school',
      'ngoai ngu',
      'driving school',
      'driving_school',
      'dao tao lai xe',
      'music school',
      'music_school',
      'giao duc thuong xuyen',
      'gdtx',
      'trung tam',
      'training',
      'prep school',
    ],
    'other',
  ],
];
/** Words that say "a school" without a level (OpenStreetMap's `school` tag). */
const GENERIC = new Set(['school', 'schools', 'truong', 'truong hoc', 'co so giao duc', 'education']);

function levelOf(text: string): SchoolLevel | null {
  // Underscores of OpenStreetMap tags ("language_school") fold to spaces.
  const f = foldForSearch(text.replace(/&/g, ' và '));
  if (!f || GENERIC.has(f)) return null;
  if (LIEN_CAP.some((p) => hasPhrase(f, p))) return 'lien-cap';
  const levels = LEVEL_PHRASES.filter(([, phrases]) => phrases.some((p) => hasPhrase(f, p))).map(([l]) => l);
  if (levels.length > 1) return 'lien-cap';
  if (levels.length === 1) return levels[0]!;
  return OTHER_LEVELS.find(([phrases]) => phrases.some((p) => hasPhrase(f, p)))?.[1] ?? null;
}

/**
 * The canonical level of a school from its level text and its name: "THCS", "trung học cơ sở"
 * and "lower secondary" are thcs; "TH&THCS" and "THCS và THPT" are liên cấp. A level text that
 * only says "school" (OpenStreetMap's tag) yields to the name ("Trường THCS Nhơn Bình"). With no
 * level the name decides, else "other". An unrecognised level is null: the row is reported.
 */
export function canonicalSchoolLevel(level: string, name: string): SchoolLevel | null {
  const t = level.trim();
  if (!t || GENERIC.has(foldForSearch(t))) return levelOf(name) ?? 'other';
  return levelOf(t);
}

const count = (name: string, title: string, unit: string): Field => ({
  name,
  type: 'integer',
  title,
  unit,
  constraints: { minimum: 0 },
});

const FIELDS: Field[] = [
  COMMON_FIELDS.sourceId,
  { ...COMMON_FIELDS.name, title: 'Tên trường / school name' },
  COMMON_FIELDS.nameEn,
  {
    name: 'level',
    type: 'string',
    title: 'Cấp học / level',
    description:
      'mam-non (mầm non), tieu-hoc (tiểu học), thcs (trung học cơ sở), thpt (trung học phổ thông), lien-cap (nhiều cấp học), nghe-nghiep (cao đẳng, trung cấp), dai-hoc (đại học), other (thư viện, ngoại ngữ, lái xe …)',
    constraints: { enum: [...SCHOOL_LEVELS] },
  },
  { name: 'level_detail', type: 'string', title: 'Cấp học / loại hình như nguồn ghi / level as written' },
  COMMON_FIELDS.address,
  COMMON_FIELDS.area,
  count('pupils', 'Số học sinh / pupils', 'học sinh'),
  count('teachers', 'Số giáo viên / teachers', 'người'),
  COMMON_FIELDS.lat,
  COMMON_FIELDS.lon,
  COMMON_FIELDS.phone,
  COMMON_FIELDS.source,
  COMMON_FIELDS.note,
];

const SYNONYMS: Synonyms = {
  ...COMMON_FIELD_SYNONYMS,
  source_id: [...COMMON_FIELD_SYNONYMS.source_id!, 'ma truong', 'school code', 'school id'],
  name: [...COMMON_FIELD_SYNONYMS.name!, 'ten truong', 'truong', 'school', 'school name'],
  level: [
    'cap hoc',
    'bac hoc',
    'cap',
    'loai truong',
    'level',
    'school level',
    'school_level',
    'type',
    'subcategory',
    'amenity',
  ],
  level_detail: ['cap hoc chi tiet', 'level detail', 'level_detail'],
  pupils: [
    'so hoc sinh',
    'hoc sinh',
    'so hs',
    'tong so hoc sinh',
    'so tre',
    'so tre em',
    'pupils',
    'students',
    'number of pupils',
    'number of students',
    'enrolment',
    'enrollment',
  ],
  teachers: ['so giao vien', 'giao vien', 'so gv', 'tong so giao vien', 'teachers', 'number of teachers'],
};

function normalise(fields: RecordDraft['fields']) {
  const raw = cellText(fields.level);
  if (raw && !cellText(fields.level_detail)) fields.level_detail = raw;
  fields.level = canonicalSchoolLevel(raw, cellText(fields.name)) ?? raw;
}

/** Kindergartens, primary, lower and upper secondary schools and other education places. */
export const schoolsAdapter = registryAdapter({
  name: 'schools',
  description:
    'Registry of schools (mầm non, tiểu học, THCS, THPT, liên cấp …): name, level, area, pupils, teachers, address, lat/lon; OpenStreetMap exports too',
  defaults: {
    title: 'Danh mục trường học',
    titleEn: 'Schools',
    publisher: 'SGDDT',
    themes: ['education'],
    keywords: ['giáo dục', 'trường học', 'schools'],
  },
  fields: FIELDS,
  synonyms: SYNONYMS,
  normalise,
  osmTag: { field: 'level', columns: ['subcategory', 'amenity'] },
});
