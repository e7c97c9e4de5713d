import { THEME_NAMES } from '../../../portal/i18n';
import { distributions, iso } from '../../catalog/catalog.queries';
import { licenseInfo } from '../licenses';
import type { AreaVersion, StandardsRow } from '../standards.queries';
import { FORMAT_INFO } from '../vocab';
import type { CkanOrganization, CkanPackage } from './contracts';

/** CKAN names are lower-case slugs: the publisher SYT is the organization "syt". */
export const organizationName = (publisherCode: string) => publisherCode.toLowerCase();
/** A resource id that cannot collide with a dataset id (slugs have no dots): health-facilities.csv. */
export const resourceId = (datasetId: string, format: string) => `${datasetId}.${format}`;
/** CKAN's timestamps: ISO 8601 in UTC without a zone, microseconds. */
export const ckanTime = (ts: string) => `${iso(ts).replace(/Z$/, '')}000`;

export const themeTitle = (theme: string) => THEME_NAMES[theme]?.vi ?? theme;
export const formatName = (format: string) => FORMAT_INFO[format]?.ckan ?? format.toUpperCase();

export function toCkanOrganization(p: {
  code: string;
  name: string;
  nameEn: string;
  validFrom: string | null;
  successorCode?: string | null;
  datasetCount?: number;
}): CkanOrganization {
  const name = organizationName(p.code);
  return {
    id: name,
    name,
    title: p.name,
    display_name: p.name,
    description: p.successorCode
      ? `${p.nameEn} (since 2025 part of ${organizationName(p.successorCode)})`
      : p.nameEn,
    image_url: '',
    created: p.validFrom,
    is_organization: true,
    type: 'organization',
    state: 'active',
    approval_status: 'approved',
    ...(p.datasetCount !== undefined ? { package_count: p.datasetCount } : {}),
  };
}

function extras(d: StandardsRow, area: AreaVersion | undefined, base: string) {
  const pairs: [string, string | null | undefined][] = [
    ['title_en', d.title_en],
    ['description_en', d.description_en],
    ['access_level', d.access],
    ['kind', d.kind],
    ['update_frequency', d.update_frequency],
    ['temporal_start', d.temporal_start],
    ['temporal_end', d.temporal_end],
    ['spatial_code', d.spatial_code],
    ['spatial_name', area?.name],
    ['rows', String(d.row_count)],
    ['issued', iso(d.issued)],
    ['datapackage', `${base}/v1/datasets/${encodeURIComponent(d.id)}/datapackage.json`],
  ];
  return pairs.filter((p): p is [string, string] => !!p[1]).map(([key, value]) => ({ key, value }));
}

/** A dataset as a CKAN package: the publisher is its organization, the themes its groups. */
export function toCkanPackage(d: StandardsRow, base: string, area?: AreaVersion): CkanPackage {
  const license = licenseInfo(d.license);
  const created = ckanTime(d.issued);
  const modified = ckanTime(d.modified);
  const org = toCkanOrganization({
    code: d.publisher_code,
    name: d.publisher_name,
    nameEn: d.publisher_name_en,
    validFrom: null,
  });
  const resources = distributions(base, d.id).map((dist, position) => ({
    id: resourceId(d.id, dist.format),
    package_id: d.id,
    name: `${d.title} (${dist.title})`,
    description: '',
    url: dist.url,
    format: formatName(dist.format),
    mimetype: dist.mediaType,
    position,
    state: 'active',
    created,
    last_modified: modified,
    datastore_active: true,
    url_type: null,
  }));
  return {
    id: d.id,
    name: d.id,
    title: d.title,
    notes: d.description,
    url: `${base}/datasets/${encodeURIComponent(d.id)}`,
    version: String(d.version),
    state: 'active',
    private: d.access !== 'open',
    type: 'dataset',
    license_id: license.ckanId,
    license_title: license.title,
    license_url: license.url,
    isopen: license.open,
    author: d.publisher_name,
    author_email: d.publisher_email,
    maintainer: d.publisher_name,
    maintainer_email: d.contact_email ?? d.publisher_email,
    owner_org: org.id,
    organization: org,
    tags: d.keywords.map((k) => ({ id: k, name: k, display_name: k, state: 'active', vocabulary_id: null })),
    groups: d.themes.map((t) => ({
      id: t,
      name: t,
      title: themeTitle(t),
      display_name: themeTitle(t),
      description: THEME_NAMES[t]?.en ?? '',
      image_display_url: '',
    })),
    resources,
    num_resources: resources.length,
    num_tags: d.keywords.length,
    metadata_created: created,
    metadata_modified: modified,
    extras: extras(d, area, base),
    relationships_as_object: [],
    relationships_as_subject: [],
  };
}
