import { z } from 'zod';

/** Parameters arrive as query strings (GET) or JSON (POST, as ckanapi sends them): accept both. */
const int = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', 'True', 'False', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || ['true', 'True', '1', 'yes', 'on'].includes(String(v)));

/** A JSON list (`["a","b"]`), a repeated parameter, or a JSON array in a POST body. */
const jsonList = z
  .union([z.array(z.string().max(200)).max(50), z.string().max(5000)])
  .transform((v, ctx): string[] => {
    if (Array.isArray(v)) return v;
    try {
      const parsed: unknown = JSON.parse(v);
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === 'string')) return parsed;
    } catch {}
    ctx.addIssue({ code: 'custom', message: 'must be a JSON list of strings, e.g. ["organization","tags"]' });
    return z.NEVER;
  });

const text = (max: number) => z.string().max(max);

export const packageListParams = z.object({
  limit: int(1, 100_000).optional().describe('At most this many names'),
  offset: int(0, 1_000_000).optional().describe('Skip this many names'),
});

export const packageShowParams = z.object({
  id: text(300).min(1).describe('The dataset id (its name)'),
});

export const packageSearchParams = z.object({
  q: text(1000).optional().describe('Words to find (accent-insensitive), optionally with field:value terms'),
  fq: text(2000)
    .optional()
    .describe(
      'Filter terms, all of which must hold: organization:syt, groups:health, tags:BTS, res_format:CSV, license_id:cc-by, name:…, metadata_modified:[2025-01-01T00:00:00Z TO *]; a leading - negates',
    ),
  rows: int(0, 1_000_000).default(10).describe('Results per page (at most 1000; more is capped)'),
  start: int(0, 1_000_000).default(0).describe('Offset of the first result'),
  sort: text(200)
    .default('score desc, metadata_modified desc')
    .describe(
      'metadata_modified desc|asc, metadata_created desc|asc, title_string asc|desc, name asc|desc, id asc',
    ),
  facet: bool.default(true).describe('Count facets'),
  'facet.field': jsonList
    .optional()
    .describe('Facet fields as a JSON list: organization, groups, tags, res_format, license_id'),
  'facet.limit': int(-1, 10_000).default(50).describe('Values per facet (-1: all)'),
  'facet.mincount': int(0, 1_000_000).default(1).describe('Smallest count shown'),
  include_private: bool
    .optional()
    .describe('Accepted for compatibility: you always see what your key may see'),
});
export type PackageSearchParams = z.output<typeof packageSearchParams>;

export const organizationListParams = z.object({
  all_fields: bool.default(false).describe('Whole organizations instead of names'),
  sort: text(100).default('name asc').describe('name asc|desc, title asc|desc, package_count desc|asc'),
  limit: int(1, 1000).optional().describe('At most this many organizations'),
  offset: int(0, 100_000).optional().describe('Skip this many organizations'),
  organizations: jsonList.optional().describe('Only these organizations (JSON list of names)'),
  include_dataset_count: bool.default(true).describe('With all_fields: each one’s package_count'),
});

const filterValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const datastoreSearchParams = z.object({
  resource_id: text(300)
    .min(1)
    .describe(
      'A dataset id, or the id of one of its resources (<dataset>.<format>, e.g. health-facilities.csv)',
    ),
  filters: z
    .union([
      z.record(z.string(), z.union([filterValue, z.array(filterValue).max(100)])),
      z.string().max(20_000),
    ])
    .optional()
    .describe(
      'Exact matches as a JSON object: {"type": "hospital", "district": ["TP. Quy Nhơn", "Huyện Tây Sơn"]}',
    ),
  q: z
    .union([z.string().max(200), z.record(z.string(), z.string().max(200))])
    .optional()
    .describe(
      'Words to find in the row (accent-insensitive), or {"field": "words"} to search one text field',
    ),
  fields: z
    .union([z.array(z.string().max(100)).max(500), z.string().max(5000)])
    .optional()
    .describe('Fields to return: "a,b" or a JSON list'),
  sort: text(500).optional().describe('e.g. "beds desc, name"'),
  limit: int(0, 1_000_000).default(100).describe('Rows per page (at most 1000; more is capped)'),
  offset: int(0, 10_000_000).default(0).describe('Skip this many rows'),
  include_total: bool.default(true).describe('Count all matching rows (`total`)'),
  records_format: z.enum(['objects']).default('objects').describe('Only "objects" is served'),
  plain: bool.optional().describe('Accepted for compatibility and ignored: `q` is always plain words'),
  language: text(50).optional().describe('Accepted for compatibility and ignored (full-text language)'),
});
export type DatastoreSearchParams = z.output<typeof datastoreSearchParams>;

const tag = z.object({
  id: z.string(),
  name: z.string(),
  display_name: z.string(),
  state: z.string(),
  vocabulary_id: z.null(),
});
const group = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  display_name: z.string(),
  description: z.string(),
  image_display_url: z.string(),
});
export const ckanOrganization = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    display_name: z.string(),
    description: z.string(),
    image_url: z.string(),
    created: z.string().nullable(),
    is_organization: z.literal(true),
    type: z.literal('organization'),
    state: z.string(),
    approval_status: z.string(),
    package_count: z.number().int().optional(),
  })
  .meta({ id: 'CkanOrganization' });
export type CkanOrganization = z.infer<typeof ckanOrganization>;

const resource = z.object({
  id: z.string(),
  package_id: z.string(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  format: z.string(),
  mimetype: z.string(),
  position: z.number().int(),
  state: z.string(),
  created: z.string(),
  last_modified: z.string(),
  datastore_active: z.boolean(),
  url_type: z.null(),
});

export const ckanPackage = z
  .object({
    id: z.string(),
    name: z.string(),
    title: z.string(),
    notes: z.string(),
    url: z.string(),
    version: z.string(),
    state: z.string(),
    private: z.boolean(),
    type: z.string(),
    license_id: z.string(),
    license_title: z.string(),
    license_url: z.string().nullable(),
    isopen: z.boolean(),
    author: z.string(),
    author_email: z.string().nullable(),
    maintainer: z.string(),
    maintainer_email: z.string().nullable(),
    owner_org: z.string(),
    organization: ckanOrganization.omit({ package_count: true }),
    tags: z.array(tag),
    groups: z.array(group),
    resources: z.array(resource),
    num_resources: z.number().int(),
    num_tags: z.number().int(),
    metadata_created: z.string(),
    metadata_modified: z.string(),
    extras: z.array(z.object({ key: z.string(), value: z.string() })),
    relationships_as_object: z.array(z.never()),
    relationships_as_subject: z.array(z.never()),
  })
  .meta({ id: 'CkanPackage', description: 'A dataset in CKAN terms' });
export type CkanPackage = z.infer<typeof ckanPackage>;

export const searchFacets = z.record(
  z.string(),
  z.object({
    title: z.string(),
    items: z.array(z.object({ name: z.string(), display_name: z.string(), count: z.number().int() })),
  }),
);

export const packageSearchResult = z.object({
  count: z.number().int(),
  sort: z.string(),
  facets: z.record(z.string(), z.record(z.string(), z.number().int())),
  search_facets: searchFacets,
  results: z.array(ckanPackage),
});

export const datastoreSearchResult = z.object({
  resource_id: z.string(),
  fields: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      info: z.object({ label: z.string().optional(), notes: z.string().optional() }).optional(),
    }),
  ),
  records: z.array(z.record(z.string(), z.unknown())),
  records_format: z.literal('objects'),
  limit: z.number().int(),
  offset: z.number().int(),
  total: z.number().int().optional(),
  total_was_estimated: z.boolean().optional(),
  include_total: z.boolean(),
  _links: z.object({ start: z.string(), next: z.string() }),
});

const envelopes = new Map<string, z.ZodType>();
/** The envelope of a successful action, made once per id (ids are global in the OpenAPI document). */
export function envelope(result: z.ZodType, id: string): z.ZodType {
  let schema = envelopes.get(id);
  if (!schema) {
    schema = z.object({ help: z.string(), success: z.literal(true), result }).meta({ id });
    envelopes.set(id, schema);
  }
  return schema;
}

export const ckanErrorBody = z
  .object({
    help: z.string(),
    success: z.literal(false),
    error: z.looseObject({ __type: z.string(), message: z.string() }),
  })
  .meta({
    id: 'CkanError',
    description:
      'CKAN error envelope: __type "Not Found Error" (404), "Validation Error" (409, with the messages per field), "Bad request" (400)',
  });
export const ckanErrors = { 400: ckanErrorBody, 404: ckanErrorBody, 409: ckanErrorBody } as const;
