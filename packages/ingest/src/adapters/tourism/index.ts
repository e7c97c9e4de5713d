import { parsePeriod } from '../../normalise/period';
import { foldForSearch } from '../../normalise/text';
import { COMMON_SYNONYMS, type Synonyms } from '../columns';
import {
  COMMON_FIELD_SYNONYMS,
  COMMON_FIELDS,
  cellText,
  type Field,
  hasPhrase,
  registryAdapter,
} from '../health-facilities/registry';
import { indicatorTableAdapter } from '../indicators/index';
import type { Adapter, Plan, PlanContext, RecordDraft } from '../types';

export const ACCOMMODATION_TYPES = [
  'hotel',
  'resort',
  'homestay',
  'guesthouse',
  'hostel',
  'apartment',
  'villa',
  'camping',
] as const;
export const ATTRACTION_TYPES = [
  'beach',
  'island',
  'natural-site',
  'historic-site',
  'religious-site',
  'museum',
  'park',
  'entertainment',
  'tourist-area',
] as const;
export const TOURISM_TYPES = [...ACCOMMODATION_TYPES, ...ATTRACTION_TYPES, 'other'] as const;
export type TourismType = (typeof TOURISM_TYPES)[number];
export const TOURISM_CATEGORIES = ['accommodation', 'attraction', 'other'] as const;
export type TourismCategory = (typeof TOURISM_CATEGORIES)[number];

/** Folded phrases → type, first match wins (specific before general: "công viên nước" before "công viên"). */
const TYPE_PHRASES: [string, TourismType][] = [
  ['khach san', 'hotel'],
  ['ks', 'hotel'],
  ['hotel', 'hotel'],
  ['khu nghi duong', 'resort'],
  ['nghi duong', 'resort'],
  ['resort', 'resort'],
  ['homestay', 'homestay'],
  ['home stay', 'homestay'],
  ['nha nghi', 'guesthouse'],
  ['nha khach', 'guesthouse'],
  ['guest house', 'guesthouse'],
  ['guesthouse', 'guesthouse'],
  ['motel', 'guesthouse'],
  ['hostel', 'hostel'],
  ['can ho', 'apartment'],
  ['condotel', 'apartment'],
  ['apartment', 'apartment'],
  ['apartments', 'apartment'],
  ['biet thu', 'villa'],
  ['villa', 'villa'],
  ['chalet', 'villa'],
  ['cam trai', 'camping'],
  ['camp site', 'camping'],
  ['camping', 'camping'],
  ['glamping', 'camping'],
  ['bai bien', 'beach'],
  ['bai tam', 'beach'],
  ['beach', 'beach'],
  ['cu lao', 'island'],
  ['dao', 'island'],
  ['hon', 'island'],
  ['island', 'island'],
  ['khu vui choi', 'entertainment'],
  ['vui choi giai tri', 'entertainment'],
  ['cong vien nuoc', 'entertainment'],
  ['theme park', 'entertainment'],
  ['water park', 'entertainment'],
  ['entertainment', 'entertainment'],
  ['bao tang', 'museum'],
  ['nha trung bay', 'museum'],
  ['kham pha khoa hoc', 'museum'],
  ['museum', 'museum'],
  ['gallery', 'museum'],
  ['science centre', 'museum'],
  ['science center', 'museum'],
  ['cong vien', 'park'],
  ['vuon thu', 'park'],
  ['vuon quoc gia', 'park'],
  ['khu bao ton', 'park'],
  ['zoo', 'park'],
  ['park', 'park'],
  ['di tich', 'historic-site'],
  ['thap', 'historic-site'],
  ['thanh co', 'historic-site'],
  ['historic', 'historic-site'],
  ['monument', 'historic-site'],
  ['memorial', 'historic-site'],
  ['ruins', 'historic-site'],
  ['chua', 'religious-site'],
  ['den', 'religious-site'],
  ['mieu', 'religious-site'],
  ['nha tho', 'religious-site'],
  ['thien vien', 'religious-site'],
  ['tu vien', 'religious-site'],
  ['pagoda', 'religious-site'],
  ['temple', 'religious-site'],
  ['church', 'religious-site'],
  ['place of worship', 'religious-site'],
  ['thang canh', 'natural-site'],
  ['danh lam', 'natural-site'],
  ['canh quan', 'natural-site'],
  ['ghenh', 'natural-site'],
  ['eo', 'natural-site'],
  ['thac', 'natural-site'],
  ['suoi', 'natural-site'],
  ['viewpoint', 'natural-site'],
  ['waterfall', 'natural-site'],
  ['khu du lich', 'tourist-area'],
  ['diem du lich', 'tourist-area'],
  ['khu sinh thai', 'tourist-area'],
  ['du lich sinh thai', 'tourist-area'],
  ['tourist area', 'tourist-area'],
  ['attraction', 'tourist-area'],
];
const OTHER = new Set(['khac', 'other', 'others', 'information']);
/** OpenStreetMap tags that say little: the name is more specific. */
const LOOSE_TAGS = new Set(['attraction', 'yes', 'tourism']);

const typeOf = (text: string): TourismType | null => {
  const f = foldForSearch(text);
  if (!f) return null;
  if (OTHER.has(f)) return 'other';
  return TYPE_PHRASES.find(([p]) => hasPhrase(f, p))?.[1] ?? null;
};

/**
 * The canonical type of an accommodation or attraction from its type text and name:
 * "Khách sạn" → hotel, "Nhà nghỉ" → guesthouse, "Di tích" → historic-site, OpenStreetMap's
 * guest_house → guesthouse. An unrecognised type is null: the row is reported.
 */
export function canonicalTourismType(type: string, name: string): TourismType | null {
  const t = type.trim();
  if (!t) return typeOf(name) ?? 'other';
  if (LOOSE_TAGS.has(t.toLowerCase())) return typeOf(name) ?? typeOf(t);
  return typeOf(t);
}

const CATEGORY_PHRASES: [string, TourismCategory][] = [
  ['luu tru', 'accommodation'],
  ['co so luu tru', 'accommodation'],
  ['accommodation', 'accommodation'],
  ['lodging', 'accommodation'],
  ['tham quan', 'attraction'],
  ['diem tham quan', 'attraction'],
  ['diem du lich', 'attraction'],
  ['diem den', 'attraction'],
  ['attraction', 'attraction'],
  ['attractions', 'attraction'],
  ['khac', 'other'],
  ['other', 'other'],
];

/** accommodation / attraction from the category text, else from the type. */
export function tourismCategory(category: string, type: string): TourismCategory | null {
  const f = foldForSearch(category);
  if (f) return CATEGORY_PHRASES.find(([p]) => hasPhrase(f, p))?.[1] ?? null;
  if ((ACCOMMODATION_TYPES as readonly string[]).includes(type)) return 'accommodation';
  if ((ATTRACTION_TYPES as readonly string[]).includes(type)) return 'attraction';
  return 'other';
}

/** "3 sao", "3*", "★★★" → "3"; "chưa xếp hạng" → null; anything else is left for the integer check. */
export function starsOf(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  if (/^★+$/.test(t)) return String(t.length);
  const f = foldForSearch(t);
  if (['chua xep hang', 'khong xep hang', 'khong', 'none', 'unrated', 'not rated'].includes(f)) return null;
  if (/^[-+]/.test(t)) return t;
  const m = /^(\d)(?: (?:sao|stars?|star hotel))?$/.exec(f);
  return m ? m[1]! : t;
}

const FIELDS: Field[] = [
  COMMON_FIELDS.sourceId,
  COMMON_FIELDS.name,
  COMMON_FIELDS.nameEn,
  {
    name: 'category',
    type: 'string',
    title: 'Nhóm / category',
    description: 'accommodation (cơ sở lưu trú), attraction (điểm tham quan, du lịch), other',
    constraints: { enum: [...TOURISM_CATEGORIES] },
  },
  {
    name: 'type',
    type: 'string',
    title: 'Loại hình / type',
    description: `Accommodation: ${ACCOMMODATION_TYPES.join(', ')}. Attractions: ${ATTRACTION_TYPES.join(', ')}. Else other.`,
    constraints: { enum: [...TOURISM_TYPES] },
  },
  { name: 'type_detail', type: 'string', title: 'Loại hình như nguồn ghi / type as written' },
  {
    name: 'stars',
    type: 'integer',
    title: 'Hạng sao / star rating',
    constraints: { minimum: 0, maximum: 5 },
  },
  { name: 'rooms', type: 'integer', title: 'Số phòng / rooms', unit: 'phòng', constraints: { minimum: 0 } },
  COMMON_FIELDS.address,
  COMMON_FIELDS.area,
  COMMON_FIELDS.lat,
  COMMON_FIELDS.lon,
  COMMON_FIELDS.phone,
  COMMON_FIELDS.source,
  COMMON_FIELDS.note,
];

const REGISTRY_SYNONYMS: Synonyms = {
  ...COMMON_FIELD_SYNONYMS,
  name: [
    ...COMMON_FIELD_SYNONYMS.name!,
    'ten co so luu tru',
    'ten khach san',
    'ten diem du lich',
    'ten diem tham quan',
    'ten khu diem du lich',
    'hotel name',
    'hotel',
    'attraction name',
  ],
  category: ['nhom', 'nhom co so', 'phan nhom', 'category', 'tourism category'],
  type: [
    'loai hinh',
    'loai hinh co so',
    'loai hinh luu tru',
    'loai',
    'loai co so',
    'type',
    'kind',
    'subcategory',
    'tourism',
  ],
  type_detail: ['loai hinh chi tiet', 'type detail', 'type_detail'],
  stars: ['hang sao', 'so sao', 'xep hang', 'xep hang sao', 'hang', 'stars', 'star rating', 'rating'],
  rooms: ['so phong', 'so buong', 'tong so phong', 'so phong nghi', 'rooms', 'number of rooms', 'room count'],
};

function normalise(fields: RecordDraft['fields']) {
  const raw = cellText(fields.type);
  if (raw && !cellText(fields.type_detail)) fields.type_detail = raw;
  const type = canonicalTourismType(raw, cellText(fields.name));
  fields.type = type ?? raw;
  const category = cellText(fields.category);
  fields.category = tourismCategory(category, type ?? '') ?? category;
  if (fields.stars !== null && typeof fields.stars === 'string') fields.stars = starsOf(fields.stars);
}

const DEFAULTS: Adapter['defaults'] = {
  title: 'Du lịch',
  titleEn: 'Tourism',
  publisher: 'SVHTTDL',
  themes: ['tourism'],
  keywords: ['du lịch', 'lượt khách', 'lưu trú', 'tourism'],
};

/** A registry of accommodation and attractions. */
export const tourismRegistry = registryAdapter({
  name: 'tourism',
  description: 'Tourism registry: accommodation and attractions',
  defaults: DEFAULTS,
  fields: FIELDS,
  synonyms: REGISTRY_SYNONYMS,
  normalise,
  osmTag: { field: 'type', columns: ['subcategory', 'tourism'] },
});

const additive = (code: string, nameEn: string, unit: string) => ({ code, nameEn, unit, additive: true });
const ratio = (code: string, nameEn: string, unit: string) => ({ code, nameEn, unit, additive: false });
const names = <T>(list: string[], value: T): Record<string, T> =>
  Object.fromEntries(list.map((n) => [foldForSearch(n), value]));

/** Common tourism indicators by their usual names (folded), with stable codes. */
export const TOURISM_INDICATORS = {
  ...names(
    [
      'lượt khách du lịch',
      'tổng lượt khách',
      'tổng lượt khách du lịch',
      'khách du lịch',
      'lượt khách',
      'tổng số lượt khách',
      'lượt khách đến',
      'visitor arrivals',
      'tourist arrivals',
      'total visitors',
      'visitors',
    ],
    additive('tourism.visitor-arrivals', 'visitor arrivals', 'lượt khách'),
  ),
  ...names(
    [
      'khách quốc tế',
      'lượt khách quốc tế',
      'khách du lịch quốc tế',
      'lượt khách du lịch quốc tế',
      'international arrivals',
      'international visitor arrivals',
      'international visitors',
    ],
    additive('tourism.international-arrivals', 'international visitor arrivals', 'lượt khách'),
  ),
  ...names(
    [
      'khách nội địa',
      'lượt khách nội địa',
      'khách du lịch nội địa',
      'lượt khách du lịch nội địa',
      'domestic visitors',
      'domestic arrivals',
      'domestic visitor arrivals',
    ],
    additive('tourism.domestic-arrivals', 'domestic visitor arrivals', 'lượt khách'),
  ),
  ...names(
    [
      'doanh thu du lịch',
      'tổng doanh thu du lịch',
      'tổng thu từ khách du lịch',
      'thu từ khách du lịch',
      'tourism revenue',
      'tourism receipts',
    ],
    additive('tourism.revenue', 'tourism revenue', 'tỷ đồng'),
  ),
  ...names(
    [
      'khách lưu trú',
      'lượt khách lưu trú',
      'khách lưu trú qua đêm',
      'lượt khách lưu trú qua đêm',
      'overnight guests',
      'overnight visitors',
    ],
    additive('tourism.overnight-guests', 'overnight guests at accommodation', 'lượt khách'),
  ),
  ...names(
    ['khách tham quan trong ngày', 'lượt khách tham quan trong ngày', 'day visitors', 'same-day visitors'],
    additive('tourism.day-visitors', 'day visitors', 'lượt khách'),
  ),
  ...names(
    ['ngày khách', 'số ngày khách', 'ngày khách lưu trú', 'guest nights'],
    additive('tourism.guest-nights', 'guest nights', 'ngày khách'),
  ),
  ...names(
    ['cơ sở lưu trú', 'số cơ sở lưu trú', 'cơ sở lưu trú du lịch', 'accommodation establishments'],
    additive('tourism.accommodation-establishments', 'accommodation establishments', 'cơ sở'),
  ),
  ...names(
    [
      'số phòng lưu trú',
      'phòng lưu trú',
      'số buồng lưu trú',
      'số phòng',
      'số buồng',
      'accommodation rooms',
      'rooms',
    ],
    additive('tourism.accommodation-rooms', 'accommodation rooms', 'phòng'),
  ),
  ...names(['số khách sạn', 'khách sạn', 'hotels'], additive('tourism.hotels', 'hotels', 'khách sạn')),
  ...names(
    ['số phòng khách sạn', 'phòng khách sạn', 'hotel rooms'],
    additive('tourism.hotel-rooms', 'hotel rooms', 'phòng'),
  ),
  ...names(
    ['công suất phòng', 'công suất sử dụng phòng', 'occupancy rate', 'room occupancy'],
    ratio('tourism.room-occupancy', 'room occupancy rate', '%'),
  ),
  ...names(
    ['tỷ trọng du lịch trong GRDP', 'đóng góp của du lịch vào GRDP', 'tourism share of GRDP'],
    ratio('tourism.grdp-share', 'tourism contribution to GRDP', '%'),
  ),
};

export const tourismIndicators = indicatorTableAdapter({
  name: 'tourism',
  description: 'Tourism indicators',
  defaults: DEFAULTS,
  synonyms: {
    indicator: ['chi tieu du lich'],
  },
  dimensions: {
    site: ['diem du lich', 'khu diem du lich', 'dia diem', 'site', 'attraction'],
    market: ['thi truong', 'thi truong khach', 'quoc tich', 'market', 'source market', 'nationality'],
  },
  knownIndicators: TOURISM_INDICATORS,
});

const fold = (list: string[] | undefined) => new Set((list ?? []).map(foldForSearch));
const VALUE_HEADERS = fold(COMMON_SYNONYMS.value);
const INDICATOR_HEADERS = fold([
  ...(COMMON_SYNONYMS.indicator ?? []),
  ...(COMMON_SYNONYMS.indicatorCode ?? []),
  'chi tieu du lich',
]);
const REGISTRY_HEADERS = fold([
  ...REGISTRY_SYNONYMS.name!,
  ...REGISTRY_SYNONYMS.address!,
  ...REGISTRY_SYNONYMS.stars!,
  ...REGISTRY_SYNONYMS.category!,
]);
const INDICATOR_ROLES = new Set(['indicator', 'indicatorCode', 'value', 'period', 'unit']);

/**
 * Which kind of tourism file this is, from its header: a value column, a column per period or
 * an indicator column makes an indicator table; names, addresses, star ratings make a registry.
 */
export function tourismFileKind(ctx: PlanContext): 'indicators' | 'registry' {
  if (ctx.tableSchema) return 'registry';
  const mapping = ctx.mapping ?? {};
  if (mapping.wide) return 'indicators';
  const roles = Object.values(mapping.columns ?? {});
  if (roles.some((r) => INDICATOR_ROLES.has(r) || r.startsWith('dimension:'))) return 'indicators';
  if (roles.some((r) => FIELDS.some((f) => f.name === r))) return 'registry';
  const folded = ctx.headers.map(foldForSearch);
  if (folded.some((f) => VALUE_HEADERS.has(f) || INDICATOR_HEADERS.has(f))) return 'indicators';
  if (ctx.headers.some((h) => parsePeriod(h) !== null)) return 'indicators';
  if (folded.some((f) => REGISTRY_HEADERS.has(f))) return 'registry';
  return 'indicators';
}

/**
 * Tourism files of both kinds: indicator tables (arrivals, revenue, rooms … by period and
 * area, long or wide) and registries of accommodation and attractions.
 */
export const tourismAdapter: Adapter = {
  name: 'tourism',
  description:
    'Tourism: indicator tables (lượt khách, doanh thu, khách lưu trú … by period and area, long or wide) or a registry of accommodation and attractions (name, type, stars, rooms, address, area), told apart by the header',
  defaults: DEFAULTS,
  plan(ctx: PlanContext): Promise<Plan> {
    return tourismFileKind(ctx) === 'registry' ? tourismRegistry.plan(ctx) : tourismIndicators.plan(ctx);
  },
};
