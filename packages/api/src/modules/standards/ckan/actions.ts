import type { DatasetSearchQuery, DatasetSummary, Executor } from '@kho/schema';
import type { Principal } from '../../../lib/policy';
import { DOWNLOAD_FORMATS, listPublishers, searchDatasets } from '../../catalog/catalog.queries';
import { licenseInfo } from '../licenses';
import { areaAt, areaVersions, type StandardsRow, visibleDatasetRows } from '../standards.queries';
import type { CkanPackage, PackageSearchParams } from './contracts';
import { notFound, validationError } from './envelope';
import { formatName, organizationName, themeTitle, toCkanOrganization, toCkanPackage } from './package';
import { comparator, matchesAll, parseQuery, type Term } from './solr';

export const MAX_ROWS = 1000;

/**
 * Every dataset of the catalog search that this principal may see, walked page by page through
 * the catalog's own search (its filters, its access rule). Catalogs hold hundreds of datasets.
 */
export async function allVisible(
  db: Executor,
  viewer: Principal,
  filter: Partial<Pick<DatasetSearchQuery, 'q' | 'theme' | 'publisher' | 'keyword'>> = {},
): Promise<DatasetSummary[]> {
  const all: DatasetSummary[] = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof searchDatasets>> = await searchDatasets(
      db,
      { ...filter, sort: 'id', limit: 100, ...(cursor ? { cursor } : {}) },
      viewer,
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** CKAN package dicts for these datasets, in this order (one query for the rows, one for places). */
export async function packagesFor(
  db: Executor,
  viewer: Principal,
  ids: string[],
  base: string,
): Promise<{ rows: StandardsRow[]; packages: CkanPackage[] }> {
  if (!ids.length) return { rows: [], packages: [] };
  const { rows } = await visibleDatasetRows(db, viewer, { ids });
  const areas = await areaVersions(
    db,
    rows.map((r) => r.spatial_code).filter((c): c is string => !!c),
  );
  const packages = rows.map((r) =>
    toCkanPackage(r, base, r.spatial_code ? areaAt(areas, r.spatial_code, r.temporal_end) : undefined),
  );
  return { rows, packages };
}

export async function packageShow(db: Executor, viewer: Principal, id: string, base: string) {
  const { rows, packages } = await packagesFor(db, viewer, [id], base);
  if (!packages[0]) throw notFound(`Dataset "${id.slice(0, 100)}" was not found.`);
  return { row: rows[0]!, pkg: packages[0] };
}

export async function packageList(db: Executor, viewer: Principal, p: { limit?: number; offset?: number }) {
  const ids = (await allVisible(db, viewer)).map((d) => d.id);
  const from = p.offset ?? 0;
  return ids.slice(from, p.limit !== undefined ? from + p.limit : undefined);
}

/** The first positive term of a field, which the catalog search can apply in SQL. */
const first = (terms: Term[], field: string) =>
  terms.find((t) => t.field === field && !t.negate && t.value !== '*')?.value;

type FacetCounter = (d: DatasetSummary) => string[];
const FACETS: Record<string, FacetCounter> = {
  organization: (d) => [organizationName(d.publisher.code)],
  groups: (d) => d.themes,
  tags: (d) => d.keywords,
  res_format: () => DOWNLOAD_FORMATS.map(([f]) => formatName(f)),
  license_id: (d) => [licenseInfo(d.license).ckanId],
};

function facets(found: DatasetSummary[], p: PackageSearchParams) {
  const fields = p.facet ? (p['facet.field'] ?? []) : [];
  const names = new Map<string, string>();
  const counts: Record<string, Record<string, number>> = {};
  const search: Record<
    string,
    { title: string; items: { name: string; display_name: string; count: number }[] }
  > = {};
  for (const field of fields) {
    const count = Object.hasOwn(FACETS, field) ? FACETS[field] : undefined;
    if (!count)
      throw validationError('facet.field', `no facet "${field}"; use ${Object.keys(FACETS).join(', ')}`);
    const tally = new Map<string, number>();
    for (const d of found) {
      for (const v of new Set(count(d))) tally.set(v, (tally.get(v) ?? 0) + 1);
      names.set(organizationName(d.publisher.code), d.publisher.name);
    }
    const items = [...tally]
      .filter(([, n]) => n >= p['facet.mincount'])
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
      .slice(0, p['facet.limit'] < 0 ? undefined : p['facet.limit']);
    counts[field] = Object.fromEntries(items);
    const display = (v: string) =>
      field === 'organization'
        ? (names.get(v) ?? v)
        : field === 'groups'
          ? themeTitle(v)
          : field === 'license_id'
            ? licenseInfo(v).title
            : v;
    search[field] = {
      title: field,
      items: items.map(([name, n]) => ({ name, display_name: display(name), count: n })),
    };
  }
  return { facets: counts, search_facets: search };
}

/**
 * package_search: the catalog search (words, organization, group, tag in SQL, with the access
 * rule), then CKAN's other terms, its sort, paging and facets over what this principal may see.
 */
export async function packageSearch(db: Executor, viewer: Principal, p: PackageSearchParams, base: string) {
  const q = parseQuery(p.q, 'q');
  const fq = parseQuery(p.fq, 'fq');
  const terms = [...q.terms, ...fq.terms];
  const order = comparator(p.sort);
  const org = first(terms, 'organization') ?? first(terms, 'owner_org');
  const group = first(terms, 'groups');
  const tag = first(terms, 'tags');
  const candidates = await allVisible(db, viewer, {
    ...(q.words ? { q: q.words.slice(0, 200) } : {}),
    ...(org ? { publisher: [org.toUpperCase()] } : {}),
    ...(group ? { theme: [group as never] } : {}),
    ...(tag ? { keyword: tag } : {}),
  });
  const found = candidates.filter((d) => matchesAll(d, terms)).sort(order);
  const rows = Math.min(p.rows, MAX_ROWS);
  const page = found.slice(p.start, p.start + rows).map((d) => d.id);
  const { packages } = await packagesFor(db, viewer, page, base);
  return { count: found.length, sort: p.sort, ...facets(found, p), results: packages };
}

export async function organizationList(
  db: Executor,
  viewer: Principal,
  p: {
    all_fields: boolean;
    sort: string;
    limit?: number;
    offset?: number;
    organizations?: string[];
    include_dataset_count: boolean;
  },
) {
  const [field = 'name', dir = 'asc', extra] = p.sort.trim().split(/\s+/);
  const keys: Record<string, (o: ReturnType<typeof toCkanOrganization>) => string | number> = {
    name: (o) => o.name,
    title: (o) => o.title,
    package_count: (o) => o.package_count ?? 0,
  };
  // hasOwn: a sort of "__proto__" or "constructor" must not find Object.prototype's members.
  const key = Object.hasOwn(keys, field) ? keys[field] : undefined;
  if (!key || !/^(asc|desc)$/i.test(dir) || extra)
    throw validationError('sort', 'use name, title or package_count with asc or desc');
  const wanted = p.organizations?.map((o) => o.toLowerCase());
  const orgs = (await listPublishers(db, viewer)).items
    .map(toCkanOrganization)
    .filter((o) => !wanted || wanted.includes(o.name))
    .sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const c = typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y), 'vi');
      return dir.toLowerCase() === 'desc' ? -c : c;
    });
  const from = p.offset ?? 0;
  const page = orgs.slice(from, p.limit !== undefined ? from + p.limit : undefined);
  if (!p.all_fields) return page.map((o) => o.name);
  return page.map(({ package_count, ...o }) => (p.include_dataset_count ? { ...o, package_count } : o));
}
