import { readFileSync } from 'node:fs';

/**
 * The examples of the OpenAPI document, in one place. Parameter examples are looked up by
 * `operationId.name`, then by `name`; every one is a value of the demo data (`pnpm start`),
 * and all the examples of an operation together make a request that works (test/openapi.test.ts
 * sends them). The write operations act on `hospitals`, the dataset their examples create,
 * never on a demo dataset. Response examples are recorded answers, see RESPONSES below.
 */
export const PARAMETER_EXAMPLES: Record<string, unknown> = {
  // Datasets, records and downloads
  id: 'health-facilities',
  'updateDataset.id': 'hospitals',
  'retireDataset.id': 'hospitals',
  'ingestFile.id': 'hospitals',
  'getIngest.id': 3,
  'deleteSubscription.id': 1,
  'listDeliveries.id': 1,
  q: 'bệnh viện',
  'searchDatasets.q': 'y te',
  theme: 'health',
  publisher: 'SYT',
  'listChanges.publisher': 'CTK',
  'listChanges.theme': 'population',
  keyword: 'trạm y tế',
  access: 'open',
  kind: 'indicators',
  'searchDatasets.sort': 'title',
  // Cursors are nextCursors of the demo data: the page after the answer to the operation's other
  // examples (searchDatasets: after its answer with limit=1 and without kind).
  'searchDatasets.cursor':
    'eyJrIjoiQ8ahIHPhu58geSB04bq_IHThu4luaCBCw6xuaCDEkOG7i25oIHRyw6puIE9wZW5TdHJlZXRNYXAiLCJpZCI6ImhlYWx0aC1mYWNpbGl0aWVzIn0',
  limit: 2,
  select: 'name,type,area,lat,lon',
  sort: 'name',
  version: 1,
  area: '540',
  bbox: '109.1,13.7,109.3,13.9',
  near: '13.77,109.22,5000',
  group_by: 'type',
  agg: 'count',
  total: 'true',
  'listRecords.cursor': 'eyJ2IjoxLCJpZCI6MTIsImsiOlsiQuG7h25oIHZp4buHbiBN4bqvdCB04buJbmggR2lhIExhaSJdfQ',
  format: 'json',
  'downloadDataset.format': 'csv',
  bom: 'true',
  // Versions and changes
  range: '0..1',
  from: 0,
  to: 1,
  since: 'eyJlIjoxOX0',
  dataset: 'population-census-2019',
  // Observations and indicators
  indicator: 'pop.population',
  'listObservations.area': '540',
  descendants: 'true',
  'listObservations.level': 'commune',
  period_from: '2019',
  period_to: '2019-12-31',
  flag: 'none',
  boundaries: 'current',
  'listObservations.cursor': 'eyJvIjoyfQ',
  'listIndicators.q': 'dân số',
  'listIndicators.cursor': 'eyJjIjoicG9wLnJ1cmFsLXBvcHVsYXRpb24ifQ',
  'getIndicator.code': 'pop.population',
  // Areas
  'getArea.code': '21553',
  at: '2022-06-03',
  name: 'TP. Quy Nhơn',
  'resolveArea.parent': '52',
  'resolveArea.level': 'district',
  'listAreas.parent': '540',
  'listAreas.level': 'commune',
  'listAreas.q': 'nhon',
  'listAreas.cursor': 'eyJjb2RlIjoiMjE1NTMifQ',
  // DCAT catalog
  page: 1,
  page_size: 2,
  modified_since: '2025-07-01T00:00:00Z',
  // Ingest
  adapter: 'records',
  dry_run: 'false',
  mode: 'replace',
  sheet: 'Sheet1',
  file_name: 'hospitals.csv',
  // CKAN
  offset: 0,
  'ckanPackageSearch.q': 'y tế',
  fq: 'organization:syt',
  rows: 2,
  start: 0,
  'ckanPackageSearch.sort': 'title_string asc',
  facet: true,
  'facet.field': '["organization","groups"]',
  'facet.limit': 10,
  'facet.mincount': 1,
  include_private: false,
  all_fields: true,
  'ckanOrganizationList.sort': 'package_count desc',
  organizations: '["syt","sgddt"]',
  include_dataset_count: true,
  resource_id: 'health-facilities',
  filters: '{"type": "hospital"}',
  'ckanDatastoreSearch.q': 'quy nhon',
  fields: 'name,type,area',
  'ckanDatastoreSearch.sort': 'name',
  include_total: true,
  records_format: 'objects',
  plain: true,
  language: 'simple',
  'ckanHelpShow.name': 'package_search',
};

/** Request bodies of the write operations: they create, change and subscribe to `hospitals`. */
export const BODY_EXAMPLES: Record<string, unknown> = {
  createDataset: {
    id: 'hospitals',
    kind: 'table',
    title: 'Bệnh viện tỉnh Bình Định trên OpenStreetMap',
    titleEn: 'Hospitals of Bình Định on OpenStreetMap',
    description: 'Bệnh viện và trung tâm y tế trong tỉnh Bình Định (cũ), với tọa độ, theo OpenStreetMap.',
    publisher: 'SYT',
    themes: ['health'],
    keywords: ['bệnh viện', 'hospitals'],
    license: 'ODbL-1.0',
    access: 'open',
    updateFrequency: 'irregular',
    spatialCode: '52',
    tableSchema: {
      fields: [
        { name: 'osm_id', type: 'string', title: 'OpenStreetMap id' },
        { name: 'name', type: 'string', title: 'Tên / name', constraints: { required: true } },
        { name: 'district', type: 'string', title: 'Huyện / district' },
        { name: 'lat', type: 'number' },
        { name: 'lon', type: 'number' },
      ],
      primaryKey: ['osm_id'],
    },
    sources: [
      { title: 'OpenStreetMap contributors (ODbL 1.0)', url: 'https://www.openstreetmap.org/copyright' },
    ],
  },
  updateDataset: { keywords: ['bệnh viện', 'hospitals', 'OpenStreetMap'], updateFrequency: 'quarterly' },
  createSubscription: {
    url: 'https://example.org/kho-webhook',
    secret: 'at-least-16-characters-of-yours',
    events: ['version.published'],
    dataset: 'hospitals',
  },
};

/** Recorded answers, `operationId → status → media type → example`: written by scripts/capture-examples.ts. */
export const RESPONSES_FILE = new URL('./openapi-examples.responses.json', import.meta.url);
type Recorded = Record<string, Record<string, Record<string, unknown>>>;
const RESPONSES: Recorded = JSON.parse(readFileSync(RESPONSES_FILE, 'utf8'));

export const parameterExample = (operationId: string, name: string): unknown =>
  PARAMETER_EXAMPLES[`${operationId}.${name}`] ?? PARAMETER_EXAMPLES[name];

type Media = { schema?: unknown; example?: unknown };
export type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; example?: unknown }[];
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media> }>;
} & Record<string, unknown>;
export type Document = { paths: Record<string, Record<string, Operation>> } & Record<string, unknown>;

/** The URL of a request with the operation's parameter examples, but those in `omit` or `set`. */
export function exampleUrl(
  path: string,
  op: Operation,
  omit: readonly string[] = [],
  set: Record<string, unknown> = {},
): string {
  let url = path;
  const query = new URLSearchParams();
  for (const p of op.parameters ?? []) {
    const example = p.name in set ? set[p.name] : parameterExample(op.operationId, p.name);
    if (example === undefined || omit.includes(p.name)) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(example)));
    else if (p.in === 'query') query.set(p.name, String(example));
  }
  return query.size ? `${url}?${query}` : url;
}

/** The document with the examples above: on parameters, request bodies and 2xx answers. */
export function withExamples<D extends Document>(doc: D): D {
  const media = (content: Record<string, Media>, examples: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(content).map(([type, m]) => [
        type,
        type in examples ? { ...m, example: examples[type] } : m,
      ]),
    );
  const paths = Object.fromEntries(
    Object.entries(doc.paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          const body = BODY_EXAMPLES[op.operationId];
          const recorded = RESPONSES[op.operationId] ?? {};
          const out: Operation = {
            ...op,
            responses: Object.fromEntries(
              Object.entries(op.responses).map(([status, r]) => [
                status,
                r.content && recorded[status] ? { ...r, content: media(r.content, recorded[status]) } : r,
              ]),
            ),
          };
          if (op.parameters)
            out.parameters = op.parameters.map((p) => {
              const example = parameterExample(op.operationId, p.name);
              return example === undefined ? p : { ...p, example };
            });
          if (op.requestBody && body !== undefined)
            out.requestBody = {
              ...op.requestBody,
              content: media(op.requestBody.content, { 'application/json': body }),
            };
          return [method, out];
        }),
      ),
    ]),
  );
  return { ...doc, paths };
}
