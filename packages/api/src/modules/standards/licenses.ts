export interface LicenseInfo {
  /** The identifier as the dataset states it (SPDX for the known ones). */
  id: string;
  title: string;
  url: string | null;
  /** The EU licence vocabulary IRI (DCAT-AP). */
  euIri: string | null;
  /** CKAN's license_id from its default licence list. */
  ckanId: string;
  /** Conformant with the Open Definition. */
  open: boolean;
}

const EU = 'http://publications.europa.eu/resource/authority/licence';

const KNOWN: Omit<LicenseInfo, 'id'>[] = [
  {
    title: 'Creative Commons Attribution 4.0 International',
    url: 'https://creativecommons.org/licenses/by/4.0/',
    euIri: `${EU}/CC_BY_4_0`,
    ckanId: 'cc-by',
    open: true,
  },
  {
    title: 'Creative Commons Attribution-ShareAlike 4.0 International',
    url: 'https://creativecommons.org/licenses/by-sa/4.0/',
    euIri: `${EU}/CC_BYSA_4_0`,
    ckanId: 'cc-by-sa',
    open: true,
  },
  {
    title: 'Creative Commons CC0 1.0 Universal',
    url: 'https://creativecommons.org/publicdomain/zero/1.0/',
    euIri: `${EU}/CC0`,
    ckanId: 'cc-zero',
    open: true,
  },
  {
    title: 'Open Data Commons Open Database License 1.0',
    url: 'https://opendatacommons.org/licenses/odbl/1-0/',
    euIri: `${EU}/ODC_BL`,
    ckanId: 'odc-odbl',
    open: true,
  },
  {
    title: 'Open Data Commons Attribution License 1.0',
    url: 'https://opendatacommons.org/licenses/by/1-0/',
    euIri: `${EU}/ODC_BY`,
    ckanId: 'odc-by',
    open: true,
  },
  {
    title: 'Open Data Commons Public Domain Dedication and License 1.0',
    url: 'https://opendatacommons.org/licenses/pddl/1-0/',
    euIri: `${EU}/ODC_PDDL`,
    ckanId: 'odc-pddl',
    open: true,
  },
  {
    title: 'Creative Commons Attribution-NonCommercial 4.0 International',
    url: 'https://creativecommons.org/licenses/by-nc/4.0/',
    euIri: `${EU}/CC_BYNC_4_0`,
    ckanId: 'cc-nc',
    open: false,
  },
];

const BY_ID: Record<string, Omit<LicenseInfo, 'id'>> = {
  'cc-by-4.0': KNOWN[0]!,
  'cc-by': KNOWN[0]!,
  'cc-by-sa-4.0': KNOWN[1]!,
  'cc-by-sa': KNOWN[1]!,
  'cc0-1.0': KNOWN[2]!,
  'cc-zero': KNOWN[2]!,
  'odbl-1.0': KNOWN[3]!,
  'odc-odbl': KNOWN[3]!,
  'odc-by-1.0': KNOWN[4]!,
  'odc-by': KNOWN[4]!,
  'pddl-1.0': KNOWN[5]!,
  'odc-pddl': KNOWN[5]!,
  'cc-by-nc-4.0': KNOWN[6]!,
  'cc-nc': KNOWN[6]!,
};

/** What a dataset's licence string means for DCAT, CKAN and Frictionless. Unknown ones keep their text. */
export function licenseInfo(license: string): LicenseInfo {
  const known = BY_ID[license.trim().toLowerCase()];
  if (known) return { id: license, ...known };
  return { id: license, title: license, url: null, euIri: null, ckanId: license, open: false };
}
