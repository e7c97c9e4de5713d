import type { AreaLevel, TableSchemaInput } from '@kho/schema';
import { parseAreaName } from '../../normalise/area-name';
import { cleanText, foldForSearch } from '../../normalise/text';
import type { Cell } from '../../read/types';
import { COMMON_SYNONYMS, matchColumns, type Synonyms } from '../columns';
import { type RecordAdapterOptions, recordTableAdapter } from '../records/index';
import type { Adapter, Mapping, Plan, PlanContext } from '../types';

/**
 * Sector registries (health facilities, schools, tourism establishments) share one shape: a
 * fixed Table Schema with `name`, `area` and an optional `source_id`. The key is chosen from
 * the file's header on the first load: `source_id` when the file has such a column (an
 * OpenStreetMap id, a department's facility code), else `name` + `area`.
 */

export type Field = TableSchemaInput['fields'][number];

/** A cell as clean text ('' for empty). */
export const cellText = (c: Cell | undefined): string =>
  c === null || c === undefined ? '' : cleanText(String(c));

/** Area headers that name a level. */
const LEVEL_HEADERS: Record<string, AreaLevel> = {
  huyen: 'district',
  'quan huyen': 'district',
  'huyen thi xa thanh pho': 'district',
  district: 'district',
  xa: 'commune',
  'xa phuong': 'commune',
  'phuong xa': 'commune',
  'xa phuong thi tran': 'commune',
  commune: 'commune',
  ward: 'commune',
  tinh: 'province',
  province: 'province',
};

/** The level an area column's header names ("Huyện", "Xã", "district"), when the file gives names, not codes. */
function headerLevel(headers: string[], mapping: Mapping | undefined): AreaLevel | undefined {
  const explicit = Object.entries(mapping?.columns ?? {}).filter(
    ([c, r]) => (r === 'area' || r === 'areaCode') && headers.includes(c),
  );
  const found = matchColumns(
    headers,
    ['areaCode', 'area'],
    { areaCode: COMMON_SYNONYMS.areaCode!, area: COMMON_SYNONYMS.area! },
    Object.fromEntries(explicit),
  );
  return found.areaCode ? undefined : LEVEL_HEADERS[foldForSearch(found.area ?? '')];
}

/** Header names of OpenStreetMap exports that say which export it is. */
const OSM_ID_HEADERS = new Set(['osm id', 'osm type', 'id osm', 'osmid']);

export interface RegistryOptions {
  name: string;
  description: string;
  defaults: Adapter['defaults'];
  /** The sector's fields; `source_id`, `name` and `area` must be among them. */
  fields: Field[];
  /** Header names per field, folded (see foldForSearch), beyond the field's own name. */
  synonyms: Synonyms;
  normalise?: RecordAdapterOptions['normalise'];
  /**
   * OpenStreetMap exports carry the facility's kind in a tag column (subcategory, amenity …)
   * and use `type` for the element type (node/way): such a column is read into this field.
   */
  osmTag?: { field: string; columns: string[] };
}

/**
 * The registry's Table Schema: keyed by source_id, or by name + area when the file has no ids
 * (or by the mapping file's `primaryKey`).
 */
export function registrySchema(
  fields: Field[],
  keyedBySourceId: boolean,
  primaryKey?: string[],
): TableSchemaInput {
  return { fields, primaryKey: primaryKey ?? (keyedBySourceId ? ['source_id'] : ['name', 'area']) };
}

/** Does the file have a column for this field (by mapping, name or synonym)? */
function hasColumn(ctx: PlanContext, field: string, synonyms: Synonyms): boolean {
  if (Object.values(ctx.mapping?.columns ?? {}).includes(field)) return true;
  const names = new Set([field, ...(synonyms[field] ?? [])].map(foldForSearch));
  return ctx.headers.some((h) => names.has(foldForSearch(h)));
}

export function registryAdapter(options: RegistryOptions): Adapter & {
  /** The Table Schema a first load would use for these headers. */
  schemaFor(headers: string[], mapping?: Mapping): TableSchemaInput;
} {
  const inner = (tableSchema: TableSchemaInput) =>
    recordTableAdapter({
      name: options.name,
      description: options.description,
      defaults: options.defaults,
      tableSchema,
      synonyms: options.synonyms,
      ...(options.normalise ? { normalise: options.normalise } : {}),
    });

  /**
   * An OpenStreetMap export's tag column is the kind field, unless the mapping file says otherwise.
   */
  const planMapping = (ctx: PlanContext): Mapping | undefined => {
    let mapping = ctx.mapping;
    const folded = ctx.headers.map((h) => foldForSearch(h));
    const tag = options.osmTag;
    if (
      tag &&
      !Object.values(mapping?.columns ?? {}).includes(tag.field) &&
      folded.some((f) => OSM_ID_HEADERS.has(f))
    ) {
      const i = folded.findIndex((f) => tag.columns.includes(f));
      if (i >= 0)
        mapping = { ...mapping, columns: { ...(mapping?.columns ?? {}), [ctx.headers[i]!]: tag.field } };
    }
    return mapping;
  };

  const schemaFor = (headers: string[], mapping?: Mapping) =>
    registrySchema(
      options.fields,
      hasColumn({ headers, ...(mapping ? { mapping } : {}) }, 'source_id', options.synonyms),
      mapping?.primaryKey,
    );

  return {
    name: options.name,
    description: options.description,
    defaults: options.defaults,
    schemaFor,
    async plan(ctx: PlanContext): Promise<Plan> {
      const mapping = planMapping(ctx);
      const planned = { ...ctx, ...(mapping ? { mapping } : {}) };
      // A dataset that exists keeps its data dictionary; a first load takes the sector's.
      const schema = ctx.tableSchema ?? schemaFor(ctx.headers, mapping);
      const plan = await inner(schema).plan(planned);
      const level = mapping?.areaLevel ? undefined : headerLevel(ctx.headers, mapping);
      if (plan.kind !== 'table' || !level) return plan;
      return {
        ...plan,
        toDraft(row) {
          const draft = plan.toDraft(row);
          // A bare name under "Huyện" is a district: a registry has no date, so "Quy Nhơn" would
          // otherwise be today's Phường Quy Nhơn. A name with its type ("Tỉnh Bình Định") says itself.
          if (draft.area?.name && !draft.area.level && parseAreaName(draft.area.name).type === null)
            draft.area = { ...draft.area, level };
          return draft;
        },
      };
    },
  };
}

/** The same fields every registry has, with their Vietnamese and English titles. */
export const COMMON_FIELDS = {
  sourceId: {
    name: 'source_id',
    type: 'string',
    title: 'Mã nguồn / source id',
    description:
      'The identifier in the source: an OpenStreetMap element (node/123, way/456) or a department code. The key of the registry when given.',
  },
  name: { name: 'name', type: 'string', title: 'Tên / name', constraints: { required: true } },
  nameEn: { name: 'name_en', type: 'string', title: 'Tên tiếng Anh / English name' },
  address: { name: 'address', type: 'string', title: 'Địa chỉ / address' },
  area: {
    name: 'area',
    type: 'string',
    title: 'Địa bàn (như ghi trong tệp) / area as written',
    description:
      'The district or commune as the file names it; the resolved unit is kept as the row’s area code.',
  },
  lat: {
    name: 'lat',
    type: 'number',
    title: 'Vĩ độ / latitude',
    constraints: { minimum: -90, maximum: 90 },
  },
  lon: {
    name: 'lon',
    type: 'number',
    title: 'Kinh độ / longitude',
    constraints: { minimum: -180, maximum: 180 },
  },
  phone: { name: 'phone', type: 'string', title: 'Điện thoại / phone' },
  source: {
    name: 'source',
    type: 'string',
    title: 'Nguồn / source',
    description: 'Where the row comes from (a URL or a document).',
  },
  note: {
    name: 'note',
    type: 'string',
    title: 'Ghi chú / note',
    description: 'Anything the reader should know: the source’s own words, a caveat.',
  },
} satisfies Record<string, Field>;

/** Header synonyms (folded) of the common fields. */
export const COMMON_FIELD_SYNONYMS: Synonyms = {
  source_id: [
    'osm id',
    'osm_id',
    'id osm',
    'ma nguon',
    'source id',
    'source_id',
    'ma co so',
    'ma dinh danh',
    'id',
    'ma',
  ],
  name: ['ten', 'ten co so', 'ten don vi', 'ten goi', 'name', 'ten day du', 'name vi'],
  name_en: ['name en', 'name_en', 'ten tieng anh', 'english name'],
  address: ['dia chi', 'address', 'so nha duong', 'street', 'addr street'],
  area: [
    'dia ban',
    'dia phuong',
    'don vi hanh chinh',
    'huyen',
    'quan huyen',
    'huyen thi xa thanh pho',
    'xa',
    'xa phuong',
    'phuong xa',
    'xa phuong thi tran',
    'area',
    'area name',
    'district',
    'commune',
    'ward',
  ],
  lat: ['vi do', 'lat', 'latitude', 'y'],
  lon: ['kinh do', 'lon', 'lng', 'long', 'longitude', 'x'],
  phone: ['dien thoai', 'so dien thoai', 'sdt', 'dt', 'phone', 'telephone', 'tel', 'contact phone'],
  source: ['nguon', 'nguon du lieu', 'source', 'source url', 'url nguon'],
  note: ['ghi chu', 'note', 'notes', 'trich dan', 'quote', 'remarks'],
};

/** Whether a text contains a folded phrase as whole words. */
export function hasPhrase(folded: string, phrase: string): boolean {
  return ` ${folded} `.includes(` ${phrase} `);
}
