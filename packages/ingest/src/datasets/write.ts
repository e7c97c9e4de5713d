import {
  type DatasetInput,
  type DatasetPatch,
  OBSERVATION_TABLE_SCHEMA,
  pgArray,
  type SQL,
  sql,
  type TableSchemaInput,
} from '@kho/schema';
import { foldForSearch } from '../normalise/text';

/** What catalog search matches: titles, description, keywords and the id, accent-folded. */
export function datasetSearchText(d: {
  id: string;
  title: string;
  titleEn?: string | null;
  description?: string;
  keywords?: string[];
}) {
  return foldForSearch(
    [d.title, d.titleEn ?? '', d.description ?? '', (d.keywords ?? []).join(' '), d.id].join(' '),
  );
}

/**
 * The one INSERT of a dataset's metadata, used by the first load of a file and by
 * POST /v1/datasets. An indicator dataset's dictionary is the observation schema.
 */
export function insertDatasetSql(
  id: string,
  kind: 'indicators' | 'table',
  m: DatasetInput,
  tableSchema?: TableSchemaInput | null,
): SQL {
  const schema = kind === 'table' ? (m.tableSchema ?? tableSchema ?? null) : OBSERVATION_TABLE_SCHEMA;
  return sql`insert into datasets (id, title, title_en, description, description_en, publisher_code, themes, keywords, license,
      access, kind, update_frequency, temporal_start, temporal_end, spatial_code, table_schema, sources, contact_email,
      version, search_text)
    values (${id}, ${m.title}, ${m.titleEn ?? null}, ${m.description ?? ''}, ${m.descriptionEn ?? null},
      ${m.publisher}, ${pgArray(m.themes)}::text[], ${pgArray(m.keywords ?? [])}::text[], ${m.license ?? 'CC-BY-4.0'},
      ${m.access ?? 'open'}, ${kind}, ${m.updateFrequency ?? null}, ${m.temporalStart ?? null}, ${m.temporalEnd ?? null},
      ${m.spatialCode ?? null}, ${schema ? JSON.stringify(schema) : null}::jsonb, ${JSON.stringify(m.sources ?? [])}::jsonb,
      ${m.contactEmail ?? null}, 0, ${datasetSearchText({ id, ...m })})`;
}

const COLUMN: Record<keyof DatasetPatch, string> = {
  title: 'title',
  titleEn: 'title_en',
  description: 'description',
  descriptionEn: 'description_en',
  publisher: 'publisher_code',
  themes: 'themes',
  keywords: 'keywords',
  license: 'license',
  access: 'access',
  updateFrequency: 'update_frequency',
  temporalStart: 'temporal_start',
  temporalEnd: 'temporal_end',
  spatialCode: 'spatial_code',
  tableSchema: 'table_schema',
  sources: 'sources',
  contactEmail: 'contact_email',
};

/** UPDATE of the metadata fields given; the search text is recomputed from the stored row. */
export function patchDatasetSql(id: string, p: DatasetPatch): SQL {
  const sets = (Object.keys(p) as (keyof DatasetPatch)[]).map((k) => {
    const v = p[k];
    const col = sql.raw(COLUMN[k]);
    if (k === 'themes' || k === 'keywords') return sql`${col} = ${pgArray(v as string[])}::text[]`;
    if (k === 'tableSchema' || k === 'sources') return sql`${col} = ${JSON.stringify(v)}::jsonb`;
    return sql`${col} = ${v ?? null}`;
  });
  return sql`update datasets set ${sql.join(sets, sql`, `)}, modified = now() where id = ${id}
    returning id, title, title_en, description, keywords`;
}
