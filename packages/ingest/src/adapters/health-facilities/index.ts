import { foldForSearch } from '../../normalise/text';
import type { Synonyms } from '../columns';
import type { RecordDraft } from '../types';
import {
  COMMON_FIELD_SYNONYMS,
  COMMON_FIELDS,
  cellText,
  type Field,
  hasPhrase,
  registryAdapter,
} from './registry';

/** Canonical kinds of health facility. */
export const HEALTH_FACILITY_TYPES = [
  'hospital',
  'health-station',
  'clinic',
  'medical-centre',
  'pharmacy',
  'other',
] as const;
export type HealthFacilityType = (typeof HEALTH_FACILITY_TYPES)[number];

/** Folded phrases → type; the first that the text contains (as whole words) wins. */
const TYPE_PHRASES: [string, HealthFacilityType][] = [
  // Commune health stations before "y tế" centres: "Trạm y tế xã" is a station.
  ['tram y te', 'health-station'],
  ['tyt', 'health-station'],
  ['health station', 'health-station'],
  ['commune health station', 'health-station'],
  ['trung tam y te', 'medical-centre'],
  ['ttyt', 'medical-centre'],
  ['y te du phong', 'medical-centre'],
  ['kiem soat benh tat', 'medical-centre'],
  ['medical centre', 'medical-centre'],
  ['medical center', 'medical-centre'],
  ['health centre', 'medical-centre'],
  ['health center', 'medical-centre'],
  ['benh vien', 'hospital'],
  ['bv', 'hospital'],
  ['hospital', 'hospital'],
  ['phong kham', 'clinic'],
  ['phong mach', 'clinic'],
  ['nha khoa', 'clinic'],
  ['tiem chung', 'clinic'],
  ['clinic', 'clinic'],
  ['polyclinic', 'clinic'],
  ['doctors', 'clinic'],
  ['doctor', 'clinic'],
  ['dentist', 'clinic'],
  ['dental', 'clinic'],
  ['nha thuoc', 'pharmacy'],
  ['quay thuoc', 'pharmacy'],
  ['hieu thuoc', 'pharmacy'],
  ['tu thuoc', 'pharmacy'],
  ['pharmacy', 'pharmacy'],
  ['chemist', 'pharmacy'],
  ['drugstore', 'pharmacy'],
];

/** Texts that say "other" on purpose, and OpenStreetMap healthcare tags with no sector type. */
const OTHER = new Set([
  'khac',
  'co so khac',
  'other',
  'others',
  'alternative',
  'laboratory',
  'xet nghiem',
  'physiotherapist',
  'rehabilitation',
  'optometrist',
  'blood donation',
  'blood bank',
  'healthcare',
  'counselling',
  'psychotherapist',
]);

const typeOf = (text: string): HealthFacilityType | null => {
  const f = foldForSearch(text);
  if (!f) return null;
  if (OTHER.has(f)) return 'other';
  return TYPE_PHRASES.find(([p]) => hasPhrase(f, p))?.[1] ?? null;
};

/**
 * OpenStreetMap tags that mappers use loosely for any medical building: the name says more
 * ("Trạm y tế xã Vĩnh Sơn" is often tagged hospital). Specific tags (pharmacy, dentist) stand.
 */
const LOOSE_TAGS = new Set(['hospital', 'clinic', 'doctors', 'healthcare', 'centre', 'center']);

/**
 * The canonical type of a facility from its type text and its name. A department's own
 * category ("Bệnh viện", "Trạm y tế") is taken as written; an OpenStreetMap tag yields to the
 * name ("Trạm y tế xã Vĩnh Sơn" tagged hospital is a health station). With no type, the name
 * decides, else "other". An unrecognised type is returned as null: the row is reported.
 */
export function canonicalHealthFacilityType(type: string, name: string): HealthFacilityType | null {
  const t = type.trim();
  if (!t) return typeOf(name) ?? 'other';
  const fromType = typeOf(t);
  if (LOOSE_TAGS.has(t.toLowerCase())) return typeOf(name) ?? fromType;
  return fromType;
}

const FIELDS: Field[] = [
  COMMON_FIELDS.sourceId,
  { ...COMMON_FIELDS.name, title: 'Tên cơ sở / facility name' },
  COMMON_FIELDS.nameEn,
  {
    name: 'type',
    type: 'string',
    title: 'Loại hình / type',
    description:
      'hospital (bệnh viện), health-station (trạm y tế xã), clinic (phòng khám, nha khoa), medical-centre (trung tâm y tế), pharmacy (nhà thuốc), other',
    constraints: { enum: [...HEALTH_FACILITY_TYPES] },
  },
  { name: 'type_detail', type: 'string', title: 'Loại hình như nguồn ghi / type as written' },
  COMMON_FIELDS.address,
  COMMON_FIELDS.area,
  {
    name: 'beds',
    type: 'integer',
    title: 'Số giường bệnh / beds',
    unit: 'giường',
    constraints: { minimum: 0 },
  },
  COMMON_FIELDS.lat,
  COMMON_FIELDS.lon,
  COMMON_FIELDS.phone,
  { name: 'operator', type: 'string', title: 'Cơ quan chủ quản / operator' },
  COMMON_FIELDS.source,
  COMMON_FIELDS.note,
];

const SYNONYMS: Synonyms = {
  ...COMMON_FIELD_SYNONYMS,
  name: [
    ...COMMON_FIELD_SYNONYMS.name!,
    'ten benh vien',
    'ten co so y te',
    'ten co so kham chua benh',
    'facility',
  ],
  type: [
    'loai hinh',
    'loai hinh co so',
    'loai co so',
    'loai',
    'phan loai',
    'type',
    'facility type',
    'kind',
    'subcategory',
    'amenity',
    'healthcare',
  ],
  type_detail: ['loai hinh chi tiet', 'chi tiet loai hinh', 'type detail', 'type_detail'],
  beds: [
    'so giuong',
    'so giuong benh',
    'giuong benh',
    'giuong',
    'quy mo giuong benh',
    'so giuong ke hoach',
    'beds',
    'bed count',
    'number of beds',
  ],
  operator: ['co quan chu quan', 'don vi chu quan', 'chu quan', 'operator', 'owner'],
};

function normalise(fields: RecordDraft['fields']) {
  const raw = cellText(fields.type);
  if (raw && !cellText(fields.type_detail)) fields.type_detail = raw;
  fields.type = canonicalHealthFacilityType(raw, cellText(fields.name)) ?? raw;
}

/** Hospitals, commune health stations, clinics, medical centres and pharmacies. */
export const healthFacilitiesAdapter = registryAdapter({
  name: 'health-facilities',
  description:
    'Registry of health facilities (bệnh viện, trạm y tế, phòng khám, trung tâm y tế, nhà thuốc): name, type, address, area, beds, lat/lon; OpenStreetMap exports too',
  defaults: {
    title: 'Danh mục cơ sở y tế',
    titleEn: 'Health facilities',
    publisher: 'SYT',
    themes: ['health'],
    keywords: ['y tế', 'bệnh viện', 'trạm y tế', 'health facilities'],
  },
  fields: FIELDS,
  synonyms: SYNONYMS,
  normalise,
  osmTag: { field: 'type', columns: ['subcategory', 'amenity', 'healthcare'] },
});
