import type { Access } from '../../lib/policy';

/** Namespaces of the DCAT-AP 3 graph (and the prefixes of its Turtle and JSON-LD). */
export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  geo: 'http://www.opengis.net/ont/geosparql#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority';
export const EU_SCHEMES = {
  dataTheme: `${EU}/data-theme`,
  frequency: `${EU}/frequency`,
  fileType: `${EU}/file-type`,
  accessRight: `${EU}/access-right`,
  language: `${EU}/language`,
  licence: `${EU}/licence`,
} as const;

/**
 * Our themes in the EU data-theme vocabulary. Tourism, industry & trade and planning &
 * investment are all economic statistics (Eurostat files tourism under "industry, trade and
 * services"), hence ECON; the digital sector is TECH; population is SOCI.
 */
export const THEME_EU: Record<string, { code: string; label: string }> = {
  health: { code: 'HEAL', label: 'Health' },
  education: { code: 'EDUC', label: 'Education, culture and sport' },
  tourism: { code: 'ECON', label: 'Economy and finance' },
  agriculture: { code: 'AGRI', label: 'Agriculture, fisheries, forestry and food' },
  'industry-trade': { code: 'ECON', label: 'Economy and finance' },
  investment: { code: 'ECON', label: 'Economy and finance' },
  digital: { code: 'TECH', label: 'Science and technology' },
  population: { code: 'SOCI', label: 'Population and society' },
  environment: { code: 'ENVI', label: 'Environment' },
  transport: { code: 'TRAN', label: 'Transport' },
};

/** Update frequencies in the EU frequency vocabulary. */
export const FREQUENCY_EU: Record<string, { code: string; label: string }> = {
  daily: { code: 'DAILY', label: 'daily' },
  weekly: { code: 'WEEKLY', label: 'weekly' },
  monthly: { code: 'MONTHLY', label: 'monthly' },
  quarterly: { code: 'QUARTERLY', label: 'quarterly' },
  annual: { code: 'ANNUAL', label: 'annual' },
  irregular: { code: 'IRREG', label: 'irregular' },
};

/** Open → PUBLIC; shared (any agency key) → RESTRICTED; restricted (named keys only) → NON_PUBLIC. */
export const ACCESS_RIGHT_EU: Record<Access, { code: string; label: string }> = {
  open: { code: 'PUBLIC', label: 'public' },
  shared: { code: 'RESTRICTED', label: 'restricted' },
  restricted: { code: 'NON_PUBLIC', label: 'non-public' },
};

/**
 * The download formats: IANA media type (null where IANA has none registered), EU file type,
 * the name CKAN clients filter on (res_format), and the Frictionless format name.
 */
export const FORMAT_INFO: Record<
  string,
  { iana: string | null; euFileType: string | null; ckan: string; label: string }
> = {
  csv: { iana: 'text/csv', euFileType: 'CSV', ckan: 'CSV', label: 'CSV' },
  json: { iana: 'application/json', euFileType: 'JSON', ckan: 'JSON', label: 'JSON' },
  ndjson: { iana: null, euFileType: null, ckan: 'NDJSON', label: 'NDJSON (newline-delimited JSON)' },
  geojson: { iana: 'application/geo+json', euFileType: 'GEOJSON', ckan: 'GeoJSON', label: 'GeoJSON' },
  xlsx: {
    iana: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    euFileType: 'XLSX',
    ckan: 'XLSX',
    label: 'Excel (XLSX)',
  },
};
export const NDJSON_SPEC = 'https://github.com/ndjson/ndjson-spec';

/** The ADMS publisher type: departments are regional authorities, the statistics office is the national GSO's. */
export function publisherType(code: string): { iri: string; label: string } {
  return code === 'CTK'
    ? { iri: 'http://purl.org/adms/publishertype/NationalAuthority', label: 'National authority' }
    : { iri: 'http://purl.org/adms/publishertype/RegionalAuthority', label: 'Regional authority' };
}
export const PUBLISHER_TYPE_SCHEME = 'http://purl.org/adms/publishertype/1.0';

/** Who runs the catalog and how to reach them, in both languages. */
export const CATALOG_META = {
  title: { vi: 'Kho dữ liệu dùng chung', en: 'Kho shared data warehouse' },
  description: {
    vi: 'Dữ liệu dùng chung và dữ liệu mở của các sở, ngành tỉnh Gia Lai (tỉnh Bình Định trước ngày 1/7/2025): y tế, giáo dục, du lịch, nông nghiệp, công thương, đầu tư, chuyển đổi số.',
    en: 'Shared and open data of the departments of Gia Lai province (Bình Định province before 1 July 2025): health, education, tourism, agriculture, industry and trade, investment, digital transformation.',
  },
  publisher: {
    vi: 'Ủy ban nhân dân tỉnh Gia Lai',
    en: "People's Committee of Gia Lai province",
  },
  service: {
    vi: 'API của Kho: REST, GraphQL, CKAN',
    en: 'Kho API: REST, GraphQL, CKAN',
  },
};
